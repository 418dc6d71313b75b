"""Command line: `check` validates content without rendering; `build` publishes safely.

`build` runs Pelican into a fresh directory next to the output and swaps it in
only when the build succeeded, so a failed build leaves the published output
exactly as it was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence

from .content import load_site
from .settings import load_config


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factcheck")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate all content without rendering")
    check.add_argument("-s", "--settings", default="pelicanconf.py")
    check.add_argument("files", nargs="*", help="only report problems in these files")
    build = commands.add_parser("build", help="build the site, swapping the output in on success")
    build.add_argument("-s", "--settings", default="pelicanconf.py")
    build.add_argument("-o", "--output", default="output")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args.settings, args.files)
    return run_build(args.settings, args.output)


def run_check(settings_file: str, files: Sequence[str] = ()) -> int:
    """Print every problem as `file:line: message — fix` and a summary; 1 on any error."""
    result = load_site(load_config(settings_file))
    wanted = {os.path.normpath(f) for f in files}
    problems = [p for p in result.problems if not wanted or os.path.normpath(p.path) in wanted]
    for problem in sorted(problems, key=lambda p: (p.path, p.line)):
        print(problem, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    site = result.site
    checked = f"{len(site.claims)} claims, {len(site.sources)} sources" if site else "content"
    status = "ok" if not errors else "FAILED"
    print(f"check {status}: {checked}; {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def run_build(settings_file: str, output: str) -> int:
    """Build into `<output>.new`, then replace `output` with it; on failure keep the old one."""
    output = os.path.abspath(output)
    staging = f"{output}.new"
    shutil.rmtree(staging, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", "--settings", settings_file, "--output", staging]
    completed = subprocess.run(command)
    if completed.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build FAILED: {output} was left as it was", file=sys.stderr)
        return completed.returncode or 1
    retired = f"{output}.old"
    shutil.rmtree(retired, ignore_errors=True)
    if os.path.exists(output):
        os.rename(output, retired)
    os.rename(staging, output)
    shutil.rmtree(retired, ignore_errors=True)
    print(f"build ok: {output}", file=sys.stderr)
    return 0
