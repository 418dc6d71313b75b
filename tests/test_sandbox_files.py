"""Confinement: nothing a pull request commits reaches outside the site, and builds never damage each other.

Each test commits an attack to a fixture site in tmp_path (a link, a special
file, a cached card, a second build, a broken disk) and asserts what the user
sees: the one-line error naming the file, nothing outside touched, nothing
published, the old output intact.
"""

from __future__ import annotations

import errno
import hashlib
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, make_site, run_build, run_check, run_factcheck

from factcheck import cli, publish, transaction
from factcheck.content import load_site
from factcheck.settings import load_config
from factcheck.sharecards import card_key
from factcheck.transaction import build_lock

ENV = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
SECRET = "SECRET-7f3a-do-not-publish"


def factcheck(root: Path, *args: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "factcheck", *args]
    return subprocess.Popen(command, cwd=root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def build_command(*extra: str) -> list[str]:
    return ["build", "--settings", "pelicanconf.py", "--output", "output", *extra]


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under `directory` (not following links) with its digest; links as their target."""
    found = {}
    for root, dirs, names in os.walk(directory):
        for name in dirs + names:
            path = Path(root) / name
            key = str(path.relative_to(directory))
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def precious(tmp_path: Path) -> Path:
    """A directory outside the site that must survive everything, shaped like a builds folder."""
    outside = tmp_path / "precious"
    (outside / "build-1-1").mkdir(parents=True)
    (outside / "build-1-1" / "work.txt").write_text("someone's work")
    (outside / "legacy-1").mkdir()
    (outside / "notes.txt").write_text("notes")
    return outside


# 1. Cleanup never reaches through a link


def refused_lines(command: list[str], reason: str, site: bool) -> list[str]:
    """What `build` or `clean` prints when it refuses the output before touching anything."""
    if command[0] == "build":
        return [f"build FAILED: {reason}", "output was left as it was." if site else "Nothing was published."]
    return [reason, "clean FAILED: nothing was removed"]


def test_a_linked_output_builds_is_refused_and_nothing_is_deleted(site_root: Path, tmp_path: Path):
    outside = precious(tmp_path)
    before = snapshot(outside)
    (site_root / "output.builds").symlink_to(outside)
    reason = (
        "output.builds: error: is a symbolic link — remove it (rm output.builds); "
        "builds are written only into a real directory the build creates"
    )
    for command in (build_command("--no-search"), ["clean", "--output", "output"]):
        done = run_factcheck(site_root, *command)
        stderr = done.stderr
        assert done.returncode == 1, stderr
        assert stderr.splitlines() == refused_lines(command, reason, site=False)
        assert snapshot(outside) == before
        assert (site_root / "output.builds").is_symlink()
        assert not os.path.lexists(site_root / "output")


def test_an_output_link_pointing_outside_the_builds_is_refused(site_root: Path, tmp_path: Path):
    outside = precious(tmp_path)
    before = snapshot(outside)
    for _ in range(2):  # the second build leaves the site it replaced in output.builds/ until the next one
        assert run_build(site_root).returncode == 0
    [replaced] = (site_root / "output.builds").iterdir()
    builds = snapshot(site_root / "output.builds")
    assert builds and replaced.name.startswith("build-")
    shutil.rmtree(site_root / "output")
    (site_root / "output").symlink_to(outside)
    reason = (
        f"output: error: is a link to {str(outside)!r}, outside output.builds/ — "
        "remove the link (rm output); the build creates it"
    )
    for command in (build_command("--no-search"), ["clean", "--output", "output"]):
        done = run_factcheck(site_root, *command)
        stderr = done.stderr
        assert done.returncode == 1, stderr
        assert stderr.splitlines() == refused_lines(command, reason, site=True)
        assert snapshot(outside) == before
        assert snapshot(site_root / "output.builds") == builds
        assert os.readlink(site_root / "output") == str(outside)


def test_a_crashed_builds_leftovers_are_removed_and_nothing_else(site_root: Path, tmp_path: Path):
    outside = precious(tmp_path)
    before = snapshot(outside)
    builds = site_root / "output.builds"
    (builds / "build-5-5").mkdir(parents=True)  # a killed build's half-written folder
    (builds / "build-5-5" / "index.html").write_text("half written")
    (builds / "build-6-6").symlink_to(outside / "build-1-1")  # named like a build, but a link
    (builds / "keep-me").mkdir()  # not a name a build gives
    build = run_build(site_root)
    assert build.returncode == 0, build.stderr
    assert not (builds / "build-5-5").exists()
    assert (builds / "build-6-6").is_symlink() and (builds / "keep-me").is_dir()
    assert snapshot(outside) == before
    clean = run_factcheck(site_root, "clean", "--output", "output")
    stderr = clean.stderr
    assert clean.returncode == 0, stderr
    assert not os.path.lexists(site_root / "output")
    assert sorted(p.name for p in builds.iterdir()) == ["build-6-6", "keep-me"]
    assert snapshot(outside) == before


# 2. Links and special files under content/ are refused, never read


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret" / "passwd"
    path.parent.mkdir()
    path.write_text(f"/claims/{SECRET}/\nroot:x:0:0:{SECRET}\n")
    return path


LINK = "the file is a symbolic link — commit the file itself, not a link"
LINKED_DIRECTORY = "this directory is a symbolic link — commit the directory and its files themselves, not a link"


@pytest.mark.parametrize(
    ("relative", "target", "message"),
    [
        ("content/permalinks.txt", "secret", LINK),
        ("content/verdicts.yaml", "secret", LINK),
        ("content/claims/zero.md", "/dev/zero", LINK),
        ("content/sources/notes/passwd.md", "secret", LINK),
        ("content/pages/outside", "secret-directory", LINKED_DIRECTORY),
        ("content/pages/everything", "/", LINKED_DIRECTORY),
    ],
    ids=["registry", "scale", "claim-dev-zero", "source-in-subfolder", "page-folder", "page-folder-root"],
)
def test_links_under_content_are_refused_by_check_and_build(site_root, secret_file, relative, target, message):
    path = site_root / relative
    if path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    target = {"secret": secret_file, "secret-directory": secret_file.parent}.get(target, target)
    path.symlink_to(target)
    check = run_check(site_root)
    assert check.returncode == 1
    assert f"{relative}:1: error: {message}" in check.stderr.splitlines()
    build = run_build(site_root)
    assert build.returncode == 1
    assert f"{relative}:1: error: {message}" in build.stderr.splitlines()
    for output in (check.stdout + check.stderr, build.stdout + build.stderr):
        assert SECRET not in output and "root:" not in output and "Traceback" not in output
    assert not os.path.lexists(site_root / "output")
    assert not os.path.lexists(site_root / "output.builds")  # refused before the build took its lock


@pytest.mark.parametrize("linked", ["content", "content/claims"])
@pytest.mark.parametrize("target", ["a copy", "/"])
def test_a_linked_content_directory_is_not_walked(site_root: Path, linked: str, target: str):
    directory = site_root / linked
    if target == "a copy":
        directory.rename(site_root / "elsewhere")
        (site_root / "elsewhere" / "broken.md").write_text("not front matter")
        target = site_root / "elsewhere"
    else:
        shutil.rmtree(directory)
    directory.symlink_to(target)
    started = time.monotonic()
    check = run_check(site_root)
    assert time.monotonic() - started < 30  # the whole file system was not walked
    assert check.returncode == 1
    lines = check.stderr.splitlines()
    assert f"{linked}:1: error: {LINKED_DIRECTORY}" in lines
    assert not any(line.startswith((f"{linked}/", "elsewhere/")) for line in lines)  # nothing behind it was read
    build = run_build(site_root)
    assert build.returncode == 1
    assert f"{linked}:1: error: {LINKED_DIRECTORY}" in build.stderr.splitlines()
    assert not os.path.lexists(site_root / "output")


def test_special_files_and_oversized_pages_are_refused_before_reading(site_root: Path):
    os.mkfifo(site_root / "content/claims/pipe.md")  # reading it would block forever
    (site_root / "content/pages/huge.md").write_text("Title: Huge\n\n" + "x" * 2_000_001)
    started = time.monotonic()
    check = run_check(site_root)
    build = run_build(site_root)
    assert time.monotonic() - started < 60
    for done in (check, build):
        assert done.returncode == 1
        lines = done.stderr.splitlines()
        assert (
            "content/claims/pipe.md:1: error: the file is a named pipe, not a regular file — "
            "commit a plain text file in its place"
        ) in lines
        assert (
            "content/pages/huge.md:1: error: the file is 2,000,014 bytes; the limit is 2,000,000 — split or shorten it"
        ) in lines
    assert not os.path.lexists(site_root / "output")


# 3. The share-card cache trusts only cards this machine drew


def git(root: Path, *args: str) -> str:
    command = [
        "git",
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.org",
        "-c",
        "init.defaultBranch=main",
        *args,
    ]
    return subprocess.run(command, cwd=root, check=True, capture_output=True, text=True).stdout


def test_a_committed_share_card_is_refused(site_root: Path):
    git(site_root, "init", "-q")
    git(site_root, "add", "-A")
    git(site_root, "commit", "-qm", "site")
    first = run_build(site_root)
    assert first.returncode == 0, first.stderr
    before = snapshot(first.output)
    cards = sorted((site_root / "cache/factcheck-cards").iterdir())
    assert len(cards) == 2  # drawn and cached: the cache is trusted in a clean work tree
    forged, other = cards
    forged.unlink()  # git checks a file out as a new file; the build's card is a link to the cached one
    forged.write_bytes(other.read_bytes())  # one claim's card shown for another
    git(site_root, "add", "-f", str(forged))
    git(site_root, "commit", "-qm", "a pull request")
    shown = f"cache/factcheck-cards/{forged.name}"
    build = run_build(site_root)
    assert build.returncode == 1
    assert (
        f"{shown}:1: error: a cached share card is committed to the repository; the cache holds only cards "
        f"this machine drew — remove it from the repository: git rm --cached {shown}"
    ) in build.stderr.splitlines()
    assert snapshot(first.output) == before
    git(site_root, "rm", "-q", "--cached", str(forged))
    forged.unlink()
    (site_root / "cache/factcheck-cards" / forged.name).symlink_to(other)
    build = run_build(site_root)
    assert build.returncode == 1
    assert f"{shown}:1: error: {LINK}" in build.stderr.splitlines()


def test_outside_a_git_work_tree_cached_cards_are_not_read(site_root: Path, monkeypatch: pytest.MonkeyPatch):
    first = run_build(site_root)
    assert first.returncode == 0, first.stderr
    published = {p.parent.name: p.read_bytes() for p in first.output.glob("claims/*/card.png")}
    assert len(published) == 2
    monkeypatch.chdir(site_root)
    config = load_config("pelicanconf.py")
    cache = site_root / "cache/factcheck-cards"
    cache.mkdir(parents=True)
    for claim in load_site(config).site.claims:  # a tarball can carry a cache: every card forged
        (cache / f"{card_key(claim, config.site_name, config.site_url)}.png").write_bytes(b"\x89PNG forged")
    build = run_build(site_root)
    assert build.returncode == 0, build.stderr
    assert {p.parent.name: p.read_bytes() for p in build.output.glob("claims/*/card.png")} == published


# 4. One build at a time


def test_two_builds_at_once_both_succeed_and_the_live_site_is_complete(tmp_path: Path):
    reference = run_build(make_site(tmp_path / "reference"))
    assert reference.returncode == 0, reference.stderr
    expected = set(snapshot(reference.output))
    root = make_site(tmp_path / "raced")
    for _ in range(3):
        builds = [factcheck(root, *build_command()) for _ in range(2)]
        results = [(b.communicate(timeout=300), b.returncode) for b in builds]
        for (_, stderr), returncode in results:
            assert returncode == 0, stderr
        assert set(snapshot(root / "output")) == expected


def wait_for_line(process: subprocess.Popen, seconds: float = 60) -> str:
    ready, _, _ = select.select([process.stderr], [], [], seconds)
    assert ready, "the command printed nothing"
    return process.stderr.readline()


@pytest.mark.parametrize("command", [build_command(), ["clean"]], ids=["build", "clean"])
def test_a_build_or_clean_waits_for_the_build_in_progress(site_root: Path, command: list[str]):
    assert run_build(site_root).returncode == 0
    live = snapshot(site_root / "output")
    writing = site_root / "output.builds" / f"build-{time.time_ns()}-{os.getpid()}"
    with build_lock(str(site_root / "output")):  # this test is the build in progress
        writing.mkdir()
        (writing / "index.html").write_text("being written")
        waiting = factcheck(site_root, *command)
        line = wait_for_line(waiting)
        assert line.startswith(f"output: waiting for the build that holds the lock (pid {os.getpid()}, `"), line
        assert " started " in line and line.rstrip().endswith(" UTC) to finish")
        time.sleep(0.5)
        assert waiting.poll() is None
        assert (writing / "index.html").read_text() == "being written"
        assert snapshot(site_root / "output") == live
    _, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr
    assert not writing.exists()  # the holder is gone: its leftovers are removed under the lock
    if command[0] == "clean":
        assert "clean: removed 2 build product(s) of output" in stderr  # the output directory and `writing`
        assert not os.path.lexists(site_root / "output")
        assert [p.name for p in (site_root / "output.builds").iterdir()] == []
    else:
        assert "build ok" in stderr
        assert snapshot(site_root / "output") == live


# 5. Environment faults: one line, the old site kept


@pytest.fixture
def built(site_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> Path:
    monkeypatch.chdir(site_root)
    assert cli.run_build("pelicanconf.py", "output", index_search=False) == 0
    capsys.readouterr()
    return site_root


def refuse(number: int, path: str = "") -> OSError:
    return OSError(number, os.strerror(number), path or None)


def assert_failed_cleanly(root: Path, before: dict[str, str], stderr: str, line: str) -> None:
    assert stderr.splitlines()[-2:] == [f"build FAILED: {line}", "output was left as it was."], stderr
    assert "Traceback" not in stderr and "Pagefind" not in stderr and "search index" not in stderr
    output = root / "output"
    assert output.is_dir() and not output.is_symlink()
    assert snapshot(output) == before
    assert list((root / "output.builds").iterdir()) == []  # the failed build's staging directory is gone


def test_a_full_disk_while_writing_pages_is_one_line_and_keeps_the_site(built, monkeypatch, capsys):
    from factcheck.generator import FactcheckGenerator

    before = snapshot(built / "output")

    def full(self, path, data):
        raise refuse(errno.ENOSPC, os.path.join(self.output_path, path))

    monkeypatch.setattr(FactcheckGenerator, "_write_file", full)
    claim = built / "content/claims/hundred-widgets.md"  # changed, so that the feeds are written again, not carried
    claim.write_text(claim.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert cli.run_build("pelicanconf.py", "output", index_search=False) == 1
    stderr = capsys.readouterr().err
    written = next(line for line in stderr.splitlines() if line.startswith("build FAILED: cannot write "))
    assert written.endswith(": No space left on device — free some disk space, then build again")
    assert_failed_cleanly(built, before, stderr, written.removeprefix("build FAILED: "))


def test_a_read_only_output_directory_is_one_line(built, monkeypatch, capsys):
    before = snapshot(built / "output")

    def read_only(output):
        raise refuse(errno.EROFS, os.path.join(output + ".builds", "build-1-1"))

    monkeypatch.setattr(publish, "new_build_dir", read_only)
    assert cli.run_build("pelicanconf.py", "output", index_search=False) == 1
    line = (
        "cannot write output.builds/build-1-1: Read-only file system — "
        "the disk is mounted read-only: build with --output on a writable disk"
    )
    assert_failed_cleanly(built, before, capsys.readouterr().err, line)


def test_going_live_on_a_read_only_disk_is_one_line(built, monkeypatch, capsys):
    before = snapshot(built / "output")
    exchanged = []

    def read_only(first, second):  # renameat2(RENAME_EXCHANGE) refused, as on a disk remounted read-only
        exchanged.append((first, second))
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), first, None, second)

    monkeypatch.setattr(transaction, "_exchange", read_only)
    assert cli.run_build("pelicanconf.py", "output", index_search=False) == 1
    [(staging, output)] = exchanged
    assert output == str(built / "output") and Path(staging).parent == built / "output.builds"
    line = (
        f"cannot write output.builds/{Path(staging).name}: Read-only file system — "
        "the disk is mounted read-only: build with --output on a writable disk"
    )
    assert_failed_cleanly(built, before, capsys.readouterr().err, line)


def test_pagefind_failing_on_a_full_disk_blames_the_disk(built, monkeypatch, capsys):
    before = snapshot(built / "output")
    monkeypatch.setattr(publish, "build_search_index", lambda *index: "search indexing failed:\nError writing files")
    real_statvfs = os.statvfs

    def full(path):
        space = real_statvfs(path)
        return os.statvfs_result((space.f_bsize, space.f_frsize, space.f_blocks, 0, 0, *tuple(space)[5:]))

    monkeypatch.setattr(os, "statvfs", full)
    assert cli.run_build("pelicanconf.py", "output") == 1
    stderr = capsys.readouterr().err
    written = next(line for line in stderr.splitlines() if line.startswith("build FAILED: cannot write "))
    assert written.endswith(": No space left on device — free some disk space, then build again")
    assert_failed_cleanly(built, before, stderr, written.removeprefix("build FAILED: "))
