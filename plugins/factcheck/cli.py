"""Command line: `check` validates content without rendering; `build` publishes safely.

`build` runs Pelican into a fresh directory next to the output and swaps it in
only when the build succeeded, so a failed build leaves the published output
exactly as it was.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from .content import load_site, read_registry_file, shown_path
from .contribute import new_claim, new_source
from .model import Problem
from .permalinks import REGISTRY_HEADER, updated_registry
from .schema import field_reference, json_schema
from .searchindex import build_search_index
from .settings import load_config
from .transaction import clear_stale, discard, go_live, new_build_dir


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factcheck")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate all content without rendering")
    check.add_argument("-s", "--settings", default="pelicanconf.py")
    check.add_argument("files", nargs="*", help="only report problems in these files (or FILES=)")
    build = commands.add_parser("build", help="build the site, swapping the output in on success")
    build.add_argument("-s", "--settings", default="pelicanconf.py")
    build.add_argument("-o", "--output", default="output")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    commands.add_parser("fields", help="print the front-matter field reference (Markdown)")
    schemas = commands.add_parser("schemas", help="write the JSON Schemas of the front matter for editors")
    schemas.add_argument("-s", "--settings", default="pelicanconf.py")
    schemas.add_argument("--output", default="schemas")
    permalinks = commands.add_parser("permalinks", help="add every published URL to the permalink registry")
    permalinks.add_argument("-s", "--settings", default="pelicanconf.py")
    env = os.environ.get
    claim = commands.add_parser("new-claim", help="start a claim file from a quote in a source")
    claim.add_argument("-s", "--settings", default="pelicanconf.py")
    claim.add_argument("--source", default=env("SOURCE"), help="source slug (or SOURCE=)")
    claim.add_argument("--quote", default=env("QUOTE"), help="the words, as in the source (or QUOTE=)")
    claim.add_argument("--slug", default=env("SLUG"), help="the new claim's slug (or SLUG=)")
    source = commands.add_parser("new-source", help="start a source file from a text file or stdin")
    source.add_argument("-s", "--settings", default="pelicanconf.py")
    source.add_argument("--file", default=env("FILE"), help="the text as published (or FILE=; default stdin)")
    for name in ("title", "publisher", "kind", "slug", "author", "published", "url"):
        source.add_argument(f"--{name}", default=env(name.upper()))
    args = parser.parse_args(argv)
    ask = input if sys.stdin.isatty() else None
    if args.command == "new-claim":
        return new_claim(args.settings, args.source, args.quote, args.slug, ask)
    if args.command == "new-source":
        text = _read_text(args.file)
        interactive = input if args.file and sys.stdin.isatty() else None
        return new_source(
            args.settings,
            text,
            args.title,
            args.publisher,
            args.kind,
            args.slug,
            args.author,
            args.published,
            args.url,
            interactive,
        )
    if args.command == "fields":
        print(field_reference(), end="")
        return 0
    if args.command == "schemas":
        return run_schemas(args.settings, args.output)
    if args.command == "permalinks":
        return run_permalinks(args.settings)
    if args.command == "check":
        return run_check(args.settings, args.files or os.environ.get("FILES", "").split())
    return run_build(args.settings, args.output, index_search=not args.no_search)


def _read_text(path: str | None) -> str:
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read()
        except (OSError, UnicodeDecodeError) as error:
            print(f"error: cannot read FILE={path}: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
            return ""
    if sys.stdin.isatty():
        print("Paste the text as published, then press Ctrl-D:", file=sys.stderr)
    return sys.stdin.read()


def _count_files(directory: str) -> int:
    return sum(name.endswith(".md") for _, _, names in os.walk(directory) for name in names)


def run_check(settings_file: str, files: Sequence[str] = ()) -> int:
    """Print every problem as `file:line: message — fix` and a summary; 1 on any error."""
    config = load_config(settings_file)
    result = load_site(config)
    # Any spelling of a path names the same file: relative, absolute, `./x`, `a//b`.
    wanted = {os.path.realpath(f) for f in files}
    problems = [p for p in result.problems if not wanted or os.path.realpath(p.path) in wanted]
    problems += [
        Problem(shown_path(f), 1, "there is no such file", "give the path of a claim, source or page file")
        for f in files
        if not os.path.isfile(f)
    ]
    for problem in sorted(problems, key=lambda p: (p.path, p.line)):
        print(problem, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    claims = _count_files(config.claims_dir)
    sources = _count_files(config.sources_dir)
    checked = f"{claims} claim file{'s' * (claims != 1)}, {sources} source file{'s' * (sources != 1)}"
    if wanted:
        checked = f"{len(wanted)} of {claims + sources} files"
    status = "ok" if not errors else "FAILED"
    print(f"check {status}: {checked}; {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def run_schemas(settings_file: str, directory: str) -> int:
    """Write claim.schema.json and source.schema.json, generated from the schema tables."""
    from .content import load_verdict_scale

    config = load_config(settings_file)
    problems: list = []
    scale = load_verdict_scale(config.verdicts_file, problems)
    if scale is None:
        return run_check(settings_file)
    os.makedirs(directory, exist_ok=True)
    for kind in ("claim", "source"):
        with open(os.path.join(directory, f"{kind}.schema.json"), "w", encoding="utf-8") as handle:
            handle.write(json.dumps(json_schema(kind, scale.keys), indent=2, ensure_ascii=False) + "\n")
    print(f"schemas: wrote {directory}/claim.schema.json and {directory}/source.schema.json", file=sys.stderr)
    return 0


def run_permalinks(settings_file: str) -> int:
    """Register every published claim and source URL; refuse while content has errors."""
    config = load_config(settings_file)
    result = load_site(config)
    if result.site is None or result.errors:
        print("permalinks: fix the content errors first (`make check` lists them)", file=sys.stderr)
        return 1
    before = read_registry_file(config.permalinks_file)
    text = updated_registry(before, result.site)
    added = sorted(set(text.splitlines()) - set((before or "").splitlines()) - set(REGISTRY_HEADER.splitlines()))
    with open(config.permalinks_file, "w", encoding="utf-8") as handle:
        handle.write(text)
    for url in added:
        print(f"permalinks: registered {url}", file=sys.stderr)
    print(f"permalinks: {len(added)} added to {shown_path(config.permalinks_file)}", file=sys.stderr)
    return 0


def run_build(settings_file: str, output: str, index_search: bool = True) -> int:
    """Build into a fresh directory and make it live only if every step succeeds."""
    output = os.path.abspath(output)
    build = new_build_dir(output)
    cleaning = clear_stale(output, keep=build)
    try:
        return _build(settings_file, output, build, index_search)
    finally:
        cleaning.join()


def _build(settings_file: str, output: str, build: str, index_search: bool) -> int:
    from pelican import Pelican
    from pelican.settings import read_settings

    from .generator import ContentError

    _log_plainly()
    try:
        Pelican(read_settings(settings_file, override={"OUTPUT_PATH": build})).run()
    except ContentError as error:
        return _failed(build, output, str(error))
    except Exception:
        traceback.print_exc()
        return _failed(build, output, "the build crashed (traceback above)")
    if index_search and (error := build_search_index(build)):
        return _failed(build, output, error)
    go_live(build, output)
    print(f"build ok: {output}", file=sys.stderr)
    return 0


def _failed(build: str, output: str, reason: str) -> int:
    discard(build)
    print(f"build FAILED: {reason}\n{output} was left as it was.", file=sys.stderr)
    return 1


class _PlainFormatter(logging.Formatter):
    """Our problems are already `file:line: severity: message`; Pelican's get a level prefix."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        return message if record.name.startswith("factcheck") else f"{record.levelname}: {message}"


def _log_plainly() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_PlainFormatter())
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
