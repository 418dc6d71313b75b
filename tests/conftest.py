"""Shared test helpers: copy a fixture site, build it the way `make html` does, parse the output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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
