"""Where and how to ask: the tracking URI and the environment MLflow's Python client honours, read the way it
(requests underneath it) reads them, so one environment serves both clients.

Credentials, first found wins, as requests applies them: a ``~/.netrc`` entry for the host (``NETRC`` names
another file); the tracking URI's ``user:password@``; ``MLFLOW_TRACKING_USERNAME`` and
``MLFLOW_TRACKING_PASSWORD`` (each else from ``~/.mlflow/credentials``) as basic auth; ``MLFLOW_TRACKING_TOKEN``
as a bearer token. TLS: ``MLFLOW_TRACKING_INSECURE_TLS`` turns verification off;
``MLFLOW_TRACKING_SERVER_CERT_PATH`` (else ``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``) is the CA bundle, else
certifi's when installed (as requests), else the system's; ``MLFLOW_TRACKING_CLIENT_CERT_PATH`` is the client
certificate (PEM, with its key). ``HTTP(S)_PROXY``/``ALL_PROXY``/``NO_PROXY`` choose a proxy, and
``MLFLOW_WORKSPACE`` is sent as MLflow sends it. Limits: ``MLFLOW_HTTP_REQUEST_TIMEOUT``,
``MLFLOW_HTTP_REQUEST_MAX_RETRIES``, ``MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR``/``_JITTER`` and
``MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER`` (read by :func:`lineage_lint.mlflow.client.bounded`).
"""

from __future__ import annotations

import base64
import configparser
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from lineage_lint import __version__
from lineage_lint.mlflow.rest.errors import BadSetting

if TYPE_CHECKING:
    import ssl

WORKSPACE_HEADER = "X-MLFLOW-WORKSPACE"
_FLAGS = {"true": True, "1": True, "false": False, "0": False}  # what MLflow accepts for a boolean variable


@dataclass(frozen=True)
class Limits:
    """Per request: ``timeout`` seconds to connect and for each read, ``retries`` more attempts after a failure
    to connect, a time-out or a transient status (408, 429, 500, 502, 503, 504), sleeping
    ``backoff_factor * 2**(n-1)`` (plus up to ``backoff_jitter``) before the n-th retry after the first, or what
    ``Retry-After`` says when ``respect_retry_after``."""

    timeout: float
    retries: int
    backoff_factor: float
    backoff_jitter: float
    respect_retry_after: bool = True


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


@dataclass(frozen=True)
class Proxy:
    origin: Origin
    authorization: str | None


@dataclass
class Endpoint:
    """The server's origin and path prefix, the ``Authorization`` header (None: none), the headers every
    request carries and the TLS context (https)."""

    origin: Origin
    prefix: str
    authorization: str | None
    headers: dict[str, str]
    tls: ssl.SSLContext | None


def flag(name: str, default: bool) -> bool:
    """A boolean variable as MLflow reads it: true/false/1/0 in any case; anything else is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return _FLAGS[raw.strip().lower()]
    except KeyError:
        raise BadSetting(f"{name} must be true, false, 1 or 0, not {raw!r}") from None


def endpoint(uri: str) -> Endpoint:
    """The endpoint ``uri`` (``http(s)://[user:password@]host[:port][/prefix]``) names, with the environment's
    credentials, TLS settings and proxies; :class:`BadSetting` when they cannot be used."""
    env = os.environ
    try:
        parts = urlsplit(uri.strip())
        port = parts.port
    except ValueError as exc:
        raise BadSetting(f"the tracking URI cannot be read ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise BadSetting("the tracking URI must be http(s)://HOST[:PORT][/PATH]")
    if parts.query or parts.fragment:
        raise BadSetting("the tracking URI has a query or fragment, which MLflow's REST API paths cannot follow "
                         "(credentials belong in MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD)")
    origin = Origin(scheme, parts.hostname, port or (443 if scheme == "https" else 80))
    headers = {"User-Agent": f"lineage-lint/{__version__}", "Accept": "application/json",
               "Accept-Encoding": "gzip"}
    workspace = (env.get("MLFLOW_WORKSPACE") or "").strip()
    if workspace:
        headers[WORKSPACE_HEADER] = workspace
    authorization = _authorization(parts.hostname, parts.username, parts.password)
    if authorization is not None and not _header_safe(authorization):
        raise BadSetting("the credentials contain a line break or another control character")  # never echoed
    if not all(_header_safe(value) for value in headers.values()):
        raise BadSetting("MLFLOW_WORKSPACE contains a line break or another control character")
    return Endpoint(origin, parts.path.rstrip("/"), authorization, headers,
                    tls_context() if scheme == "https" else None)


def _header_safe(value: str) -> bool:
    """Whether ``value`` can be sent as a header value as it is (http.client refuses, and names, the others)."""
    return not any(ord(char) < 32 or ord(char) == 127 for char in value)


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _authorization(host: str, url_user: str | None, url_password: str | None) -> str | None:
    env = os.environ
    from_netrc = _netrc(host)
    if from_netrc is not None:
        return basic(*from_netrc)
    if url_user or url_password:
        return basic(unquote(url_user or ""), unquote(url_password or ""))
    file_user, file_password = _credentials_file()
    user = env.get("MLFLOW_TRACKING_USERNAME") or file_user
    password = env.get("MLFLOW_TRACKING_PASSWORD") or file_password
    if user and password:
        return basic(user, password)
    token = env.get("MLFLOW_TRACKING_TOKEN")
    return f"Bearer {token}" if token else None


def _netrc(host: str) -> tuple[str, str] | None:
    """requests' reading of netrc: ``NETRC``, else ``~/.netrc`` or ``~/_netrc``; a file that cannot be read or
    parsed is passed over."""
    given = os.environ.get("NETRC")
    candidates = [given] if given is not None else ["~/.netrc", "~/_netrc"]
    path = next((os.path.expanduser(c) for c in candidates if os.path.exists(os.path.expanduser(c))), None)
    if path is None:
        return None
    import netrc

    try:
        found = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError):
        return None
    if not found or not any(found):
        return None
    login = found[0] or found[1]
    return login or "", found[2] or ""


def _credentials_file() -> tuple[str | None, str | None]:
    """``[mlflow]`` of ``~/.mlflow/credentials``: what MLflow's client reads when the variables are unset."""
    path = os.path.expanduser("~/.mlflow/credentials")
    if not os.path.exists(path):
        return None, None
    parser = configparser.ConfigParser()
    try:
        parser.read(path)
    except (configparser.Error, OSError, UnicodeDecodeError) as exc:
        raise BadSetting(f"~/.mlflow/credentials cannot be read ({type(exc).__name__})") from None
    if "mlflow" not in parser:
        return None, None
    section = parser["mlflow"]
    return section.get("mlflow_tracking_username"), section.get("mlflow_tracking_password")


def tls_context() -> ssl.SSLContext:
    """The TLS context the environment asks for (see the module's docstring)."""
    import ssl

    env = os.environ
    insecure = flag("MLFLOW_TRACKING_INSECURE_TLS", False)
    server_cert = env.get("MLFLOW_TRACKING_SERVER_CERT_PATH") or None
    if insecure and server_cert:
        raise BadSetting("MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH are both set; set "
                         "only one of them")
    if insecure:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    else:
        name = next((n for n in ("MLFLOW_TRACKING_SERVER_CERT_PATH", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
                     if env.get(n)), "")
        bundle = env[name] if name else _default_bundle()
        try:
            if bundle is None:
                context = ssl.create_default_context()
            elif os.path.isdir(bundle):
                context = ssl.create_default_context(capath=bundle)
            else:
                context = ssl.create_default_context(cafile=bundle)
        except (OSError, ssl.SSLError) as exc:
            raise BadSetting(f"{name or 'the CA bundle'} {bundle}: cannot be read as PEM certificates "
                             f"({_why(exc)})") from None
    client_cert = env.get("MLFLOW_TRACKING_CLIENT_CERT_PATH")
    if client_cert:
        try:
            context.load_cert_chain(client_cert)
        except (OSError, ssl.SSLError) as exc:
            raise BadSetting(f"MLFLOW_TRACKING_CLIENT_CERT_PATH {client_cert}: cannot be read as a PEM certificate "
                             f"with its key ({_why(exc)})") from None
    return context


def _default_bundle() -> str | None:
    """certifi's bundle, as requests uses, when certifi is installed; else None (the system's)."""
    try:
        import certifi
    except ImportError:
        return None
    where: str = certifi.where()
    return where


def _why(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc)


def proxy(origin: Origin) -> Proxy | None:
    """The proxy for ``origin``: ``<scheme>_proxy`` else ``all_proxy`` (lower case first, as urllib and requests
    read them), unless ``no_proxy`` names the host (a name and its subdomains, ``host:port``, an address
    range for an IP address, or ``*``); None when there is none."""
    found = _proxy_variables()
    if not found or _bypassed(origin, found.get("no", "")):
        return None
    url = found.get(origin.scheme) or found.get("all")
    if not url:
        return None
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BadSetting(f"the {origin.scheme} proxy cannot be read ({exc})") from None
    if parts.scheme.lower() != "http" or not parts.hostname:
        raise BadSetting(f"the {origin.scheme} proxy must be http://HOST:PORT (set LINEAGE_LINT_MLFLOW_CLIENT=mlflow "
                         "for other proxies)")
    authorization = basic(unquote(parts.username or ""), unquote(parts.password or "")) \
        if parts.username or parts.password else None
    if authorization is not None and not _header_safe(authorization):
        raise BadSetting(f"the {origin.scheme} proxy's credentials contain a line break or another control character")
    return Proxy(Origin("http", parts.hostname, port or 80), authorization)


def _proxy_variables() -> dict[str, str]:
    """``{scheme: url, "no": hosts}`` from the ``*_PROXY``/``*_proxy`` variables; lower case wins, and
    ``HTTP_PROXY`` is ignored under CGI (``REQUEST_METHOD`` set), as urllib does."""
    found: dict[str, str] = {}
    for lower in (False, True):
        for key, value in os.environ.items():
            name = key.lower()
            if not name.endswith("_proxy") or (key == name) != lower:
                continue
            if key == "HTTP_PROXY" and "REQUEST_METHOD" in os.environ:
                continue
            if value:
                found[name[: -len("_proxy")]] = value
            elif lower:
                found.pop(name[: -len("_proxy")], None)
    return found


def _bypassed(origin: Origin, no_proxy: str) -> bool:
    host = origin.host.lower()
    for item in no_proxy.split(","):
        if item.strip() == "*":
            return True
        entry = item.strip().lower().lstrip(".")
        if not entry:
            continue
        if host == entry or host.endswith("." + entry) or f"{host}:{origin.port}" == entry:
            return True
        if "/" in entry and _in_network(host, entry):
            return True
    return False


def _in_network(host: str, network: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False
