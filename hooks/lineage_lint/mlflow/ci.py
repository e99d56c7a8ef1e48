"""Who and what is running: the CI provider, the trigger and the job URL, from the environment.

Read by ``log_lineage`` (the run's CI context) and by ``promote``/``register`` (the audit tags' actor).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class CIEnvironment:
    provider: str | None
    triggered_by: str | None
    job_url: str | None


def detect(env: Mapping[str, str] | None = None) -> CIEnvironment:
    """The CI job this process runs in (all None outside CI)."""
    env = os.environ if env is None else env
    if env.get("GITHUB_ACTIONS") == "true":
        server = env.get("GITHUB_SERVER_URL", "https://github.com")
        url = None
        if env.get("GITHUB_REPOSITORY") and env.get("GITHUB_RUN_ID"):
            url = f"{server}/{env['GITHUB_REPOSITORY']}/actions/runs/{env['GITHUB_RUN_ID']}"
            if env.get("GITHUB_RUN_ATTEMPT"):
                url += f"/attempts/{env['GITHUB_RUN_ATTEMPT']}"
        return CIEnvironment("github-actions", _trigger(env.get("GITHUB_ACTOR"), env.get("GITHUB_EVENT_NAME")), url)
    if env.get("GITLAB_CI") == "true":
        return CIEnvironment("gitlab-ci", _trigger(env.get("GITLAB_USER_LOGIN"), env.get("CI_PIPELINE_SOURCE")),
                             env.get("CI_JOB_URL"))
    if env.get("BUILDKITE") == "true":
        return CIEnvironment("buildkite", _trigger(env.get("BUILDKITE_BUILD_CREATOR"), env.get("BUILDKITE_SOURCE")),
                             env.get("BUILDKITE_BUILD_URL"))
    if env.get("CIRCLECI") == "true":
        return CIEnvironment("circleci", env.get("CIRCLE_USERNAME") or None, env.get("CIRCLE_BUILD_URL"))
    if env.get("JENKINS_URL"):
        return CIEnvironment("jenkins", env.get("BUILD_USER_ID") or env.get("BUILD_USER") or "jenkins",
                             env.get("BUILD_URL"))
    return CIEnvironment(None, None, None)


def _trigger(actor: str | None, event: str | None) -> str | None:
    if actor and event:
        return f"{actor} ({event})"
    return actor or event or None


def actor(env: Mapping[str, str] | None = None) -> str:
    """Who is acting: the CI trigger, else the local user name."""
    ci = detect(env)
    if ci.triggered_by:
        return f"{ci.triggered_by} via {ci.provider}"
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown"
