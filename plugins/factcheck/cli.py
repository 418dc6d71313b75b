"""Command line: `check` validates content without rendering; `build` runs Pelican with plain messages.

`build` is `pelican content` with one-line messages: the plugin itself (see
`publish`) builds beside the output and swaps it in only when every step
succeeded, so both give the same site and a failed build changes nothing.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from collections import Counter
from collections.abc import Sequence

from .config import ConfigError
from .confine import walk
from .content import load_site, read_registry_file, shown_path
from .contribute import new_claim, new_source
from .history import HistoryError, file_at
from .model import Problem
from .permalinks import registration
from .registry import lost_lines, read_registry
from .schema import field_reference, json_schema
from .settings import load_config
from .transaction import OutputError, build_lock, cannot_write, clean
from .writing import WriteRefused, replace_file


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a setting the plugin cannot use is one line naming it, never a traceback."""
    try:
        return _run_command(argv)
    except ConfigError as error:
        print(f"settings: error: {error}", file=sys.stderr)
        return 1


def _run_command(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factcheck")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate all content without rendering")
    check.add_argument("-s", "--settings", default="pelicanconf.py")
    check.add_argument("files", nargs="*", help="only report problems in these files (or FILES=)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too (CI: `make check STRICT=1`)")
    build = commands.add_parser("build", help="build the site, swapping the output in on success")
    build.add_argument("-s", "--settings", default="pelicanconf.py")
    build.add_argument("-o", "--output", default="output")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    build.add_argument(
        "--offline", action="store_true", help="relative links naming index.html: a preview that opens from disk"
    )
    tidy = commands.add_parser("clean", help="remove what builds created, waiting for a running build")
    tidy.add_argument("-o", "--output", default="output")
    commands.add_parser("fields", help="print the front-matter field reference (Markdown)")
    schemas = commands.add_parser("schemas", help="write the JSON Schemas of the front matter for editors")
    schemas.add_argument("-s", "--settings", default="pelicanconf.py")
    schemas.add_argument("--output", default="schemas")
    permalinks = commands.add_parser("permalinks", help="add every published URL to the permalink registry")
    permalinks.add_argument("-s", "--settings", default="pelicanconf.py")
    lost = commands.add_parser("registry-diff", help="fail if the permalink registry lost or changed a line since REF")
    lost.add_argument("-s", "--settings", default="pelicanconf.py")
    lost.add_argument("ref", help="the git branch or commit to compare with, e.g. origin/main")
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
    if args.command == "registry-diff":
        return run_registry_diff(args.settings, args.ref)
    if args.command == "clean":
        return run_clean(args.output)
    if args.command == "check":
        return run_check(args.settings, args.files or os.environ.get("FILES", "").split(), strict=args.strict)
    return run_build(args.settings, args.output, index_search=not args.no_search, offline=args.offline)


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
    if os.path.islink(directory):  # refused by the content scan; a walk would walk what it points at
        return 0
    return sum(name.endswith(".md") for _, _, names in walk(directory) for name in names)


def run_check(settings_file: str, files: Sequence[str] = (), strict: bool = False) -> int:
    """Print every problem as `file:line: message — fix` and a summary; 1 on any error (on any warning if `strict`)."""
    config = load_config(settings_file)
    result = load_site(config)
    # Any spelling of a path names the same file: relative, absolute, `./x`, `a//b`.
    wanted = {os.path.realpath(f) for f in files}
    problems = [p for p in result.problems if not wanted or os.path.realpath(p.path) in wanted]
    problems += [
        Problem(shown_path(f), 1, "there is no such file", "give the path of a claim, source, evidence or page file")
        for f in files
        if not os.path.isfile(f)
    ]
    for problem in sorted(problems, key=lambda p: (p.path, p.line)):
        print(problem, file=sys.stderr)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    claims = _count_files(config.claims_dir)
    sources = _count_files(config.sources_dir)
    evidence = _count_files(config.evidence_dir)
    checked = f"{claims} claim file{'s' * (claims != 1)}, {sources} source file{'s' * (sources != 1)}"
    checked += f", {evidence} evidence file{'s' * (evidence != 1)}"
    if wanted:
        checked = f"{len(wanted)} of {claims + sources + evidence} files"
    failed = errors or (strict and warnings)
    status = "FAILED" if failed else "ok"
    because = " (--strict: warnings fail too)" if strict and warnings and not errors else ""
    print(f"check {status}: {checked}; {errors} error(s), {warnings} warning(s){because}", file=sys.stderr)
    return 1 if failed else 0


def run_schemas(settings_file: str, directory: str) -> int:
    """Write claim.schema.json, source.schema.json and evidence.schema.json, generated from the schema tables."""
    from .content import load_verdict_scale

    config = load_config(settings_file)
    problems: list = []
    scale = load_verdict_scale(config.verdicts_file, problems)
    if scale is None:
        return run_check(settings_file)
    for kind in ("claim", "source", "evidence"):
        path = os.path.join(directory, f"{kind}.schema.json")
        try:  # never through a committed link (`schemas -> ~/.ssh`): see `writing`
            replace_file(path, json.dumps(json_schema(kind, scale.keys), indent=2, ensure_ascii=False) + "\n")
        except WriteRefused as refused:
            print(f"schemas: error: {refused}", file=sys.stderr)
            return 1
        except OSError as error:
            print(f"schemas: error: cannot write {shown_path(path)}: {error.strerror}", file=sys.stderr)
            return 1
    print(f"schemas: wrote claim, source and evidence.schema.json in {directory}/", file=sys.stderr)
    return 0


def run_permalinks(settings_file: str) -> int:
    """Register every published URL, paragraph and declared alias; refuse while content has errors."""
    config = load_config(settings_file)
    result = load_site(config)
    if result.site is None:
        return _refuse_registration(result.errors)
    path = shown_path(config.permalinks_file)
    registry = read_registry(path, read_registry_file(config.permalinks_file, []), [])
    text, blocking = registration(registry, result.site, result.errors)
    if blocking:
        return _refuse_registration(blocking)
    known = set(registry.lines())
    added = [line for line in text.splitlines() if line and not line.startswith("#") and line not in known]
    try:
        _replace(config.permalinks_file, text)
    except WriteRefused as refused:
        print(f"{path}: error: {refused}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{path}: error: cannot write the registry: {error.strerror} — nothing was changed", file=sys.stderr)
        return 1
    anchors = Counter(line.split("#")[0] for line in added if "#" in line)
    for line in added:
        if " -> " in line:
            print(f"permalinks: declared redirect {line}: review that it leads to the same check", file=sys.stderr)
        elif "#" not in line:
            print(f"permalinks: registered {line}", file=sys.stderr)
    for page, count in sorted(anchors.items()):
        print(f"permalinks: registered {count} paragraph(s) of {page} with their text", file=sys.stderr)
    print(f"permalinks: {len(added)} line(s) added to {path}", file=sys.stderr)
    return 0


def _replace(path: str, text: str) -> None:
    """Write beside the file, then swap it in: never through a link, never half written."""
    replace_file(path, text)


def _refuse_registration(errors: list[Problem]) -> int:
    for problem in sorted(errors, key=lambda p: (p.path, p.line)):
        print(problem, file=sys.stderr)
    print("permalinks: nothing was registered; fix the errors above first", file=sys.stderr)
    return 1


def run_registry_diff(settings_file: str, ref: str) -> int:
    """Fail when the registry lost or changed a line since `ref`; CI runs it against the base branch."""
    config = load_config(settings_file)
    path = shown_path(config.permalinks_file)
    try:
        before = file_at(ref, config.permalinks_file)
    except HistoryError as error:
        fix = "name a commit this clone has (in CI, fetch the base branch first)"
        print(f"{path}: error: cannot read the registry at {ref}: {error} — {fix}", file=sys.stderr)
        return 1
    if before is None:
        print(f"registry-diff ok: {ref} has no {path}, so no line can be lost", file=sys.stderr)
        return 0
    problems: list[Problem] = []
    after = read_registry_file(config.permalinks_file, problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    if after is None:
        if not problems:
            print(f"{path}: error: the registry was deleted since {ref} — restore it from {ref}", file=sys.stderr)
        return 1
    lost = lost_lines(before, after)
    for line, now in lost:
        if now:
            print(f"{path}: error: line changed since {ref}: {line} is now {now} — restore it", file=sys.stderr)
        else:
            print(f"{path}: error: line removed since {ref}: {line} — restore it", file=sys.stderr)
    if problems or lost:
        print(f"registry-diff FAILED: {len(lost)} registered line(s) lost since {ref}", file=sys.stderr)
        return 1
    print(f"registry-diff ok: every line registered at {ref} is still in {path}", file=sys.stderr)
    return 0


def run_build(settings_file: str, output: str, index_search: bool = True, offline: bool = False) -> int:
    """Run Pelican as `pelican content` would, with one-line messages; the plugin makes it a transaction."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from .publish import ContentError, abandon

    log = _log_plainly()
    override = {"OUTPUT_PATH": os.path.abspath(output), **({} if index_search else {"FACTCHECK_SEARCH": False})}
    if offline:
        override |= {"RELATIVE_URLS": True, "FACTCHECK_OFFLINE_LINKS": True}
    try:
        settings = read_settings(settings_file, override=override)
        if log.warnings:  # read before the plugin is loaded, so `publish` cannot count these
            return _failed(output, f"the settings gave {log.warnings} warning(s), listed above; fix them")
        log.content_path = settings["PATH"]
        Pelican(settings).run()
    except ContentError as error:
        return _failed(output, str(error))
    except OSError as error:
        abandon()
        return _failed(output, cannot_write(error, output))
    except Exception:
        abandon()
        traceback.print_exc()
        return _failed(output, "the build crashed (traceback above)")
    print(f"build ok: {shown_path(os.path.abspath(output))}", file=sys.stderr)
    return 0


def _failed(output: str, reason: str) -> int:
    path = os.path.abspath(output)
    kept = f"{shown_path(path)} was left as it was." if os.path.lexists(path) else "Nothing was published."
    print(f"build FAILED: {reason}\n{kept}", file=sys.stderr)
    return 1


def run_clean(output: str) -> int:
    """Remove what builds created, under the build lock: never a build in progress, never through a link."""
    output = os.path.abspath(output)
    try:
        with build_lock(output):
            removed = clean(output)
    except OutputError as error:
        print(f"{error}\nclean FAILED: nothing was removed", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"clean FAILED: {cannot_write(error, output)}", file=sys.stderr)
        return 1
    print(f"clean: removed {len(removed)} build product(s) of {shown_path(output)}", file=sys.stderr)
    return 0


class _BuildLog(logging.StreamHandler):
    """Prints each record as one line naming its file (which records fail the build is `publish`'s rule).

    Our problems are already `file:line: severity: message`; Pelican's become
    `file: severity: message` when one of the message's arguments is a file
    (Pelican names content files relative to PATH), else `pelican: severity: message`.
    """

    def __init__(self) -> None:
        super().__init__(sys.stderr)
        self.content_path = "content"
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        super().emit(record)
        self.warnings += record.levelno >= logging.WARNING and not record.name.startswith("factcheck")

    def format(self, record: logging.LogRecord) -> str:
        if record.name.startswith("factcheck"):
            return record.getMessage()
        where = self._file_named(record.args) or record.name.split(".")[0]
        message = record.getMessage()
        # Pelican logs "Could not process %s" from its except block, without the reason: add it.
        if record.levelno >= logging.ERROR and (reason := sys.exc_info()[1]) is not None:
            message = f"{message}: {reason}"
        return " ".join(f"{where}: {record.levelname.lower()}: {message}".split())

    def _file_named(self, args: object) -> str | None:
        for arg in args if isinstance(args, tuple) else ():
            if isinstance(arg, str) and arg:
                for path in (os.path.join(self.content_path, arg), arg):
                    if os.path.isfile(path):
                        return shown_path(path)
        return None


def _log_plainly() -> _BuildLog:
    """Log WARNING and above to stderr, one line each."""
    handler = _BuildLog()
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    return handler
