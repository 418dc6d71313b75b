"""Shared test helpers: copy a fixture site, build or check it the way `make` does, parse the output.

`run_build`, `run_check` and `run_factcheck` run `python -m factcheck …` inside this process, as
a fresh process would (see `in_a_fresh_process`): a build costs a sixth of a subprocess's CPU. Tests of
what only a separate process shows (a killed build, a held lock, two builds at once, the devserver,
`make`, environment variables) spawn one with `run_build(..., process=True)` or `run_process`.
`FACTCHECK_TEST_PROCESSES=1 pytest` spawns a process for every one instead, to show that a
failure is not an artefact of running in-process.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import os
import shutil
import subprocess
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"

ALWAYS_A_PROCESS = os.environ.get("FACTCHECK_TEST_PROCESSES") == "1"

# Fixture sites have settings of their own (tests/roots/settings.py), with the real theme and plugin.
THEME_AND_PLUGIN = f"\nTHEME = {str(REPO / 'theme')!r}\nPLUGIN_PATHS = [{str(REPO / 'plugins')!r}]\n"
SETTINGS = (ROOTS / "settings.py").read_text(encoding="utf-8") + THEME_AND_PLUGIN


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


def run_build(root: Path, settings: str = "pelicanconf.py", output: str = "output", process: bool = False) -> Build:
    """`make html` in `root`: in this process, or in a new one with `process=True`."""
    run = run_process if process else run_factcheck
    done = run(root, "build", "--settings", settings, "--output", output)
    return Build(root, done.returncode, done.stdout, done.stderr)


def run_check(root: Path, *files: str, process: bool = False) -> subprocess.CompletedProcess:
    """`make check` in `root` (`files` may include `--strict`)."""
    run = run_process if process else run_factcheck
    return run(root, "check", "--settings", "pelicanconf.py", *files)


def run_process(
    root: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`python -m factcheck ARGS` in a new process in `root`, with `env` added to the environment."""
    environment = {**os.environ, "PYTHONPATH": str(REPO / "plugins"), **(env or {})}
    command = [sys.executable, "-m", "factcheck", *args]
    return subprocess.run(command, cwd=root, env=environment, input=stdin, capture_output=True, text=True)


def run_factcheck(
    root: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`python -m factcheck ARGS` in `root` with `env` added to the environment, run in this process
    as a fresh process would run it."""
    from factcheck import cli

    if ALWAYS_A_PROCESS:
        return run_process(root, *args, stdin=stdin, env=env)
    command = ["python", "-m", "factcheck", *args]
    templates = _compiled_templates(root, args)
    with pytest.MonkeyPatch.context() as environment, in_a_fresh_process(root, stdin, templates) as (stdout, stderr):
        for name, value in (env or {}).items():
            environment.setenv(name, value)
        try:
            returncode = cli.main(list(args))
        except SystemExit as exit:  # argparse's usage errors: end as `python -m` would
            returncode = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
            if exit.code is not None and not isinstance(exit.code, int):
                print(exit.code, file=sys.stderr)
    return subprocess.CompletedProcess(command, returncode, stdout.getvalue(), stderr.getvalue())


# The theme's templates as Jinja compiled them for a build with the fixture settings, unchanged.
_FIXTURE_TEMPLATES: dict[str, bytes] = {}


def _compiled_templates(root: Path, args: Sequence[str]) -> dict[str, bytes]:
    """Compiled templates a build with these arguments may start with: those of the last build whose
    settings file was exactly the fixture settings, if this one's is too, else none.

    Compiling the theme is half of a fixture build. Jinja checks each template's source before
    using its compiled form; the Jinja options it was compiled with are the settings', which are
    the same text, so it is what a fresh process would compile.
    """
    settings = next((b for a, b in itertools.pairwise(args) if a in ("-s", "--settings")), "pelicanconf.py")
    try:
        unchanged = (Path(root) / settings).read_text(encoding="utf-8") == SETTINGS
    except OSError:
        unchanged = False
    return _FIXTURE_TEMPLATES if unchanged else {}


@contextlib.contextmanager
def in_a_fresh_process(
    root: Path, stdin: str = "", templates: dict[str, bytes] | None = None
) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """Run code in `root` with what a new `python -m factcheck` process starts with, then put everything back.

    Forgotten first: the plugin's in-process caches (kept for the devserver, which reuses one
    process; a new process starts without them; `templates` are the compiled templates to start
    with instead of none) and Pelican's log de-duplication (which would swallow a warning a
    previous build in this process already printed). Put back after: the working directory,
    sys.path (Pelican adds ''), the settings modules Pelican imported from `root`, the standard
    streams and the root logger's handlers (the build's `basicConfig(force=True)` replaces them).
    """
    _forget_this_process(templates)
    cwd, path, streams = os.getcwd(), sys.path[:], (sys.stdin, sys.stdout, sys.stderr)
    root_logger = logging.getLogger()
    handlers, level = root_logger.handlers[:], root_logger.level
    for handler in handlers:
        root_logger.removeHandler(handler)
    stdout, stderr = io.StringIO(), io.StringIO()
    os.chdir(root)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), stdout, stderr
    try:
        yield stdout, stderr
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        os.chdir(cwd)
        sys.path[:] = path
        folder = str(Path(root).resolve())
        for name in [name for name, module in sys.modules.items() if _loaded_from(module, folder)]:
            del sys.modules[name]
        for handler in root_logger.handlers[:]:
            root_logger.removeHandler(handler)
            handler.close()
        for handler in handlers:
            root_logger.addHandler(handler)
        root_logger.setLevel(level)
        _forget_this_process(None)  # whatever runs next in this process starts fresh too


def _forget_this_process(templates: dict[str, bytes] | None) -> None:
    """Empty what a new process starts without; `templates` are compiled templates to keep."""
    from pelican.log import LimitFilter

    from factcheck import incremental, publish

    assert not publish._BUILD, "a build of this process is still running"
    for cache in (incremental._READ, incremental._WRITTEN, incremental._MEMO, incremental._SAVED):
        cache.clear()
    incremental._FAILED_AT.clear()
    incremental.TEMPLATE_BYTECODE.buckets = {} if templates is None else templates
    publish._WATCHED.clear()
    LimitFilter._ignore.clear()
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def _loaded_from(module: object, folder: str) -> bool:
    """A settings file Pelican imported from the site's own folder (`pelicanconf`, `publishconf`)."""
    file = getattr(module, "__file__", None)
    return isinstance(file, str) and file.endswith(".py") and os.path.dirname(file) == folder


def make_site(tmp_path: Path, name: str = "test-basic") -> Path:
    """Copy fixture root `name` into tmp_path with the fixture settings (tests/roots/settings.py)."""
    root = tmp_path / name
    shutil.copytree(ROOTS / name, root)
    (root / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    return root


# Modules whose tests share one expensive resource run on one pytest-xdist worker, one after another:
# the browser tests' Chromium starts once a module and never competes with a second one for the cores.
ONE_WORKER = ("tests/test_browser.py", "tests/test_phone_and_print.py", "tests/test_rtl_browser.py")


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """pytest-xdist (`-n`, see pyproject.toml): each test goes to whichever worker is free, except
    the tests of the modules in ONE_WORKER, which go together. (xdist's own `--dist loadgroup` does
    this by marker, but cannot under pytest 9, whose node ids it can no longer rename.)"""
    if config.getvalue("dist") != "load":
        return None  # another --dist was asked for
    from xdist.scheduler import LoadScopeScheduling

    class TogetherWhereShared(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return ONE_WORKER[0] if module in ONE_WORKER else nodeid

    return TogetherWhereShared(config, log)


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

    A link is broken when its page does not exist or its #fragment names no id there; a link to a
    feed or a data file is broken when the file does not exist.
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
            if target not in pages and not target.endswith(".html") and (output / target).is_file():
                continue  # a feed or a data file: it exists, and has no ids to point into
            if target not in pages or (fragment and fragment not in ids[target]):
                broken.append((current, href))
    return reached, pages, broken


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real content, built once per test run exactly as `make html` builds it (read, never changed).

    pytest-xdist's workers share one build: the first to need it builds it under a lock in the
    run's temporary folder, which all workers of a run have in common, and records what it printed.
    """
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # .../pytest-N/ above each worker's popen-gwK/
    output, printed = shared / "real" / "output", shared / "real" / "printed.txt"
    with FileLock(str(shared / "real.lock")):
        if not printed.exists():
            build = run_build(REPO, output=str(output))
            assert build.returncode == 0, build.stderr
            printed.write_text(build.stderr, encoding="utf-8")
    return Build(output.parent, 0, "", printed.read_text(encoding="utf-8"))
