"""Contributor commands treat their input as data: `make` passes text byte for byte, no field
can inject front-matter lines, and `make check FILES=` accepts any spelling of a path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, make_site, run_check
from test_contribute import factcheck

SOURCE = """---
title: "Loans report"
publisher: "Example News"
author: unknown
published: 2021-03-01
kind: news-article
---
Ant made loans worth $230 billion, it said.

Literally: $(shell touch pwned) and `touch pwned` and $$HOME.
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_site(tmp_path)
    (root / "content/sources/loans-report.md").write_text(SOURCE, encoding="utf-8")
    return root


def make(root: Path, target: str, *variables: str) -> subprocess.CompletedProcess:
    """`make TARGET VAR=value…` with this repository's Makefile, in the fixture site."""
    shutil.copy(REPO / "Makefile", root / "Makefile")
    for name in ("requirements.txt", "requirements-dev.txt"):
        (root / name).write_text("")
    stamp = root / ".venv/.installed"
    stamp.parent.mkdir(exist_ok=True)
    stamp.touch()
    command = ["make", "--no-print-directory", target, f"PY={sys.executable}", f"PYTHONPATH={REPO / 'plugins'}"]
    env = {k: v for k, v in os.environ.items() if k not in ("QUOTE", "SOURCE", "SLUG", "FILES", "MAKEFLAGS")}
    return subprocess.run([*command, *variables], cwd=root, env=env, capture_output=True, text=True)


@pytest.mark.parametrize(
    "quote",
    ["Ant made loans worth $230 billion", "$(shell touch pwned) and `touch pwned` and $$HOME"],
)
def test_make_new_claim_passes_the_quote_byte_for_byte(root: Path, quote: str):
    done = make(root, "new-claim", "SOURCE=loans-report", f"QUOTE={quote}", "SLUG=loans")
    assert done.returncode == 0, done.stderr
    assert not (root / "pwned").exists()
    written = (root / "content/claims/loans.md").read_text(encoding="utf-8")
    assert f"quote: {quote!r}".replace("'", '"') in written


def test_make_new_claim_reads_the_quote_from_the_environment_unexpanded(root: Path):
    missing = make(root, "new-claim", "SOURCE=loans-report", "SLUG=from-env")
    assert missing.returncode != 0 and "error: give the quote" in missing.stderr
    environment = {**os.environ, "QUOTE": "Ant made loans worth $230 billion"}
    command = ["make", "new-claim", f"PY={sys.executable}", f"PYTHONPATH={REPO / 'plugins'}"]
    done = subprocess.run(
        [*command, "SOURCE=loans-report", "SLUG=from-env"], cwd=root, env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert '"Ant made loans worth $230 billion"' in (root / "content/claims/from-env.md").read_text()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("URL", "https://example.org/a\nbased_on: citizen-power", "URL contains a line break"),
        ("TITLE", "Loans\nkind: opinion", "TITLE contains a line break"),
        ("AUTHOR", "A. Writer\r\nurl: https://evil.example", "AUTHOR contains a line break"),
        ("URL", 'https://example.org/"onmouseover', "is not a web address"),
        ("SLUG", "good-slug\n", "SLUG contains a line break"),
    ],
)
def test_new_source_fields_cannot_inject_front_matter(root: Path, variable: str, value: str, message: str):
    fields = {"TITLE": "Loans two", "PUBLISHER": "Example News", "KIND": "news-article", variable: value}
    done = factcheck(root, "new-source", stdin="Some text.\n", **fields)
    assert done.returncode == 1
    assert message in done.stderr and done.stderr.count("\n") == 1
    assert sorted(p.name for p in (root / "content/sources").iterdir()) == [
        "alpha-post.md",
        "beta-letter.md",
        "loans-report.md",
    ]


def test_new_source_writes_the_url_as_a_quoted_value(root: Path):
    url = "https://example.org/news?id=1&x=#frag"
    done = factcheck(
        root, "new-source", stdin="Some text.\n", TITLE="Loans two", PUBLISHER="P", KIND="news-article", URL=url
    )
    assert done.returncode == 0, done.stderr
    assert f'url: "{url}"' in (root / "content/sources/loans-two.md").read_text()


def test_check_files_accepts_every_spelling_of_a_path(root: Path):
    claim = root / "content/claims/richest-person.md"
    claim.write_text(claim.read_text().replace("verdict: outdated", "verdict: OUTDATED"))
    for spelling in (str(claim), "./content//claims/richest-person.md", "content/claims/../claims/richest-person.md"):
        done = run_check(root, spelling)
        assert done.returncode == 1, spelling
        assert "unknown verdict `OUTDATED`" in done.stderr, spelling
    through_make = make(root, "check", f"FILES={claim}")
    assert through_make.returncode != 0
    assert "unknown verdict `OUTDATED`" in through_make.stderr


def test_check_files_names_a_file_that_does_not_exist(root: Path):
    done = run_check(root, "content/claims/no-such-claim.md")
    assert done.returncode == 1
    assert "content/claims/no-such-claim.md:1: error: there is no such file" in done.stderr


def test_devserver_waits_for_the_next_change_after_a_content_error(root: Path):
    claim = root / "content/claims/richest-person.md"
    good = claim.read_text()
    claim.write_text(good.replace("verdict: outdated", "verdict: OUTDATED"))
    log = root / "devserver.log"
    command = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "--autoreload"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        error = "richest-person.md:7: error: unknown verdict `OUTDATED`"
        assert _wait_for(lambda: error in log.read_text()), log.read_text()
        time.sleep(2)  # a busy loop would print the error dozens of times meanwhile
        assert log.read_text().count(error) == 1, log.read_text()
        claim.write_text(good)
        assert _wait_for(lambda: (root / "output/claims/richest-person/index.html").exists()), log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
