"""What each branch of the seed reading and of the version grammar says (values.py): the status or pin *and* the
words a note quotes, the exact parts of a reference a version is cut from, and the boundaries of the digest rules.

tests/test_values.py walks the tables (every moving word, pattern and digest algorithm); this file pins what
each branch answers, so a changed word, a lost branch or a shifted boundary is seen."""

from __future__ import annotations

import hashlib

import pytest

from lineage_lint.tree import MapNode, OpaqueNode, ScalarNode, SeqNode, Span
from lineage_lint.values import (
    _RANDOM_WORDS,
    GENERIC_DIGEST_MIN,
    PLACEHOLDER_MIN,
    QUERY_VERSIONS,
    SEGMENT_VERSIONS,
    SHORT_HASH_MIN,
    InReference,
    Judgement,
    Resolved,
    classify_seed,
    classify_version,
    digest_algorithm,
    has_template,
    interpolation_target,
    is_placeholder,
    is_reference_placeholder,
    judge_digest,
    judge_version,
    name_edition,
    show_value,
    version_in_reference,
)

AT = Span.point(1)
HEX = hashlib.sha512(b"judgements").hexdigest() * 2
RANDOM = "means a fresh random seed on every run"


def seed(value: object) -> tuple[str, str]:
    return classify_seed(Resolved(ScalarNode(value, AT)))  # type: ignore[arg-type]


# --- seeds ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (42, ("declared", "")), (0, ("declared", "")), (7.0, ("declared", "")),
    ("42", ("declared", "")), ("+7", ("declared", "")), ("00", ("declared", "")),
    (None, ("random", f"null {RANDOM}")), (True, ("random", f"true {RANDOM}")),
    (False, ("random", f"false {RANDOM}")),
    (-1, ("random", f"-1 {RANDOM}")), (-1.0, ("random", f"-1 {RANDOM}")),
    ("-1", ("random", f"-1 {RANDOM}")), ("-001", ("random", f"-1 {RANDOM}")), ("-10", ("declared", "")),
    (0.5, ("random", "0.5 is not an integer seed")),
    ("???", ("missing", "??? means the value must be supplied at run time")),
    (" ??? ", ("missing", "??? means the value must be supplied at run time")),
    ("$SEED", ("env", "read from the environment: $SEED")),
    ("${SEED:-42}", ("env", "read from the environment: ${SEED:-42}")),
    ("{{ seed }}", ("unresolved", "{{ seed }} is a template placeholder")),
    ("{% if x %}1{% endif %}", ("unresolved", "{% if x %}1{% endif %} is a template placeholder")),
    ("${a.b}-1", ("unresolved", "${a.b}-1 is a template placeholder")),
    ("Randomized", ("random", f"'Randomized' {RANDOM}")),
    ("forty-two", ("random", "'forty-two' is not an integer seed")),
])
def test_what_a_seed_value_means_and_the_note_that_says_why(value: object, expected: tuple[str, str]) -> None:
    assert seed(value) == expected


@pytest.mark.parametrize("word", sorted(_RANDOM_WORDS))
def test_each_word_for_a_fresh_seed_is_random_in_any_case(word: str) -> None:
    for text in (word, word.upper(), f" {word.title()} "):
        assert seed(text) == ("random", f"'{text.strip()}' {RANDOM}"), text


@pytest.mark.parametrize("node", [MapNode([], AT), SeqNode([], AT)], ids=["mapping", "list"])
def test_a_seed_that_holds_a_structure_is_unresolved(node: MapNode | SeqNode) -> None:
    assert classify_seed(Resolved(node)) == ("unresolved", "the seed key holds a structure, not a value")


@pytest.mark.parametrize(("resolved", "expected"), [
    (Resolved(None, env="SEED"), ("env", "read from the environment variable SEED")),
    (Resolved(None, unresolved="${x.y}"), ("unresolved", "${x.y} could not be followed within this file")),
    (Resolved(OpaqueNode("int(os.environ['SEED'])", AT)),
     ("env", "computed from the environment: int(os.environ['SEED'])")),
    (Resolved(OpaqueNode("random.randint(0, 9)", AT)), ("random", "drawn afresh on every run: random.randint(0, 9)")),
    (Resolved(OpaqueNode("compute_seed()", AT)), ("unresolved", "computed by an expression: compute_seed()")),
])
def test_the_note_of_a_seed_read_from_elsewhere(resolved: Resolved, expected: tuple[str, str]) -> None:
    assert classify_seed(resolved) == expected


@pytest.mark.parametrize(("value", "shown"), [
    (None, "null"), (True, "true"), (False, "false"), (42, "42"), (0.5, "0.5"), ("x", "'x'"), ("", "''"),
])
def test_how_messages_quote_a_value(value: object, shown: str) -> None:
    assert show_value(value) == shown


@pytest.mark.parametrize(("text", "expected"), [
    ("{{ seed }}", True), ("{% if x %}", True), ("a\n{{ b }}\nc", True),
    ("{{ a }} {{", True),  # the first opening is closed
    ("{{ a\n}}", False),  # an opening on one line closed on another is no template expression
    ("{% a\n%}", False), ("}} {{", False), ("{{", False), ("plain", False),
])
def test_a_template_expression_is_found_line_by_line(text: str, expected: bool) -> None:
    assert has_template(text) is expected


@pytest.mark.parametrize(("value", "expected"), [
    (None, True), (True, True), (False, True), (0, False), (3, False), (1.5, False),
    ("", True), ("  ", True), ("???", True), ("<your-bucket>", True), ("{{ x }}", True), ("${a.b}", True),
    ("v1", False),
])
def test_what_stands_for_fill_this_in(value: object, expected: bool) -> None:
    assert is_placeholder(value) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "expected"), [
    (None, True), (True, True), (3, False), ("", True), ("???", True), ("<bucket>", True), ("${paths.data}", True),
    ("{{ data_path }}", True), ("{% data %}", True),
    # a location whose root is filled in is still a reference
    ("${paths.data_dir}/mnist", False), ("/dbfs/{{ pkg }}/iris.csv", False), ("s3://b/x.csv", False),
])
def test_what_stands_for_fill_this_in_as_a_dataset_reference(value: object, expected: bool) -> None:
    assert is_reference_placeholder(value) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "expected"), [
    ("${a.b}", "a.b"), (" ${ a.b } ", "a.b"), ("${oc.env:SEED,1}", "oc.env:SEED,1"), ("${}", ""),
    ("x${a}", None), ("${a}/x", None), ("${a${b}}", None), ("$a", None), (3, None), (None, None),
])
def test_a_whole_value_interpolation_and_its_target(value: object, expected: str | None) -> None:
    assert interpolation_target(value) == expected  # type: ignore[arg-type]


# --- versions: what each branch of the grammar answers -------------------------------------------------


PLACEHOLDER_COMMIT = "a placeholder, not a commit: a commit id never repeats a short pattern"


@pytest.mark.parametrize(("value", "expected"), [
    (None, Judgement("none")), (True, Judgement("none")),
    (3, Judgement("weak", "a version number")), (1.5, Judgement("weak", "a version number")),
    ("???", Judgement("none", "a placeholder")), ("", Judgement("none", "a placeholder")),
    ("0" * 40, Judgement("none", PLACEHOLDER_COMMIT)),
    ("deadbeefdeadbeef", Judgement("none", PLACEHOLDER_COMMIT)),  # exactly PLACEHOLDER_MIN digits
    (HEX[:40], Judgement("strong", "a full commit")), (HEX[:64], Judgement("strong", "a full commit")),
    (HEX[:40] + "~2", Judgement("weak", "an ancestor of a fixed commit")),
    (HEX[:40] + "^", Judgement("weak", "an ancestor of a fixed commit")),
    ("4f5c8a2~1", Judgement("floating", "a ref relative to another, which moves with it")),  # abbreviated base
    ("x" * 40 + "~1", Judgement("floating", "a ref relative to another, which moves with it")),
    ("1.0", Judgement("weak", "an explicit version or tag")),
    ("v1-latest", Judgement("floating", "a moving target (`latest`: the newest release, whatever it is today)")),
    ("Latest", Judgement("floating", "the newest release, whatever it is today")),
])
def test_what_a_version_value_means(value: object, expected: Judgement) -> None:
    assert judge_version(value) == expected  # type: ignore[arg-type]


def test_a_repeated_pattern_is_a_placeholder_up_to_a_period_of_16() -> None:
    period16, period17 = HEX[:16], HEX[:17]
    assert judge_version(period16 * 2).pin == "none"
    assert judge_version(period17 * 2).pin == "weak"  # 34 hex digits: at most an abbreviated commit
    assert judge_digest(period17 * 2) == Judgement("strong", "a content digest")
    assert judge_version("aB" * 8).pin == "none"  # whatever the case
    assert judge_version(("ab" * 8)[:PLACEHOLDER_MIN - 1]).pin == "weak"  # repeated, but shorter than PLACEHOLDER_MIN


PLACEHOLDER_DIGEST = ("a placeholder, not a digest: a hash of real content never repeats a short pattern (`000...`, "
                      "`deadbeef...`)")


@pytest.mark.parametrize(("value", "algorithm", "computed", "expected"), [
    (None, None, False, Judgement("none")), (False, "md5", False, Judgement("none")),
    ("???", None, False, Judgement("none", "a placeholder")), ("", "md5", False, Judgement("none", "a placeholder")),
    (HEX[:64], "sha256", False, Judgement("strong", "a digest (sha256)")),
    (f"sha256:{HEX[:64]}", None, False, Judgement("strong", "a digest (sha256)")),
    (HEX[:63], "sha256", False, Judgement("none", "not a sha256 digest: sha256 has 64 hex digits, this 63")),
    ("deadbeefdeadbeef", "xxh64", False, Judgement("none", PLACEHOLDER_DIGEST)),  # exactly PLACEHOLDER_MIN digits
    ("0" * 32, None, False, Judgement("none", PLACEHOLDER_DIGEST)),
    (HEX[:GENERIC_DIGEST_MIN], None, False, Judgement("strong", "a content digest")),
    (HEX[:GENERIC_DIGEST_MIN - 1], None, False,
     Judgement("none", f"too short for a content digest (31 hex digits, at least {GENERIC_DIGEST_MIN})")),
    (HEX[:SHORT_HASH_MIN], None, True, Judgement("weak", "a short content hash")),
    (HEX[:SHORT_HASH_MIN - 1], None, True,
     Judgement("none", f"too short for a content digest (6 hex digits, at least {GENERIC_DIGEST_MIN})")),
    ("not-hex", None, False, Judgement("none", "not a digest (digests are hexadecimal)")),
    ("latest", "sha256", False, Judgement("floating", "the newest release, whatever it is today")),
    # an S3 multipart ETag, `<md5>-<parts>`, under a key naming no algorithm or `etag`; not under `md5`
    (HEX[:32] + "-12", None, False, Judgement("strong", "a content digest")),
    (HEX[:32] + "-12", "etag", False, Judgement("strong", "a digest (etag)")),
    (HEX[:32] + "-12", "md5", False, Judgement("none", "not a digest (digests are hexadecimal)")),
])
def test_what_a_digest_value_means(value: object, algorithm: str | None, computed: bool, expected: Judgement) -> None:
    assert judge_digest(value, algorithm, computed=computed) == expected  # type: ignore[arg-type]


def test_a_base64_digest_names_its_algorithm() -> None:
    import base64

    body = base64.b64encode(hashlib.sha384(b"data").digest()).decode()
    assert judge_digest(f"sha384-{body}") == Judgement("strong", "a digest (sha384)")
    assert judge_digest(f"sha384-{body[:-4]}").pin == "none"


def test_a_computed_digest_is_judged_as_a_digest_not_as_a_version() -> None:
    assert classify_version("v1.0", digest=True) == "none"
    assert classify_version("v1.0") == "weak"


@pytest.mark.parametrize(("key", "expected"), [
    ("sha256", "sha256"), ("dataset_md5", "md5"), ("md5_of_sha1", "sha1"), ("ETag", "etag"),
    ("dataset_path", None), ("shasum", None), ("", None),
])
def test_the_algorithm_a_key_names(key: str, expected: str | None) -> None:
    assert digest_algorithm(key) == expected


# --- versions inside references: the reference cut and what the version means --------------------------


def found(ref: str) -> InReference:
    result = version_in_reference(ref)
    assert result is not None, ref
    return result


GENERATION = QUERY_VERSIONS["generation"].meaning
EPOCH = Judgement("weak", "a point-in-time snapshot (epoch ms)")
RELATIVE = Judgement("floating", "a snapshot decorator relative to now")


@pytest.mark.parametrize(("ref", "expected"), [
    ("bq://p.d.t@1700000000000",
     InReference("bq://p.d.t", "1700000000000", "uri-version", EPOCH)),
    ("bigquery://p.d.t@1700000000000",
     InReference("bigquery://p.d.t", "1700000000000", "uri-version",
                 EPOCH)),
    ("bq://p.d.t@v2", InReference("bq://p.d.t", "v2", "uri-version", Judgement("weak", "an explicit version or tag"))),
    ("bq://p.d.t@-3600000",
     InReference("bq://p.d.t", "-3600000", "uri-version", RELATIVE)),
    ("bq://p.d.t@1700000000000-",
     InReference("bq://p.d.t", "1700000000000-", "uri-version",
                 RELATIVE)),
    # the decorator is what follows the last `@`; the table is everything between the first `://` and it
    ("bq://p.d.t@x@1700000000000",
     InReference("bq://p.d.t@x", "1700000000000", "uri-version", EPOCH)),
    ("bq://p.d://t@1700000000000",
     InReference("bq://p.d://t", "1700000000000", "uri-version", EPOCH)),
    ("gs://b/x.parquet#1700000000000000",
     InReference("gs://b/x.parquet#1700000000000000", "1700000000000000", "uri-version",
                 Judgement("strong", GENERATION))),
    ("gcs://b/x.parquet#1700000000000000",
     InReference("gcs://b/x.parquet#1700000000000000", "1700000000000000", "uri-version",
                 Judgement("strong", GENERATION))),
    # a generation is the object's creation time in microseconds: 17 is none (it pins nothing)
    ("gcs://b/x.parquet#17", InReference("gcs://b/x.parquet#17", "17", "uri-version",
                                         Judgement("none", "not a GCS generation (the object's creation time in "
                                                           "microseconds)"))),
    ("lakefs://repo/main",
     InReference("lakefs://repo/main", "main", "uri-version", Judgement("floating", "a branch"))),
])
def test_a_version_in_a_uri(ref: str, expected: InReference) -> None:
    assert found(ref) == expected


@pytest.mark.parametrize("ref", ["lakefs://repo", "lakefs://repo/", "s3://b/@v1/x", "s3://b/k@/x", "bq://p.d.t"])
def test_a_uri_whose_version_part_is_empty_carries_none(ref: str) -> None:
    assert version_in_reference(ref) is None


@pytest.mark.parametrize(("ref", "bare", "version"), [
    # a revision in the last segment: the query goes with it
    ("s3://b/data@v1?region=x", "s3://b/data", "v1"),
    ("s3://b/data@v1?region=x?y", "s3://b/data", "v1"),
    # a revision in a middle segment: the path and query after it stay
    ("s3://b/data@v1/train.csv?region=x", "s3://b/data/train.csv?region=x", "v1"),
    # two `@` in a segment: the revision follows the first
    ("s3://b/k@v1@v2/x", "s3://b/k/x", "v1@v2"),
    # the revision is cut once
    ("gs://b/d@v2/copy@v2.csv", "gs://b/d/copy@v2.csv", "v2"),
    # a git ref spans its segments, up to the last
    ("s3://b/k@heads/main", "s3://b/k", "heads/main"),
    ("s3://b/k@refs/heads?x=1", "s3://b/k", "refs/heads"),
])
def test_the_reference_a_revision_is_cut_from(ref: str, bare: str, version: str) -> None:
    result = found(ref)
    assert (result.ref, result.version, result.evidence, result.in_path) == (bare, version, "inline-revision", False)


@pytest.mark.parametrize(("ref", "segment", "expected"), [
    ("s3://b/latest/x.csv", "latest",
     Judgement("floating", "a path segment that moves (the newest release, whatever it is today)")),
    ("data/v3", "v3", Judgement("weak", "a version folder")),
    ("s3://b/data/v3/train.csv", "v3", Judgement("weak", "a version folder")),
    ("s3://b/data/2024-05-01/train.csv", "2024-05-01", Judgement("weak", "a dated partition")),
    ("s3://b/data/dt=2024-05-01/", "dt=2024-05-01", Judgement("weak", "a partition")),
    ("s3://b/data/version=latest/", "version=latest", Judgement("floating", "a partition")),
    # the first version folder counts, but a moving folder anywhere after it floats
    ("s3://b/v3/train/latest/x.csv", "latest",
     Judgement("floating", "a path segment that moves (the newest release, whatever it is today)")),
    ("s3://b/v3/2024-05-01/x.csv", "v3", Judgement("weak", "a version folder")),
])
def test_a_version_in_a_path_segment(ref: str, segment: str, expected: Judgement) -> None:
    assert found(ref) == InReference(ref, segment, "uri-version", expected, in_path=True)


def test_each_segment_sign_names_what_it_found() -> None:
    for sign in SEGMENT_VERSIONS:
        ref = f"/data/{sign.matches[0]}/x.csv"
        assert found(ref).judgement.meaning == sign.meaning, sign.name


@pytest.mark.parametrize("ref", ["v3", "latest", "/", ""])
def test_a_single_segment_is_no_version_folder(ref: str) -> None:
    result = version_in_reference(ref)
    assert result is None or result.in_path is False


@pytest.mark.parametrize(("text", "expected"), [
    ("Argoverse-1.1.json", "1.1"),  # the file extension is not part of the name
    ("model.v2", None),  # `.v2` is an extension here, not a release
    ("lvis_v1", "v1"),
    ("s3://b/data/Argoverse-1.1/train", "1.1"),
    ("/data/train-v1.1.zip", "v1.1"),
    ("https://mirror-2.1/datasets/coco", None),  # a host is not a folder
    ("s3://b/coco/x.csv?edition=train-1.1", None),  # nor is a query
    ("data/#2/Argoverse-1.1", "1.1"),  # a local path is split as a path, `#` and all
])
def test_a_release_named_in_a_name_or_a_path(text: str, expected: str | None) -> None:
    assert name_edition(text) == expected


@pytest.mark.parametrize(("ref", "bare", "version"), [
    ("org/data@v1", "org/data", "v1"),
    ("org/data@v1/train.json", "org/data/train.json", "v1"),
    ("org/data@v1/sub/train.json", "org/data/sub/train.json", "v1"),  # the revision is the first segment
    ("org/data@refs/heads/main", "org/data", "refs/heads/main"),  # a ref namespace spans its segments
])
def test_an_inline_revision_and_the_path_after_it(ref: str, bare: str, version: str) -> None:
    result = found(ref)
    assert (result.ref, result.version, result.evidence, result.in_path) == (bare, version, "inline-revision", False)
