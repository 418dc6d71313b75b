"""Fuzzing the content reader: every input gives a valid claim or clean `file:line:` errors.

Never a traceback, never a hang: arbitrary bytes, arbitrary YAML, and arbitrary Unicode
(right-to-left marks, zero-width joiners, emoji, NUL) in every field of a valid claim.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.config import FactcheckConfig
from factcheck.content import load_site
from factcheck.schema import CLAIM_FIELDS

BASE = (ROOTS / "test-basic" / "content" / "claims" / "richest-person.md").read_text(encoding="utf-8")
TRICKY = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(
    ["\u202e", "\u200d", "\u200b", "\ufeff", "\x00", "👩", "\u00a0", "\n", "\t", ":", "#", '"', "'", "<", "&", "-"]
)
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture's content, copied once: each example only rewrites content/claims/fuzzed.md."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOTS / "test-basic" / "content", root / "content")
    return root


def check(root: Path, content: bytes) -> None:
    """Load the fixture site with `content` as one claim file; assert the promised behaviour."""
    (root / "content/claims/fuzzed.md").write_bytes(content)
    settings_ = {"PATH": str(root / "content"), "SITEURL": "https://facts.test"}
    config = FactcheckConfig.from_settings(settings_, slugify)
    started = time.monotonic()
    result = load_site(config)
    assert time.monotonic() - started < 10, "the reader must not hang"
    mine = [p for p in result.problems if p.path.endswith("fuzzed.md")]
    for problem in mine:
        text = str(problem)
        assert "\n" not in text and re.match(r".*fuzzed\.md:\d+: (error|warning): \S", text), text
        assert "Traceback" not in text
    published = {c.slug for c in result.site.claims} if result.site else set()
    assert ("fuzzed" in published) != any(p.severity == "error" for p in mine)
    assert [p for p in result.errors if not p.path.endswith("fuzzed.md")] == []


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(root: Path, data: bytes):
    check(root, data)


@FUZZ
@given(st.binary(max_size=600))
def test_arbitrary_bytes_inside_front_matter(root: Path, data: bytes):
    check(root, b"---\n" + data + b"\n---\nReasoning.\n")


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(TRICKY, max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(TRICKY, max_size=10), inner, max_size=4),
    max_leaves=12,
)
field_names = st.sampled_from([f.name for f in CLAIM_FIELDS]) | st.text(TRICKY, max_size=12)


@FUZZ
@given(st.dictionaries(field_names, yaml_values, max_size=14), st.text(TRICKY, max_size=200))
def test_arbitrary_yaml_front_matter(root: Path, front: dict, body: str):
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    check(root, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(
    st.sampled_from(["claim", "headline", "claimant", "conclusion", "reviewer", "quote", "outlet", "note"]),
    st.text(TRICKY, min_size=1, max_size=80),
)
def test_arbitrary_unicode_in_each_field_of_a_valid_claim(root: Path, field: str, value: str):
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    text = re.sub(rf"^(\s*(?:- )?{field}): .*$", lambda m: f"{m.group(1)}: {quoted}", BASE, count=1, flags=re.M)
    check(root, text.encode("utf-8", "surrogatepass"))
