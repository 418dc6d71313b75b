"""Hostile contributions: no script on the site, no crash, no damage, and reproducible output.

Payloads tried (tests/roots/test-hostile/ and HOSTILE_FIELDS below): <script>, <img onerror>,
<iframe src=javascript:>, <object>, <style>, <svg onload>, <math><script>, <form>, style and
on* attributes, javascript:/data:/vbscript: links in HTML and Markdown, attribute break-outs
with " and ', </script> inside JSON-LD text, Jinja syntax ({{ }}, {% %}), HTML entities,
zero-width characters, emoji. (A right-to-left override is refused: tests/test_sandbox_more.py.)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import warnings
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from conftest import REPO, make_site, run_build

from factcheck.embed import STYLES

DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "form",
    "input",
    "base",
    "frame",
    "frameset",
    "applet",
}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "cite", "poster"}
# The embeddable verdict card's own inline styles (oEmbed documents only; factcheck/embed.py): its constants,
# with a verdict colour from the scale. Any other style attribute came from content.
CARD_STYLE = re.compile(
    "(?:"
    + "|".join(re.escape(style) for style in STYLES.values())
    + ")(?:;(?:background|border-left-color):#[0-9a-fA-F]{6})?"
)


def markup_problems(html: str, where: str, page: bool) -> list[str]:
    """Every way `html` could run script, parsed as a browser would build the tree."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)  # many strings are plain URLs
        soup = BeautifulSoup(html, "html.parser")
    found = []
    # The site's own forms (the search box, the claims filter) are expected on pages, nowhere else.
    own_forms = [
        f
        for f in soup.find_all("form")
        if page and (f.get("id") == "browse" or f.get("action", "").endswith("/search/"))
    ]
    for tag in soup.find_all(True):
        if any(tag is form or form in tag.parents for form in own_forms):
            continue
        if tag.name == "script":
            ours = tag.get("src", "").startswith(("/theme/js/", "http://localhost:8000/theme/js/"))
            data = tag.get("type") == "application/ld+json" and json.loads(tag.string) is not None
            if page and (ours or data):
                continue
        if tag.name in DANGEROUS_TAGS:
            found.append(f"{where}: <{tag.name}>")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            ours = not page and name.lower() == "style" and CARD_STYLE.fullmatch(value)
            if name.lower().startswith("on") or (name.lower() == "style" and not ours):
                found.append(f"{where}: {name}= on <{tag.name}>")
            if name.lower() in URL_ATTRIBUTES and value.strip().lower().startswith(DANGEROUS_SCHEMES):
                found.append(f"{where}: {name}={value!r}")
        if tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh" and "javascript" in tag["content"]:
            found.append(f"{where}: refresh to script")
    return found


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    build = run_build(make_site(tmp_path_factory.mktemp("hostile"), "test-hostile"))
    assert build.returncode == 0, build.stderr
    return build


def test_no_payload_survives_as_markup_in_any_output_file(hostile):
    problems = []
    files = [p for p in hostile.output.resolve().rglob("*") if p.is_file()]
    for path in files:
        where = str(path.relative_to(hostile.output.resolve()))
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            problems += markup_problems(text, where, page=True)
            soup = BeautifulSoup(text, "html.parser")
            for script in soup.find_all("script", type="application/ld+json"):
                problems += [p for s in strings_in(json.loads(script.string)) for p in markup_problems(s, where, False)]
        elif path.suffix == ".xml":
            for element in ElementTree.parse(path).iter():
                for text in [element.text or "", *element.attrib.values()]:
                    problems += markup_problems(text, where, page=False)
        elif path.suffix == ".json":
            for text in strings_in(json.loads(path.read_text(encoding="utf-8"))):
                problems += markup_problems(text, where, page=False)
    assert problems == []
    assert any(p.suffix == ".xml" for p in files) and any(p.suffix == ".json" for p in files)


def test_payloads_are_shown_as_text_not_evaluated(hostile):
    page = hostile.page("claims/hostile-claim/")
    assert page.h1.get_text() == "{{ 7*7 }} &lt;script&gt;alert(9)&lt;/script&gt;"
    assert 'Mallory" onclick="alert(10)' in page.select_one(".claim-box").get_text()
    reasoning = page.select_one(".reasoning")
    assert [a["href"] for a in reasoning.find_all("a", href=True)] == ["https://example.org/page"]
    assert reasoning.find("a", href="https://example.org/page")["rel"] == ["noopener", "noreferrer"]
    evidence_link = page.select_one(".evidence a")
    assert evidence_link["href"] == "https://evidence.example/a?b=1&c=javascript:alert(15)"
    assert evidence_link["rel"] == ["noopener", "noreferrer"]
    source = hostile.page("sources/hostile-post/")
    assert "zero\u200bwidth" in source.select_one(".date-note").get_text()  # bidi overrides: test_sandbox_more
    assert source.select_one("mark.passage").get_text().startswith("The post says javascript:alert(6)")


def test_every_page_carries_a_content_security_policy(hostile):
    for path in hostile.output.resolve().rglob("*.html"):
        meta = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(
            "meta", attrs={"http-equiv": "Content-Security-Policy"}
        )
        assert meta and "script-src 'self'" in meta["content"] and "object-src 'none'" in meta["content"], path


EVIDENCE_FILE = "content/evidence/test-wire-2020-06-01-founder-loses-top-spot.md"
HOSTILE_FIELDS = [
    ("claim: The founder", "claim: <script>alert(1)</script> founder", "2", "`claim` contains HTML markup"),
    ("headline: Is", "headline: <img src=x onerror=alert(1)> Is", "3", "`headline` contains HTML markup"),
    ("url: https://testwire.example/founder", "url: javascript:alert(1)", "6", "`url` is not a web address"),
    ("url: https://testwire.example/founder", 'url: "https://x.example/\\"><svg onload=alert(1)>"', "6",
     "`url` is not a web address"),
    ("url: https://testwire.example/founder", "url: data:text/html,hi", "6", "`url` is not a web address"),
    ("conclusion: Was", "conclusion: </script><script>alert(1)</script> Was", "8", "`conclusion` contains HTML markup"),
    ("reviewer: Fact-check desk", "reviewer: <iframe src=x>", "22", "`reviewer` contains HTML markup"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "line", "message"), HOSTILE_FIELDS)
def test_hostile_front_matter_is_refused_with_its_field_named(site_root: Path, old, new, line, message):
    name = EVIDENCE_FILE if old.startswith("url:") else "content/claims/richest-person.md"
    path = site_root / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    build = run_build(site_root)
    assert build.returncode == 1
    assert f"{name}:{line}: error: {message}" in build.stderr
    assert "Traceback" not in build.stderr


def test_path_traversal_in_a_source_slug_is_refused(site_root: Path):
    claim = site_root / "content/claims/richest-person.md"
    claim.write_text(claim.read_text().replace("source: beta-letter", "source: ../../etc/passwd"))
    build = run_build(site_root)
    assert build.returncode == 1
    assert "error: `source` is not a slug: '../../etc/passwd'" in build.stderr


def test_huge_files_and_values_are_errors_not_hangs(site_root: Path):
    (site_root / "content/claims/huge.md").write_text("---\nclaim: x\n---\n" + "x" * 10_500_000)
    claim = site_root / "content/claims/richest-person.md"
    claim.write_text(claim.read_text().replace('"the richest person in Testland"', '"' + "word " * 20_000 + '"'))
    started = time.monotonic()
    build = run_build(site_root)
    assert time.monotonic() - started < 30
    assert "content/claims/huge.md:1: error: the file is 10,500,017 bytes; the limit is 2,000,000" in build.stderr
    assert "error: `quote` is 99,999 characters; the limit is 2,000" in build.stderr


def test_yaml_alias_bombs_are_refused(site_root: Path):
    bomb = (
        'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    )
    (site_root / "content/claims/bomb.md").write_text("---\n" + bomb + "---\nbody\n")
    build = run_build(site_root)
    assert "content/claims/bomb.md:3: error: anchors and aliases (`&name`, `*name`) are not allowed" in build.stderr


def snapshot(directory: Path) -> dict[str, str]:
    root = directory.resolve()
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path):
    first = run_build(make_site(tmp_path / "a"))
    second = run_build(make_site(tmp_path / "b"))
    assert first.returncode == second.returncode == 0
    assert snapshot(first.output) == snapshot(second.output)


def test_a_killed_build_leaves_the_old_site_or_the_new_one(site_root: Path):
    assert run_build(site_root).returncode == 0
    old = snapshot(site_root / "output")
    claim = site_root / "content/claims/richest-person.md"
    claim.write_text(claim.read_text().replace("verdict: outdated", "verdict: mixed"))
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    command = [sys.executable, "-m", "factcheck", "build", "--settings", "pelicanconf.py", "--output", "output"]
    seen = []
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0):
        process = subprocess.Popen(
            command, cwd=site_root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen.append(snapshot(site_root / "output"))
    assert run_build(site_root).returncode == 0
    new = snapshot(site_root / "output")
    assert new != old
    assert all(state in (old, new) for state in seen)
