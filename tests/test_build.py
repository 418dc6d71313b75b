"""The build as users run it: a bad change fails loudly and leaves the published output alone."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import REPO, run_build, run_check


def snapshot(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_failed_build_leaves_previous_output_byte_for_byte(site_root: Path):
    first = run_build(site_root)
    assert first.returncode == 0, first.stderr
    before = snapshot(first.output)
    claim = site_root / "content/claims/richest-person.md"
    claim.write_text(claim.read_text().replace("verdict: outdated", "verdict: wrong"))
    failed = first.rebuild()
    assert failed.returncode == 1
    assert "content/claims/richest-person.md:7: error: unknown verdict `wrong`" in failed.stderr
    assert "output was left as it was" in failed.stderr.replace("\n", " ")
    assert "Traceback" not in failed.stderr
    assert snapshot(first.output) == before
    assert first.output.is_dir() and not first.output.is_symlink()
    assert list((site_root / "output.builds").iterdir()) == []  # the failed build's directory is gone


def test_successful_rebuild_replaces_output(site_root: Path):
    assert run_build(site_root).returncode == 0
    (site_root / "output" / "stale.html").write_text("left over from an old build")
    assert run_build(site_root).returncode == 0
    assert not (site_root / "output" / "stale.html").exists()


def test_real_content_checks_and_builds_without_a_warning(tmp_path: Path):
    check = run_check(REPO)
    assert check.returncode == 0, check.stderr
    assert check.stderr.strip().endswith("0 error(s), 0 warning(s)")
    build = run_build(REPO, output=str(tmp_path / "output"))
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr and "warning:" not in build.stderr, build.stderr
    assert (tmp_path / "output/claims/richest-man-in-china/index.html").exists()
