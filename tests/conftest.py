"""Shared test helpers: copy a fixture site, build it the way `make html` does, parse the output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"

SETTINGS = f"""
exec(open({str(REPO / "pelicanconf.py")!r}, encoding="utf-8").read())
PATH = "content"
THEME = {str(REPO / "theme")!r}
PLUGIN_PATHS = [{str(REPO / "plugins")!r}]
"""


@dataclass
class Build:
    """A built fixture site: where it is and what the build printed."""

    root: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> Path:
        return self.root / "output"

    def page(self, url: str) -> BeautifulSoup:
        path = self.output / url.strip("/") / "index.html" if not url.endswith(".html") else self.output / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def rebuild(self) -> Build:
        return run_build(self.root)


def run_build(root: Path, settings: str = "pelicanconf.py", output: str = "output") -> Build:
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    command = [sys.executable, "-m", "factcheck", "build", "--settings", settings, "--output", output]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    return Build(root, done.returncode, done.stdout, done.stderr)


def run_check(root: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    command = [sys.executable, "-m", "factcheck", "check", "--settings", "pelicanconf.py", *files]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)


def make_site(tmp_path: Path, name: str = "test-basic") -> Path:
    """Copy fixture root `name` into tmp_path with settings that use the real theme and plugin."""
    root = tmp_path / name
    shutil.copytree(ROOTS / name, root)
    (root / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    return root


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    return make_site(tmp_path)


@pytest.fixture(scope="module")
def basic_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = run_build(make_site(tmp_path_factory.mktemp("basic")))
    assert build.returncode == 0, build.stderr
    return build


def hrefs(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.find_all("a", href=True)]


def walk_site(output: Path) -> tuple[set[str], set[str], list[tuple[str, str]]]:
    """Follow internal links from the home page: (pages reached, all pages, broken links).

    A link is broken when its page does not exist or its #fragment names no id there.
    """
    pages = {
        str(p.relative_to(output))
        for p in output.rglob("*.html")
        if p.name != "404.html" and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
    }
    ids: dict[str, set[str]] = {}

    def parse(page: str) -> BeautifulSoup:
        soup = BeautifulSoup((output / page).read_text(encoding="utf-8"), "html.parser")
        ids[page] = {tag["id"] for tag in soup.find_all(id=True)}
        return soup

    links: dict[str, list[str]] = {}
    reached, queue = {"index.html"}, deque(["index.html"])
    while queue:
        current = queue.popleft()
        links[current] = [h for h in hrefs(parse(current)) if not urlsplit(h).scheme]
        for href in links[current]:
            path, _ = urldefrag(urljoin("/" + current, href))
            target = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
            if target in pages and target not in reached:
                reached.add(target)
                queue.append(target)
    broken = []
    for current, hrefs_here in links.items():
        for href in hrefs_here:
            path, fragment = urldefrag(urljoin("/" + current, href))
            target = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
            if target not in pages or (fragment and fragment not in ids[target]):
                broken.append((current, href))
    return reached, pages, broken


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real content, built once per test run exactly as `make html` builds it."""
    output = tmp_path_factory.mktemp("real") / "output"
    build = run_build(REPO, output=str(output))
    assert build.returncode == 0, build.stderr
    return Build(output.parent, 0, build.stdout, build.stderr)
