"""The basic fixture builds to exactly the committed output: every file, byte for byte.

tests/roots/test-basic.golden lists every file a build of tests/roots/test-basic writes, with its
sha256 (`sha256sum` format, nothing excluded: builds are reproducible, search index included). A
change to the plugin, the theme or the fixture that changes any output file fails here until the
listing is regenerated and its diff reviewed with the change:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

The fixture is built twice, in this process (as most tests build) and in a new process (as
`make html` does): the in-process builds the rest of the suite relies on are the real thing.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from conftest import ROOTS, make_site, run_build

GOLDEN = ROOTS / "test-basic.golden"


def listing(output: Path) -> list[str]:
    """`sha256  path` for every file under `output`, sorted by path."""
    return [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(output).as_posix()}"
        for path in sorted(output.rglob("*"), key=lambda p: p.relative_to(output).as_posix())
        if not path.is_dir()
    ]


def test_the_basic_fixture_builds_to_the_committed_output(tmp_path: Path):
    here = run_build(make_site(tmp_path / "in-process"))
    assert here.returncode == 0, here.stderr
    built = listing(here.output)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text("\n".join(built) + "\n", encoding="utf-8")
    assert built == GOLDEN.read_text(encoding="utf-8").splitlines(), "regenerate: see this file's docstring"
    fresh = run_build(make_site(tmp_path / "new-process"), process=True)
    assert fresh.returncode == 0, fresh.stderr
    assert listing(fresh.output) == built
