"""Value semantics: what a seed value or a version value means, whatever key holds it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from lineage_lint.record import EVIDENCE_KINDS
from lineage_lint.schema_files import load_schema
from lineage_lint.tree import OpaqueNode, ScalarNode, Span
from lineage_lint.values import (
    APPLICATION_TAG,
    DELTA_VERSION,
    DIGEST_LENGTHS,
    FLOATING_SIGNS,
    GCS_GENERATION,
    MOVING_WORDS,
    NAME_EDITIONS,
    NO_VERSION,
    QUERY_VERSIONS,
    S3_VERSION_ID,
    SEGMENT_EDITIONS,
    SEGMENT_VERSIONS,
    SHORT_COMMIT,
    TAG_REF,
    Judgement,
    Resolved,
    Sign,
    classify_seed,
    classify_version,
    digest_algorithm,
    is_hub_id,
    judge_digest,
    judge_parameter,
    judge_version,
    name_edition,
    split_inline_revision,
    version_in_reference,
    version_parameter,
)
from support import cli, git_init, show, write

S3_ID = "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"  # an S3 object version id as S3 writes them
# Hex digits with the look of a real hash: a repeated pattern (`000...`, `aaa...`) is a placeholder, no digest.
HEX = hashlib.sha512(b"lineage-lint").hexdigest() * 2

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
    assert classify_seed(Resolved(OpaqueNode("compute_seed()", AT)))[0] == "unresolved"


@pytest.mark.parametrize(("text", "status"), [
    ("random.randint(0, 2**32 - 1)", "random"), ("np.random.randint(1_000_000)", "random"),
    ("int(time.time())", "random"), ("secrets.randbits(32)", "random"), ("torch.seed()", "random"),
    ("np.random.default_rng().integers(9)", "random"),
    # a generator seeded with a value draws the same number every run: computed, not random
    ("np.random.default_rng(7).integers(9)", "unresolved"), ("random.Random(3).randint(0, 9)", "unresolved"),
    ("hash('run-a') % 1000", "unresolved"), ("SEED_BASE * 2", "unresolved"),
])
def test_a_seed_drawn_when_the_config_is_read_is_random(text: str, status: str) -> None:
    assert classify_seed(Resolved(OpaqueNode(text, AT)))[0] == status


COMMIT = "dce01c9b08f87459cf36a430d809084718273017"
ALL_SIGNS: tuple[Sign, ...] = (*FLOATING_SIGNS, TAG_REF, SHORT_COMMIT, NO_VERSION, APPLICATION_TAG, *SEGMENT_VERSIONS,
                               NAME_EDITIONS,
                               SEGMENT_EDITIONS)


def pin(value: object) -> str:
    return judge_version(value).pin  # type: ignore[arg-type]


# --- every word and pattern of the grammar, from the tables the code uses ------------------------------


@pytest.mark.parametrize("word", sorted(MOVING_WORDS))
def test_each_moving_word_floats_alone_and_as_a_token(word: str) -> None:
    for value in (word, word.upper(), f"v1-{word}", f"{word}-v1", f"@{word}", f"{word}/", f"2.{word}"):
        assert pin(value) == "floating", value
    assert f"`{word}`" in judge_version(f"v1-{word}").meaning


@pytest.mark.parametrize("word", sorted(MOVING_WORDS))
def test_a_moving_word_glued_into_a_longer_name_does_not_float(word: str) -> None:
    for value in (f"re{word}", f"{word}2", f"v1-{word}ed"):
        assert pin(value) == "weak", value


@pytest.mark.parametrize("word", sorted(MOVING_WORDS))
def test_each_moving_word_floats_inside_a_reference(word: str) -> None:
    for ref in (f"acme/reviews@{word}", f"acme-reviews:{word}", f"hf://datasets/acme/reviews@{word}/train.parquet",
                f"https://huggingface.co/datasets/acme/reviews/resolve/{word}/train.parquet",
                f"https://huggingface.co/datasets/acme/reviews/resolve/refs%2Fheads%2F{word}/train.parquet",
                f"lakefs://repo/{word}/train/"):
        found = version_in_reference(ref)
        assert found is not None and found.judgement.pin == "floating", ref


@pytest.mark.parametrize("word", sorted(MOVING_WORDS))
def test_a_moving_word_as_a_path_segment_floats_only_when_it_names_a_moving_folder(word: str) -> None:
    for ref in (f"s3://bucket/reviews/{word}/train.parquet", f"/data/reviews/{word}/train.parquet"):
        found = version_in_reference(ref)
        if MOVING_WORDS[word].in_paths:  # /latest/, /current/
            assert found is not None and (found.judgement.pin, found.evidence) == ("floating", "uri-version"), ref
        else:  # /dev/ is a split folder, /main/ a folder name
            assert found is None, ref


@pytest.mark.parametrize("sign", ALL_SIGNS, ids=lambda sign: sign.name)
def test_each_pattern_matches_its_examples_and_misses_its_look_alikes(sign: Sign) -> None:
    for value in sign.matches:
        assert sign.pattern.search(value), value
    for value in sign.misses:
        assert not sign.pattern.search(value), value


@pytest.mark.parametrize("sign", FLOATING_SIGNS, ids=lambda sign: sign.name)
def test_each_floating_pattern_floats_and_its_look_alikes_pin(sign: Sign) -> None:
    for value in sign.matches:
        assert judge_version(value) == Judgement("floating", sign.meaning), value
    for value in sign.misses:
        assert pin(value) == "weak", value


@pytest.mark.parametrize("sign", [NO_VERSION, APPLICATION_TAG], ids=lambda sign: sign.name)
def test_a_value_saying_there_is_no_version_pins_nothing(sign: Sign) -> None:
    for value in sign.matches:
        assert judge_version(value) == Judgement("none", sign.meaning), value
    for value in sign.misses:
        assert pin(value) != "none", value


def test_a_tag_ref_is_judged_as_the_tag() -> None:
    for value in TAG_REF.matches:
        assert judge_version(value) == Judgement("weak", TAG_REF.meaning), value
    assert pin("refs/tags/latest") == "floating"
    assert pin("refs/tags/" + COMMIT) == "strong"


def test_an_abbreviated_commit_is_at_most_weak() -> None:
    for value in SHORT_COMMIT.matches:
        assert judge_version(value).pin == "weak" and judge_version(value).meaning == SHORT_COMMIT.meaning
    for value in SHORT_COMMIT.misses:
        assert judge_version(value).meaning != SHORT_COMMIT.meaning, value


def test_a_relative_ref_from_a_full_commit_is_fixed_but_not_a_commit() -> None:
    assert judge_version(COMMIT + "~1").pin == "weak"
    assert judge_version("HEAD~1").pin == "floating"


@pytest.mark.parametrize(("algorithm", "length"), sorted(DIGEST_LENGTHS.items()))
def test_each_digest_algorithm_needs_its_own_length(algorithm: str, length: int) -> None:
    good, short, long = HEX[:length], HEX[:length - 1], HEX[:length + 2]
    for form in (f"{algorithm}:{good}", f"{algorithm.upper()}:{good}", f"{algorithm}-{good}", f"{algorithm}={good}"):
        assert judge_digest(form).pin == "strong", form
        assert judge_version(form).pin == "strong", form  # a digest given as a version
    assert judge_digest(good, algorithm).pin == "strong"
    assert judge_digest(f"{algorithm}:{short}").pin == "none"
    assert judge_digest(short, algorithm).pin == "none"
    assert judge_digest(long, algorithm).pin == "none"
    assert f"{length} hex digits" in judge_digest(short, algorithm).meaning
    assert judge_digest(f"{algorithm}:not-hex-at-all").pin == "none"
    assert digest_algorithm(algorithm) == algorithm
    assert digest_algorithm(f"dataset_{algorithm}") == algorithm


def test_sri_base64_digests() -> None:
    import base64
    import hashlib

    body = base64.b64encode(hashlib.sha512(b"data").digest()).decode()
    assert judge_digest(f"sha512-{body}").pin == "strong"
    assert judge_digest(f"sha256-{body}").pin == "none"  # 64 bytes is not a sha256


@pytest.mark.parametrize(
    ("value", "algorithm", "expected"),
    [
        ("4f5c8a2b", "sha256", "none"), ("whatever", None, "none"), ("whatever", "sha256", "none"),
        ("4f5c8a2b", None, "none"), ("d41d8cd98f00b204e9800998ecf8427e", None, "strong"),
        ("d41d8cd98f00b204e9800998ecf8427", None, "none"), ("latest", "sha256", "floating"),
        ("d41d8cd98f00b204e9800998ecf8427e.dir", "md5", "strong"),
        ("d41d8cd98f00b204e9800998ecf8427e-12", "etag", "strong"), ("???", None, "none"), (None, None, "none"),
    ],
)
def test_a_digest_must_have_the_form_of_a_real_digest(value: object, algorithm: str | None, expected: str) -> None:
    assert judge_digest(value, algorithm).pin == expected  # type: ignore[arg-type]


def test_a_short_hash_a_tool_computed_is_weak_at_best() -> None:
    assert judge_digest("4f5c8a2b", computed=True).pin == "weak"  # MLflow's own 8-hex digest
    assert judge_digest("4f5c8a2", computed=True).pin == "weak"  # the shortest git abbreviation
    assert judge_digest("4f5c8a", computed=True).pin == "none"
    assert classify_version("4f5c8a2b", digest=True) == "weak"


@pytest.mark.parametrize("key", sorted(QUERY_VERSIONS))
def test_each_version_parameter_of_a_uri(key: str) -> None:
    known = QUERY_VERSIONS[key]
    found = version_in_reference(f"s3://bucket/reviews.parquet?{key}=3HL4kq")
    assert found is not None and found.evidence == known.evidence and found.version == "3HL4kq"
    assert found.judgement.pin == ("weak" if known.shape is not None or known.pin is None else known.pin)
    if known.shape is not None:  # only a value shaped like a real object version has the parameter's meaning
        base = "gs" if known.store is not None and known.store.search("gs://b/o") else "s3"
        for value in known.shape.matches:
            real = version_in_reference(f"{base}://bucket/reviews.parquet?{key}={quote(value, safe='')}")
            assert real is not None and real.judgement == Judgement("strong", known.meaning), (key, value)
    null = version_in_reference(f"s3://bucket/reviews.parquet?{key}=null")  # S3's id of an unversioned object
    assert null is not None and null.judgement.pin == "none"
    if known.pin is None:  # judged by value
        for value, expected in (("main", "floating"), (COMMIT, "strong"), ("v2", "weak")):
            judged = version_in_reference(f"dvc://data/reviews.csv?{key}={value}")
            assert judged is not None and judged.judgement.pin == expected, (key, value)


@pytest.mark.parametrize("sign", SEGMENT_VERSIONS, ids=lambda sign: sign.name)
def test_each_version_segment_of_a_path(sign: Sign) -> None:
    for segment in sign.matches:
        for ref in (f"s3://bucket/reviews/{segment}/train.parquet", f"/data/reviews/{segment}/train.parquet"):
            found = version_in_reference(ref)
            assert found is not None and (found.judgement.pin, found.evidence, found.version) == \
                ("weak", "uri-version", segment), ref
            assert split_inline_revision(ref) == (ref, None)  # part of the location, not a revision of it
    for segment in sign.misses:
        assert version_in_reference(f"s3://bucket/reviews/{segment}/train.parquet") is None, segment


def test_a_moving_partition_value_floats() -> None:
    found = version_in_reference("s3://bucket/reviews/version=latest/train.parquet")
    assert found is not None and found.judgement.pin == "floating"


def test_release_names() -> None:
    for name in NAME_EDITIONS.matches:
        assert name_edition(name) is not None, name
    for name in NAME_EDITIONS.misses:
        assert name_edition(name) is None, name
    for name in SEGMENT_EDITIONS.matches:
        assert name_edition(f"/data/{name}/train") is not None, name
    for name in SEGMENT_EDITIONS.misses:
        assert name_edition(f"/data/{name}/train") is None, name
    assert name_edition("lvis_v1_train") == "v1"
    assert name_edition("coco_2017_train") == "2017"
    assert name_edition("Argoverse-1.1") == "1.1"


@pytest.mark.parametrize(
    "text",
    [
        "HuggingFaceH4/deita-10k-v0-sft",  # a hub id: the hub serves revisions, its name is no pin
        "argilla/magpie-ultra-v0.1",
        "images/train2017",  # a year glued to a split folder
        "data/coco/annotations/instances_train2017.json",
        "wget http://host/voc/v1.0/VOC.tar && tar xf VOC.tar",  # a script names no version
        "from pathlib import Path\nurls = ['http://host/objects365/2020/']",
        "tar xf coco_2017_train.tar",
        "unzip Argoverse-1.1.zip -d data",
    ],
)
def test_what_is_not_a_release_named_in_a_name(text: str) -> None:
    assert name_edition(text) is None
    assert version_in_reference(text) is None or ("\n" not in text and " " not in text)


def test_hub_ids() -> None:
    for text in ("HuggingFaceH4/deita-10k-v0-sft", "hf://datasets/acme/reviews", "tatsu-lab/alpaca"):
        assert is_hub_id(text), text
    for text in ("data/train.json", "/data/imagenet", "./data/x", "coco_2017_train", "a/b/c", "data/coco/"):
        assert not is_hub_id(text), text


# --- the values named in the issues, end to end through the grammar -------------------------------------


@pytest.mark.parametrize(
    "value",
    ["refs/heads/main", "origin/main", "heads/main", "HEAD~1", "main~0", "@latest", "main/", "2.X", "v1-latest",
     "latest-v1", "1.0.0-SNAPSHOT", "refs%2Fheads%2Fmain", "main@{1}", "latest", "main", "master", "HEAD", "*",
     ">=2.0", "^1.2", "~1.2", "1.x", "1.0 - 2.0", "nightly"],
)
def test_floating_refs_are_not_pins(value: str) -> None:
    assert pin(value) == "floating"
    if " " in value:  # a text with spaces is not a reference
        return
    rev = value.removeprefix("@")
    encoded = rev if "%" in rev else quote(rev, safe="")
    for ref in (f"acme/reviews@{rev}", f"https://huggingface.co/datasets/acme/reviews/resolve/{encoded}/x"):
        found = version_in_reference(ref)
        assert found is not None and found.judgement.pin == "floating", ref


# Fixed lists, independent of the tables: a word or algorithm dropped from a table is a change of behaviour
# these notice (the table-driven tests above only prove that what the table holds works).
KNOWN_MOVING = ("latest", "newest", "current", "nightly", "main", "master", "trunk", "dev", "develop",
                "development", "HEAD", "tip", "default", "edge", "next", "canary", "stable", "unstable", "rolling",
                "any", "1.x", "v2-latest", "2024-nightly")
KNOWN_DIGESTS = ("md5:" + HEX[:32], "sha1:" + HEX[:40], "sha256:" + HEX[:64], "sha384:" + HEX[:96],
                 "sha512:" + HEX[:128], "sha224:" + HEX[:56], "blake2b:" + HEX[:128], "blake2s:" + HEX[:64],
                 "blake3:" + HEX[:64], "xxh64:" + HEX[:16], "xxh128:" + HEX[:32], "etag:" + HEX[:32])


@pytest.mark.parametrize("value", KNOWN_MOVING)
def test_known_moving_values_float(value: str) -> None:
    assert pin(value) == "floating"


@pytest.mark.parametrize("value", KNOWN_DIGESTS)
def test_known_digest_forms_pin(value: str) -> None:
    assert judge_digest(value).pin == "strong"
    assert judge_digest(value[:-1]).pin == "none"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "strong"), ("versionId=3HL4kq", "weak"),
     ("generation=1360887759327000", "weak"),  # a GCS generation on an S3 object is no version of it
     ("generation=3", "weak"), ("versionAsOf=12", "strong"),
     ("version_as_of=12", "strong"), ("timestampAsOf=2024-05-01", "weak"), ("timestamp_as_of=2024-05-01", "weak"),
     ("rev=main", "floating"), ("revision=v2", "weak"), ("ref=" + COMMIT, "strong"), ("commit=" + COMMIT, "strong"),
     ("tag=v1", "weak"), ("version=latest", "floating"), ("format=parquet", None)],
)
def test_known_version_parameters(query: str, expected: str | None) -> None:
    found = version_in_reference(f"s3://bucket/reviews.parquet?{query}")
    assert (found.judgement.pin if found else None) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (COMMIT, "strong"), (HEX[:64], "strong"), ("sha256:" + HEX[1:65], "strong"), ("md5:" + HEX[2:34], "strong"),
        ("0" * 40, "none"), ("sha256:" + "0" * 64, "none"), ("deadbeef" * 8, "none"), ("abc1" * 5, "none"),
        ("5e5e5e5e", "weak"),
        ("v1.2.0", "weak"), ("2024.06", "weak"), ("2023-01-01", "weak"), (3, "weak"), (1.5, "weak"),
        ("release-7", "weak"), ("4f5c8a2", "weak"), ("refs/tags/v1.0", "weak"), ("snapshot-2024-05-01", "weak"),
        ("1.0.dev3", "weak"), ("d41d8cd98f00b204e9800998ecf8427e", "weak"), ("sha256:4f5c8a2b", "none"),
        (None, "none"), (True, "none"), ("", "none"), ("???", "none"), ("${oc.env:DATA_VERSION}", "none"),
    ],
)
def test_version_values(value: object, expected: str) -> None:
    assert pin(value) == expected
    assert classify_version(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ref", "split", "pin_", "evidence"),
    [
        ("acme/reviews@v2", ("acme/reviews", "v2"), "weak", "inline-revision"),
        ("hf://datasets/acme/reviews@" + COMMIT, ("hf://datasets/acme/reviews", COMMIT), "strong", "inline-revision"),
        ("hf://datasets/acme/reviews@" + COMMIT + "/data/train.parquet",
         ("hf://datasets/acme/reviews/data/train.parquet", COMMIT), "strong", "inline-revision"),
        ("hf://datasets/acme/reviews@refs%2Fconvert%2Fparquet/x",
         ("hf://datasets/acme/reviews/x", "refs/convert/parquet"), "floating", "inline-revision"),
        ("s3://bucket/key.parquet@" + COMMIT, ("s3://bucket/key.parquet", COMMIT), "strong", "inline-revision"),
        ("gs://bucket/key.parquet@main", ("gs://bucket/key.parquet", "main"), "floating", "inline-revision"),
        (f"s3://bucket/key.parquet?versionId={S3_ID}", (f"s3://bucket/key.parquet?versionId={S3_ID}", S3_ID), "strong",
         "uri-version"),
        ("gs://bucket/key.parquet#1360887759327000", ("gs://bucket/key.parquet#1360887759327000", "1360887759327000"),
         "strong", "uri-version"),
        ("lakefs://repo/" + HEX[:64] + "/train/", ("lakefs://repo/" + HEX[:64] + "/train/", HEX[:64]), "strong",
         "uri-version"),
        ("lakefs://repo/main/train/", ("lakefs://repo/main/train/", "main"), "floating", "uri-version"),
        ("abfss://c@acct.dfs.core.windows.net/events?versionAsOf=12",
         ("abfss://c@acct.dfs.core.windows.net/events?versionAsOf=12", "12"), "strong", "uri-version"),
        ("s3://lake/events?timestampAsOf=2024-05-01", ("s3://lake/events?timestampAsOf=2024-05-01", "2024-05-01"),
         "weak", "uri-version"),
        ("acme.sales.orders@1700000000000", ("acme.sales.orders", "1700000000000"), "weak", "uri-version"),
        ("bq://acme.sales.orders@1700000000000", ("bq://acme.sales.orders", "1700000000000"), "weak", "uri-version"),
        ("bq://acme.sales.orders@-3600000", ("bq://acme.sales.orders", "-3600000"), "floating", "uri-version"),
        ("acme/reviews@v1/train.json", ("acme/reviews/train.json", "v1"), "weak", "inline-revision"),
        ("acme/reviews@refs/convert/parquet", ("acme/reviews", "refs/convert/parquet"), "floating", "inline-revision"),
        ("acme.sales.orders@-3600000", ("acme.sales.orders", "-3600000"), "floating", "uri-version"),
        ("acme.sales.orders@1700000000000-", ("acme.sales.orders", "1700000000000-"), "floating", "uri-version"),
        ("driver_hourly_stats:3", ("driver_hourly_stats", "3"), "weak", "inline-revision"),
        ("acme-reviews:v3", ("acme-reviews", "v3"), "weak", "inline-revision"),
        ("dvc://data/reviews.csv?rev=v1.2", ("dvc://data/reviews.csv?rev=v1.2", "v1.2"), "weak", "inline-revision"),
        ("https://github.com/acme/data/raw/" + COMMIT + "/train.csv",
         ("https://github.com/acme/data/raw/" + COMMIT + "/train.csv", COMMIT), "strong", "inline-revision"),
        ("https://raw.githubusercontent.com/acme/data/refs/heads/main/train.csv",
         ("https://raw.githubusercontent.com/acme/data/refs/heads/main/train.csv", "refs/heads/main"), "floating",
         "inline-revision"),
        ("https://cdn.jsdelivr.net/gh/acme/data@v1.2/train.csv",
         ("https://cdn.jsdelivr.net/gh/acme/data/train.csv", "v1.2"), "weak", "inline-revision"),
        ("https://github.com/acme/assets/releases/download/v0.3/data.zip",
         ("https://github.com/acme/assets/releases/download/v0.3/data.zip", "v0.3"), "weak", "inline-revision"),
    ],
)
def test_versions_inside_references(ref: str, split: tuple[str, str], pin_: str, evidence: str) -> None:
    found = version_in_reference(ref)
    assert found is not None
    assert (found.ref, found.version) == split == split_inline_revision(ref)
    assert (found.judgement.pin, found.evidence) == (pin_, evidence)


@pytest.mark.parametrize(
    "ref",
    ["git@github.com:acme/data", "/data/imagenet", "https://example.com/data.zip", "https://user@host.example/x.csv",
     "images/train2017", "s3://bucket/train2017/x.parquet", "acme/reviews", "wget https://host/v1.0/data.zip",
     "model:best", "v3", "2024-05-01", "latest"],  # a lone name is not a path: no segment to read
)
def test_references_without_a_version(ref: str) -> None:
    assert version_in_reference(ref) is None
    assert split_inline_revision(ref) == (ref, None)


def test_a_version_option_key_means_what_its_parameter_means() -> None:
    delta = version_parameter("versionAsOf")
    assert delta is not None and judge_parameter(delta, 12) == Judgement("strong", delta.meaning)
    assert version_parameter("timestampAsOf") is not None
    assert version_parameter("learning_rate") is None


# --- end to end: what a config's pins become, where the finding points, what `show` says ---------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_init(tmp_path / "repo")


def judged(repo: Path, text: str, *policy: str) -> dict[str, Any]:
    write(repo, "train.yaml", text)
    (record,) = show(repo, "train.yaml", extra=("--policy", *policy) if policy else ())
    return record


def located(record: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(f["code"], f["line"], f["column"]) for f in record["findings"]]


@pytest.mark.parametrize("junk", ["4f5c8a2b", "whatever"])
def test_a_junk_digest_beside_a_branch_pins_nothing(repo: Path, junk: str) -> None:
    record = judged(repo, f"seed: 1\ndataset:\n  name: acme/reviews\n  revision: main\n  sha256: {junk}\n")
    (dataset,) = record["datasets"]
    assert (dataset["pin"], dataset["evidence"], dataset["from"]) == ("floating", "explicit-version", "train.yaml:4")
    assert located(record) == [("LL202", 4, 13)]
    assert f"`{junk}` is not a" in dataset["note"] and "`main` is a branch" in dataset["note"]


def test_a_malformed_digest_alone_is_no_pin(repo: Path) -> None:
    record = judged(repo, "seed: 1\ndataset:\n  name: acme/reviews\n  sha256: 4f5c8a2b\n")
    (dataset,) = record["datasets"]
    assert (dataset["pin"], dataset["evidence"]) == ("none", None)
    assert located(record) == [("LL201", 3, 9)]
    assert "not a sha256 digest: sha256 has 64 hex digits, this 8" in record["findings"][0]["message"]


def test_a_real_digest_pins_whatever_the_branch(repo: Path) -> None:
    record = judged(repo, "seed: 1\ndataset:\n  name: acme/reviews\n  revision: main\n  sha256: " + HEX[:64] + "\n",
                    "strict")
    (dataset,) = record["datasets"]
    assert (dataset["pin"], dataset["evidence"], dataset["from"]) == ("strong", "digest", "train.yaml:5")
    assert record["findings"] == []


def test_an_abbreviated_commit_is_weak_and_the_strict_policy_refuses_it(repo: Path) -> None:
    text = "seed: 1\ndataset:\n  name: acme/reviews\n  revision: 4f5c8a2\n"
    assert judged(repo, text)["findings"] == []
    record = judged(repo, text, "strict")
    assert record["datasets"][0]["pin"] == "weak"
    assert located(record) == [("LL203", 4, 13)]


def test_a_release_in_a_registered_name_is_weak_and_the_strict_policy_refuses_it(repo: Path) -> None:
    text = "seed: 1\ndataset: coco_2017_train\n"
    default = judged(repo, text)
    (dataset,) = default["datasets"]
    assert (dataset["pin"], dataset["version"], dataset["evidence"]) == ("weak", "2017", "name-edition")
    assert default["findings"] == []
    strict = judged(repo, text, "strict")
    assert located(strict) == [("LL205", 2, 10)]
    assert strict["findings"][0]["message"] == ("dataset `coco_2017_train` (dataset) is pinned only by the release "
                                                "`2017` its name suggests; give a digest or commit")
    pinned = judged(repo, "seed: 1\ndataset:\n  name: coco_2017_train\n  md5: " + HEX[:32] + "\n", "strict")
    assert pinned["findings"] == [] and pinned["datasets"][0]["evidence"] == "digest"


def test_a_hub_id_is_not_pinned_by_its_name(repo: Path) -> None:
    record = judged(repo, "seed: 1\ndataset:\n  name: HuggingFaceH4/deita-10k-v0-sft\n")
    (dataset,) = record["datasets"]
    assert (dataset["pin"], dataset["version"], dataset["evidence"]) == ("none", None, None)
    assert located(record) == [("LL201", 3, 9)]
    assert "`v0` in `HuggingFaceH4/deita-10k-v0-sft` is part of its name, not a revision" in record["findings"][0][
        "message"]


@pytest.mark.parametrize("path", ["data/coco/images/train2017", "/data/coco/images/train2017/"])
def test_a_year_in_a_folder_path_is_no_version(repo: Path, path: str) -> None:
    record = judged(repo, f"seed: 1\ndataset:\n  path: {path}\n")
    assert record["datasets"][0]["pin"] == "none"
    assert located(record) == [("LL201", 3, 9)]


@pytest.mark.parametrize(
    ("ref", "pin_", "evidence"),
    [
        ("s3://lake/reviews/v3/train.parquet", "weak", "uri-version"),
        ("s3://lake/reviews/2024-05-01/train.parquet", "weak", "uri-version"),
        ("s3://lake/reviews/latest/train.parquet", "floating", "uri-version"),
        ("s3://lake/load/hourly/v5/part.parquet", "weak", "uri-version"),  # `hourly/` is granularity, not a rebuild
        ("gs://lake/x.parquet?generation=latest", "floating", "uri-version"),
        ("s3://lake/reviews/train.parquet?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "strong", "uri-version"),
        ("s3://lake/reviews/train.parquet?versionId=3HL4kq", "weak", "uri-version"),
        ("lakefs://reviews/main/train/", "floating", "uri-version"),
        ("hf://datasets/acme/reviews@" + COMMIT, "strong", "inline-revision"),
        ("acme/reviews@refs/heads/main", "floating", "inline-revision"),
        ("/data/Argoverse-1.1/train", "weak", "name-edition"),
    ],
)
def test_a_version_inside_the_reference(repo: Path, ref: str, pin_: str, evidence: str) -> None:
    record = judged(repo, f"seed: 1\ndataset:\n  path: {ref}\n")
    (dataset,) = record["datasets"]
    assert (dataset["pin"], dataset["evidence"], dataset["from"]) == (pin_, evidence, "train.yaml:3")


def test_no_version_is_read_out_of_a_script(repo: Path) -> None:
    write(repo, "obj365.yaml", "path: ../datasets/Objects365\ntrain: images/train\nnames:\n  0: Person\n"
                               "download: |\n  url = 'https://host/2020Objects365/v1.0/train/'\n  download([url])\n")
    write(repo, "parts.yaml", "path: carparts\ntrain: images/train\nnames:\n  0: door\n"
                              "download: https://github.com/acme/assets/releases/download/v0.3/carparts.zip\n")
    script, url = show(repo, "obj365.yaml", "parts.yaml")
    assert (script["profile"], script["datasets"][0]["pin"], script["datasets"][0]["evidence"]) == \
        ("ultralytics", "none", None)
    assert located(script) == [("LL201", 1, 7)]
    assert (url["datasets"][0]["pin"], url["datasets"][0]["version"], url["datasets"][0]["evidence"]) == \
        ("weak", "v0.3", "inline-revision")


def test_dataset_version_latest_floats(repo: Path) -> None:
    record = judged(repo, "seed: 1\ndataset_name: acme/reviews\ndataset_version: latest\n")
    (dataset,) = record["datasets"]
    assert (dataset["pin"], dataset["evidence"]) == ("floating", "explicit-version")
    assert located(record) == [("LL202", 3, 18)]


def test_show_names_the_evidence(repo: Path) -> None:
    write(repo, "train.yaml", "seed: 1\ndataset:\n  name: acme/reviews\n  revision: v2\n")
    out = cli(repo, "show", "train.yaml").out
    assert "  dataset      weak         dataset.name = acme/reviews @ v2  <- train.yaml:4  [explicit-version]\n" in out


def test_a_policy_of_ones_own_can_refuse_name_only_pins_and_keep_versions(repo: Path) -> None:
    write(repo, "no-guesses.json", json.dumps({
        "allOf": [{"$ref": "https://lineage-lint.dev/schemas/policy-default.schema.json"}],
        "properties": {"datasets": {"items": {"properties": {"evidence": {"not": {"const": "name-edition"}}}}}},
    }))
    guessed = judged(repo, "seed: 1\ndataset: lvis_v1_train\n", "no-guesses.json")
    assert located(guessed) == [("LL205", 2, 10)]
    versioned = judged(repo, "seed: 1\ndataset:\n  name: lvis\n  version: v1\n", "no-guesses.json")
    assert versioned["findings"] == [] and versioned["datasets"][0]["evidence"] == "explicit-version"


def test_the_record_schema_lists_every_kind_of_evidence() -> None:
    dataset = load_schema("record")["$defs"]["dataset"]["properties"]["evidence"]
    assert dataset["enum"] == [*EVIDENCE_KINDS, None]


def test_evidence_of_a_kedro_catalog(repo: Path) -> None:
    write(repo, "conf/base/catalog.yml", "companies:\n  type: pandas.CSVDataset\n  filepath: data/companies.csv\n"
                                         "  load_version: 2024-01-05T10.00.00.000Z\n"
                                         "table:\n  type: pandas.ParquetDataset\n  filepath: data/table.pq\n"
                                         "  versioned: true\n")
    (record,) = show(repo, "conf/base/catalog.yml")
    assert [(d["pin"], d["evidence"]) for d in record["datasets"]] == [("weak", "explicit-version"),
                                                                      ("floating", "explicit-version")]


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("versionId", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "strong"), ("version_id", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
                                                                    "strong"),
    ("generation", "1699999999123456", "strong"), ("versionAsOf", "12", "strong"), ("version", "3HL4kq", "weak"),
    ("versionId", "3HL4kq", "weak"), ("generation", "3", "weak"), ("version_id", "latest", "floating"),
    ("object_version", "'null'", "none")])
def test_a_version_key_named_like_a_uri_parameter_means_what_the_parameter_means(key: str, value: str,
                                                                                  expected: str) -> None:
    from lineage_lint.profiles.generic import make_ref
    from lineage_lint.sources import parse_text
    from lineage_lint.tree import MapNode

    store = "gs" if key == "generation" else "s3"
    document = parse_text(f"dataset:\n  path: {store}://lake/events.parquet\n  {key}: {value}\n", "yaml",
                          "train.yaml")
    section = document.root.get("dataset")
    assert isinstance(section, MapNode)
    made = make_ref(document, "dataset.path", f"{store}://lake/events.parquet", Span.point(2, 9),
                    version_entry=section.entry(key))
    assert (made.pin, made.evidence if expected != "none" else "explicit-version", str(made.origin)) == \
        (expected, "explicit-version", "train.yaml:3" if expected != "none" else "train.yaml:2")


@pytest.mark.parametrize(("ref", "bare", "version", "pin"), [
    ("hf://datasets/acme/toxic-comments@refs/heads/main", "hf://datasets/acme/toxic-comments", "refs/heads/main",
     "floating"),
    ("hf://datasets/acme/x@refs/heads/main/data/train.parquet", "hf://datasets/acme/x/data/train.parquet",
     "refs/heads/main", "floating"),
    ("hf://datasets/acme/x@refs/convert/parquet", "hf://datasets/acme/x", "refs/convert/parquet", "floating"),
    ("hf://datasets/acme/x@tags/v1.2/data", "hf://datasets/acme/x/data", "tags/v1.2", "weak"),
    ("hf://datasets/acme/x@" + HEX[:40] + "/data", "hf://datasets/acme/x/data", HEX[:40], "strong"),
])
def test_a_git_ref_after_at_in_a_uri_spans_its_segments(ref: str, bare: str, version: str, pin: str) -> None:
    found = version_in_reference(ref)
    assert found is not None
    assert (found.ref, found.version, found.judgement.pin) == (bare, version, pin)


@pytest.mark.parametrize(("ref", "bare", "version", "pin"), [
    ("azureml:edge-telemetry:3", "azureml:edge-telemetry", "3", "weak"),
    ("azureml:fraud-train-features:latest", "azureml:fraud-train-features", "latest", "floating"),
    ("azureml:slate-logs@latest", "azureml:slate-logs", "latest", "floating"),
])
def test_an_azure_ml_data_asset_carries_its_version(ref: str, bare: str, version: str, pin: str) -> None:
    found = version_in_reference(ref)
    assert found is not None
    assert (found.ref, found.version, found.judgement.pin) == (bare, version, pin)
    assert version_in_reference("azureml:edge-telemetry") is None  # no version: nothing carried


@pytest.mark.parametrize("sign", [S3_VERSION_ID, GCS_GENERATION, DELTA_VERSION], ids=lambda sign: sign.name)
def test_each_object_version_shape(sign: Sign) -> None:
    for value in sign.matches:
        assert sign.pattern.match(value), value
    for value in sign.misses:
        assert not sign.pattern.match(value), value


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [("version_id", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "strong"), ("versionId", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
                                                                     "strong"),
     ("object_version", "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", "strong"), ("generation", 1699999999123456, "strong"),
     ("train_data_generation", "1699999999123456", "strong"), ("images_version_id", "Xl9dUK.8wbW1qrbvx_2p3TQq1FYqL7qA",
                                                               "strong"),
     ("version_id", "null", "none"), ("version_id", "", "none"), ("version_id", None, "none"),
     ("version_id", "latest", "floating"), ("generation", "latest", "floating"),
     ("object_version", "LATEST", "floating"),
     ("version_id", 12, "weak"), ("generation", 3, "weak"), ("version_id", "my_dataset_version_two", "weak")],
)
def test_an_object_version_key_is_judged_by_its_value(key: str, value: object, expected: str) -> None:
    known = version_parameter(key)
    ref = "gs://acme/train.parquet" if "generation" in key else "s3://acme/train.parquet"
    assert known is not None and judge_parameter(known, value, ref).pin == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("query", "expected"), [
    (f"versionId={S3_ID}&versionId=latest", "floating"), (f"versionId={S3_ID}&versionId=", "none"),
    (f"versionId={S3_ID}&format=parquet", "strong"), (f"rev=main&versionId={S3_ID}", "floating"),
])
def test_every_version_parameter_of_a_uri_is_judged_and_the_weakest_kept(query: str, expected: str) -> None:
    found = version_in_reference(f"s3://bucket/reviews.parquet?{query}")
    assert found is not None and found.judgement.pin == expected


@pytest.mark.parametrize(("ref", "key", "expected"), [
    ("s3://acme/train.parquet", "version_id", "strong"), ("s3a://acme/train.parquet", "versionId", "strong"),
    ("https://acme.s3.eu-west-1.amazonaws.com/train.parquet", "version_id", "strong"),
    ("gs://acme/train.parquet", "generation", "strong"),
    ("https://storage.googleapis.com/acme/train.parquet", "generation", "strong"),
    ("acme/support-tickets", "version_id", "weak"), ("/mnt/data/train.parquet", "version_id", "weak"),
    ("gs://acme/train.parquet", "version_id", "weak"), ("s3://acme/train.parquet", "generation", "weak"),
    ("s3://acme/train/", "version_id", "weak"), ("gs://acme/train/", "generation", "weak"),
])
def test_an_object_version_pins_only_an_object_of_its_store(ref: str, key: str, expected: str) -> None:
    known = version_parameter(key)
    value = GCS_GENERATION.matches[0] if key == "generation" else S3_VERSION_ID.matches[0]
    assert known is not None and judge_parameter(known, value, ref).pin == expected
