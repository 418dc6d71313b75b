"""tests/fixtures/bad/: malformed and hostile files, each with the exact errors it must produce.

Each `<name>.md` is dropped into a copy of the basic fixture site (as a source when its name
starts with `source-`, as an evidence item when it starts with `evidence-`, else as a claim);
`<name>.expected` lists its errors, one per line, without the file path. No file may crash the reader.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOTS

from factcheck.config import FactcheckConfig
from factcheck.content import load_site

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
CASES = sorted(BAD.glob("*.md"))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def test_there_are_at_least_thirty_cases():
    assert len(CASES) >= 30
    assert all(case.with_suffix(".expected").exists() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_file_gets_exactly_its_errors(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shutil.copytree(ROOTS / "test-basic" / "content", tmp_path / "content")
    kind = {"source": "sources", "evidence": "evidence"}.get(case.name.split("-")[0], "claims")
    shutil.copy(case, tmp_path / "content" / kind / case.name)
    monkeypatch.chdir(tmp_path)
    result = load_site(FactcheckConfig.from_settings({"PATH": "content", "SITEURL": "https://facts.test"}, slugify))
    prefix = f"content/{kind}/{case.name}:"
    errors = [str(p)[len(prefix) :] for p in result.errors if str(p).startswith(prefix)]
    assert errors == case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    others = [str(p) for p in result.errors if not str(p).startswith(prefix)]
    assert others == [], "a bad file must not cause errors in other files"
