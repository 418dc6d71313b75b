"""One pipeline inside Pelican: plain `pelican`, `make html` and the devserver give the same site, search included."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, make_site, run_build

ENV = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}


def pelican(root: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", *args]
    return subprocess.run(command, cwd=root, env=ENV, capture_output=True, text=True)


def identical(first: Path, second: Path) -> list[str]:
    """Paths that differ between two directory trees (missing on one side, or different bytes)."""
    compared = filecmp.dircmp(first, second)
    differ = [*compared.left_only, *compared.right_only, *compared.diff_files, *compared.funny_files]
    shallow = filecmp.cmpfiles(first, second, compared.common_files, shallow=False)[1]
    differ += shallow
    for name in compared.common_dirs:
        differ += [f"{name}/{d}" for d in identical(first / name, second / name)]
    return differ


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = make_site(tmp_path_factory.mktemp("pipeline"))
    made = run_build(root)
    assert made.returncode == 0, made.stderr
    plain = pelican(root, "-o", "plain")
    assert plain.returncode == 0, plain.stderr
    return root / "output", root / "plain"


def test_plain_pelican_and_make_html_give_byte_identical_sites_search_included(both: tuple[Path, Path]):
    made, plain = both
    assert (made / "pagefind/pagefind-entry.json").exists()
    assert identical(made, plain) == []


def test_output_is_a_real_directory_that_deploy_tools_copy(both: tuple[Path, Path], tmp_path: Path):
    made, _ = both
    assert made.is_dir() and not made.is_symlink()
    copied = tmp_path / "copied"
    subprocess.run(["cp", "-r", str(made), str(copied)], check=True)
    assert identical(made, copied) == []
    with tarfile.open(tmp_path / "site.tar", "w") as archive:
        archive.add(made, arcname="site")
    with tarfile.open(tmp_path / "site.tar") as archive:
        names = archive.getnames()
    assert "site/claims/richest-person/index.html" in names and "site/pagefind/pagefind-entry.json" in names


def test_pelican_plugins_see_every_page_written(tmp_path: Path):
    """Pages go through Pelican's writer, so `content_written` (pelican-sitemap, seo…) fires for each."""
    root = make_site(tmp_path)
    plugin = root / "plugins/recorder"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(
        "import os\nfrom pelican import signals\n"
        "def seen(path, context):\n"
        "    with open(os.path.join(os.path.dirname(__file__), 'written.txt'), 'a') as f:\n"
        "        f.write(os.path.basename(os.path.dirname(path)) + '\\n')\n"
        "def register():\n    signals.content_written.connect(seen)\n"
    )
    settings = root / "pelicanconf.py"
    settings.write_text(
        settings.read_text() + f"PLUGIN_PATHS = [{str(REPO / 'plugins')!r}, 'plugins']\n"
        'PLUGINS = ["factcheck", "recorder"]\n'
    )
    done = pelican(root, "-o", "output")
    assert done.returncode == 0, done.stderr
    written = set((plugin / "written.txt").read_text().split())
    assert {"richest-person", "hundred-widgets", "alpha-post", "claims", "sources", "about"} <= written


def test_siteurl_from_the_command_line_is_the_canonical_address(tmp_path: Path):
    root = make_site(tmp_path)
    done = pelican(root, "-o", "output", "-e", 'SITEURL="https://fc.example.org"', "FACTCHECK_SEARCH=false")
    assert done.returncode == 0, done.stderr
    soup = BeautifulSoup((root / "output/claims/richest-person/index.html").read_text(), "html.parser")
    assert soup.find("link", rel="canonical")["href"] == "https://fc.example.org/claims/richest-person/"
    review = json.loads(soup.find("script", type="application/ld+json").string)
    assert review["url"] == "https://fc.example.org/claims/richest-person/"
    assert "localhost" not in (root / "output/feeds/claims.atom.xml").read_text()


def test_publishing_without_an_address_is_one_line_and_no_traceback(tmp_path: Path):
    root = make_site(tmp_path)
    (root / "publishconf.py").write_text(
        "exec(open('pelicanconf.py').read())\nSITEURL = ''\nFACTCHECK_PUBLISH = True\n", encoding="utf-8"
    )
    env = {k: v for k, v in ENV.items() if k != "SITEURL"}
    command = [
        sys.executable,
        "-m",
        "pelican",
        "content",
        "-s",
        "publishconf.py",
        "-o",
        "output",
        "--log-handler",
        "plain",
    ]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    text = " ".join((done.stdout + done.stderr).split())
    assert "SITEURL is not set: publishing needs the site's public address" in text
    assert "Traceback" not in text and not (root / "output").exists()


def test_content_errors_from_plain_pelican_are_one_line_each(tmp_path: Path):
    root = make_site(tmp_path)
    claim = root / "content/claims/richest-person.md"
    claim.write_text(claim.read_text().replace("verdict: outdated", "verdict: wrong"))
    done = pelican(root, "-o", "output")
    assert done.returncode == 1
    assert "content/claims/richest-person.md:7: error: unknown verdict `wrong`" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not (root / "output").exists()


def test_editor_lock_files_are_ignored_as_pelican_ignores_them(tmp_path: Path):
    root = make_site(tmp_path)
    (root / "content/claims/.#richest-person.md").symlink_to("/nonexistent/user@host.1234")
    (root / "content/pages/.#about.md").symlink_to("/etc/passwd")
    done = run_build(root)
    assert done.returncode == 0, done.stderr
    assert "passwd" not in done.stderr and not list((root / "output").rglob(".#*"))


def test_a_changed_theme_static_dir_keeps_the_verdict_colours(tmp_path: Path):
    root = make_site(tmp_path)
    settings = root / "pelicanconf.py"
    settings.write_text(settings.read_text() + 'THEME_STATIC_DIR = "static"\nFACTCHECK_SEARCH = False\n')
    done = run_build(root)
    assert done.returncode == 0, done.stderr
    assert ".verdict-true{" in (root / "output/static/css/verdicts.css").read_text()
    page = (root / "output/claims/richest-person/index.html").read_text()
    assert 'href="/static/css/verdicts.css"' in page and not (root / "output/theme").exists()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            'JINJA_ENVIRONMENT = {"trim_blocks": True}',
            "JINJA_ENVIRONMENT['autoescape'] must be True",
        ),
        (
            "CONTENT_SECURITY_POLICY = \"default-src 'self'; script-src 'self' 'unsafe-inline'\"",
            "CONTENT_SECURITY_POLICY allows 'unsafe-inline'",
        ),
    ],
)
def test_unsafe_settings_are_refused_naming_the_setting(tmp_path: Path, setting: str, message: str):
    root = make_site(tmp_path)
    settings = root / "pelicanconf.py"
    settings.write_text(settings.read_text() + setting + "\n")
    done = run_build(root)
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (root / "output").exists()


def test_offline_preview_links_name_their_index_files_and_never_production(tmp_path: Path):
    root = make_site(tmp_path)
    env = {**ENV, "FACTCHECK_SEARCH": "0"}
    command = [sys.executable, "-m", "factcheck", "build", "--output", "preview", "--offline", "--no-search"]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = BeautifulSoup((root / "preview/claims/richest-person/index.html").read_text(), "html.parser")
    links = [a["href"] for a in page.find_all("a", href=True) if "://" not in a["href"] and ":" not in a["href"]]
    assert "../../claims/index.html" in links
    assert all(not href.startswith("/") and not href.endswith("/") for href in links), links
    for href in (href for href in links if not href.startswith("#")):
        target = (root / "preview/claims/richest-person" / href.split("#")[0]).resolve()
        assert target.is_file(), href


def test_devserver_rebuild_updates_the_page_and_the_search_index(tmp_path: Path):
    root = make_site(tmp_path)
    log = root / "devserver.log"
    command = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "--autoreload"]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=root, env=ENV, stdout=out, stderr=subprocess.STDOUT)
    try:
        entry = root / "output/pagefind/pagefind-entry.json"
        assert _wait_for(entry.exists), log.read_text()
        before = entry.read_text()
        claim = root / "content/claims/richest-person.md"
        edited = claim.read_text().replace("richest", "wealthiest", 1)
        page = root / "output/claims/richest-person/index.html"

        def rebuilt() -> bool:
            # Pelican starts watching only after a build ends: an edit made before that is not seen,
            # so the edit is saved again until the devserver has picked it up.
            claim.write_text(edited)
            return "wealthiest" in page.read_text() and entry.read_text() != before

        assert _wait_for(rebuilt, poll=2.0), log.read_text()
        assert (root / "output").is_dir() and not (root / "output").is_symlink()
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(condition, seconds: float = 60, poll: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except FileNotFoundError:
            pass
        time.sleep(poll)
    return False
