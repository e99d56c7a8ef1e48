"""Value semantics: what a seed value or a version value means, whatever key holds it."""

from __future__ import annotations

import pytest

from lineage_lint.tree import OpaqueNode, ScalarNode, Span
from lineage_lint.values import Resolved, classify_seed, classify_version, split_inline_revision

AT = Span.point(1)


def seed_status(value: object) -> str:
    return classify_seed(Resolved(ScalarNode(value, AT)))[0]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (42, "declared"), (0, "declared"), ("1234", "declared"), (7.0, "declared"),
        (None, "random"), (True, "random"), (False, "random"), (-1, "random"), ("-1", "random"),
        ("randomized", "random"), ("None", "random"), ("random", "random"), ("", "random"), (0.5, "random"),
        ("???", "missing"),
        ("$SEED", "env"), ("${SEED:-42}", "env"),
        ("{{ seed }}", "unresolved"), ("${oc.select:foo}", "unresolved"),
    ],
)
def test_seed_values(value: object, status: str) -> None:
    assert seed_status(value) == status


def test_environment_and_unresolved_references() -> None:
    assert classify_seed(Resolved(None, env="SEED"))[0] == "env"
    assert classify_seed(Resolved(None, unresolved="${x.y}"))[0] == "unresolved"
    assert classify_seed(Resolved(OpaqueNode("int(os.environ['SEED'])", AT)))[0] == "env"
    assert classify_seed(Resolved(OpaqueNode("random.randint(0, 9)", AT)))[0] == "unresolved"


@pytest.mark.parametrize(
    ("value", "pin"),
    [
        ("dce01c9b08f87459cf36a430d809084718273017", "strong"),
        ("sha256:" + "ab" * 32, "strong"),
        ("md5:" + "c" * 32, "strong"),
        ("v1.2.0", "weak"), ("2024.06", "weak"), ("2023-01-01", "weak"), (3, "weak"), ("release-7", "weak"),
        ("latest", "floating"), ("main", "floating"), ("master", "floating"), ("HEAD", "floating"),
        ("*", "floating"), (">=2.0", "floating"), ("^1.2", "floating"), ("~1.2", "floating"), ("1.x", "floating"),
        ("1.0 - 2.0", "floating"),
        (None, "none"), ("", "none"), ("???", "none"), ("${oc.env:DATA_VERSION}", "none"),
    ],
)
def test_version_values(value: object, pin: str) -> None:
    assert classify_version(value) == pin  # type: ignore[arg-type]


def test_hex_digest_needs_a_digest_key_unless_it_is_a_full_commit_or_sha256() -> None:
    assert classify_version("d41d8cd98f00b204e9800998ecf8427e", digest=True) == "strong"
    assert classify_version("d41d8cd98f00b204e9800998ecf8427e") == "weak"


@pytest.mark.parametrize(
    ("ref", "split"),
    [
        ("acme/reviews@v2", ("acme/reviews", "v2")),
        ("hf://datasets/acme/reviews@" + "a" * 40, ("hf://datasets/acme/reviews", "a" * 40)),
        ("s3://bucket/key.parquet?versionId=3HL4kq", ("s3://bucket/key.parquet?versionId=3HL4kq", "3HL4kq")),
        ("acme-reviews:v3", ("acme-reviews", "v3")),
        ("git@github.com:acme/data", ("git@github.com:acme/data", None)),
        ("/data/imagenet", ("/data/imagenet", None)),
        ("https://example.com/data.zip", ("https://example.com/data.zip", None)),
    ],
)
def test_inline_revisions(ref: str, split: tuple[str, str | None]) -> None:
    assert split_inline_revision(ref) == split
