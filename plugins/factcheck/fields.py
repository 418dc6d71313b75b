"""Read one front-matter value against its schema entry, with errors that say how to fix it.

Owns value formats: text, dates, slugs, URLs, choices, lists of records, and
the teaching messages for each (did you mean, slashed dates, quoted keys,
markup in plain text). Knows nothing about claims or sources as wholes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any
from urllib.parse import urlsplit

from .frontmatter import Document
from .model import MAX_PROBLEMS_PER_FILE, PartialDate, Problem, VerdictScale, excerpt
from .scaffold import PLACEHOLDER
from .schema import MAX_SLUG_CHARS, Field

# Validators match the whole string: `\A…\Z`, so `.match`, `.search` and `.fullmatch` agree
# and a trailing newline (which `$` accepts) is refused.
SLUG = re.compile(rf"\A(?=.{{1,{MAX_SLUG_CHARS}}}\Z)[a-z0-9]+(?:-[a-z0-9]+)*\Z", re.ASCII)
PARTIAL_DATE = re.compile(r"\A([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
SLASHED_DATE = re.compile(r"\A([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})\Z")
UNKNOWN = "unknown"
QUOTE_MARKS = "\"'“”‘’„«»"
MARKUP = re.compile(r"<[A-Za-z!/?][^>]{0,20}")
UNSAFE_URL = re.compile(r"[\s<>\"'`\\\x00-\x1f]")


def build_day() -> dt.date:
    """The latest date on Earth now (UTC+14): no date in content may be later.

    A check written in the morning east of UTC carries its author's date, which
    is still tomorrow in UTC; it must not fail. Readers take `today`, for exact tests.
    """
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()


def did_you_mean(value: str, options: list[str]) -> str:
    """' (did you mean `x`?)' for the closest option, or ''."""
    close = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


class FieldReader:
    """Reads one document's fields against a schema, recording problems as it goes."""

    def __init__(
        self, document: Document, problems: list[Problem], scale: VerdictScale | None, today: dt.date | None = None
    ):
        self.document = document
        self.problems = problems
        self.scale = scale
        self.today = today or build_day()

    def problem(self, where: tuple, message: str, fix: str = "", severity: str = "error") -> None:
        line = self.document.line_of(*where)
        self.problems.append(Problem(self.document.path, line, message, fix, severity))

    def read(self, data: object, fields: tuple[Field, ...], where: tuple = ()) -> dict | None:
        """Convert a mapping per `fields`; None values mark fields that failed."""
        label = f"`{where[0]}` item {where[1] + 1}" if where else "the front matter"
        if not isinstance(data, dict):
            self.problem(where, f"{label} must be a set of `field: value` lines")
            return None
        names = [f.name for f in fields]
        data = self._unquote_keys(data, names, where)
        meant: set[str] = set()  # fields a misspelt key was probably meant to be
        unknown = 0
        for key in data:
            if key not in names:
                unknown += 1  # past the number of problems shown per file, a hint would cost time and show nothing
                hint = did_you_mean(str(key), names) if unknown <= MAX_PROBLEMS_PER_FILE else ""
                if hint:
                    meant.add(hint.split("`")[1])
                self.problem(
                    (*where, key), f"unknown field `{excerpt(key)}`", hint or self._misplaced(str(key), fields, names)
                )
        values: dict[str, Any] = {}
        for spec in fields:
            raw = data.get(spec.name)
            if isinstance(raw, str) and not raw.strip():
                raw = None
            if raw is None or raw == []:
                if spec.required and spec.name in data:
                    self.problem((*where, spec.name), f"`{spec.name}` is empty", f"write a value: {spec.help}")
                elif spec.required and spec.name not in meant:
                    self.problem(
                        where,
                        f"missing required field `{spec.name}` in {label}",
                        f"add `{spec.name}:` ({spec.help})",
                    )
                values[spec.name] = None
                continue
            values[spec.name] = self.convert(spec, raw, (*where, spec.name))
        return values

    @staticmethod
    def _misplaced(key: str, fields: tuple[Field, ...], names: list[str]) -> str:
        """For a field of a list item written at the wrong level, say where it belongs."""
        for spec in fields:
            if any(item.name == key for item in spec.items):
                return f"`{key}` belongs to an item of `{spec.name}`: indent it under that item's `- ` line"
        return f"known fields: {', '.join(names)}"

    def _unquote_keys(self, data: dict, names: list[str], where: tuple) -> dict:
        """A key typed in quotation marks (often made curly by an editor) is the field it names."""
        fixed = {}
        for key, value in data.items():
            bare = str(key).strip(QUOTE_MARKS)
            if bare != key and bare in names:
                self.problem(
                    (*where, key), f"field name `{excerpt(key)}` is in quotation marks", f"write it bare: `{bare}:`"
                )
                fixed[bare] = value
            else:
                fixed[key] = value
        return fixed

    def convert(self, spec: Field, raw: object, where: tuple):
        kind = spec.kind
        if kind in ("records", "slugs", "tags") and isinstance(raw, list) and not self._few_enough(spec, raw, where):
            return None
        if kind == "records":
            if not isinstance(raw, list):
                self.problem(where, f"`{spec.name}` must be a list", "start each item with `- `")
                return None
            return [self.read(item, spec.items, (spec.name, i)) for i, item in enumerate(raw)]
        if kind in ("slugs", "tags") and isinstance(raw, list) and not self._short_enough(spec, raw, where):
            return None
        if kind == "slugs":
            if not isinstance(raw, list) or not all(isinstance(t, str) and SLUG.fullmatch(t) for t in raw):
                self.problem(
                    where,
                    f"`{spec.name}` must be a list of slugs",
                    "write `aliases: [old-slug]`: lower-case letters, digits and hyphens, no `.md`",
                )
                return None
            return raw
        if kind == "tags":
            if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
                self.problem(where, "`tags` must be a list of words", "write `tags: [ant-group, regulation]`")
                return None
            for i, tag in enumerate(raw):
                if markup := MARKUP.search(tag):
                    self.problem(
                        (*where, i),
                        f"item {i + 1} of `{spec.name}` contains HTML markup: {markup.group(0)!r}…",
                        "front matter is plain text; a tag is a word or two",
                    )
                    return None
            return raw
        if not isinstance(raw, str):
            if isinstance(raw, list):
                self.problem(
                    where,
                    f"`{spec.name}` is a list: YAML reads a value in [square brackets] as one",
                    f'put the value in double quotes: `{spec.name}: "[description]"`',
                )
            else:
                self.problem(where, f"`{spec.name}` must be a single value, not a set of fields")
            return None
        raw = raw.strip()
        if len(raw) > spec.max_chars:
            self.problem(
                where, f"`{spec.name}` is {len(raw):,} characters; the limit is {spec.max_chars:,}", "shorten it"
            )
            return None
        if PLACEHOLDER in raw:
            self.problem(where, f"`{spec.name}` is not filled in yet", f"replace the {PLACEHOLDER} text — {spec.help}")
            return None
        if kind in ("text", "text-or-unknown") and (markup := MARKUP.search(raw)):
            self.problem(
                where,
                f"`{spec.name}` contains HTML markup: {markup.group(0)!r}…",
                "front matter is plain text; remove the tag (write `less than` or add a space after `<`)",
            )
            return None
        if kind == "text":
            return raw
        if kind == "text-or-unknown":
            return None if raw.lower() == UNKNOWN else raw
        if kind in ("date", "partial-date", "partial-date-or-unknown"):
            if kind == "partial-date-or-unknown" and raw.lower() == UNKNOWN:
                return UNKNOWN
            return self.date(spec, raw, where, partial=kind != "date")
        if kind == "url":
            parts = urlsplit(raw)
            if parts.scheme not in ("http", "https") or not parts.netloc or UNSAFE_URL.search(raw):
                self.problem(
                    where,
                    f"`{spec.name}` is not a web address: {excerpt(raw)!r}",
                    "give a full http(s):// address, or leave the field out",
                )
                return None
            return raw
        if kind == "slug":
            if raw.endswith(".md") and SLUG.fullmatch(raw[:-3]):
                self.problem(
                    where,
                    f"`{spec.name}` is a file name, not a slug: {excerpt(raw)!r}",
                    f"write `{raw[:-3]}`, without `.md`",
                )
                return None
            if not SLUG.fullmatch(raw):
                self.problem(
                    where,
                    f"`{spec.name}` is not a slug: {excerpt(raw)!r}",
                    "use lower-case letters, digits and hyphens",
                )
                return None
            return raw
        if kind in ("choice", "verdict"):
            options = list(spec.choices) if kind == "choice" else (self.scale.keys if self.scale else [])
            if raw in options or (kind == "verdict" and self.scale is None):
                return raw
            what = "verdict" if kind == "verdict" else f"value for `{spec.name}`"
            hint = did_you_mean(raw, options)
            self.problem(
                where, f"unknown {what} `{excerpt(raw)}`", f"{hint + ' ' if hint else ''}allowed: {', '.join(options)}"
            )
            return None
        raise AssertionError(f"unhandled field kind {kind}")

    def _few_enough(self, spec: Field, items: list, where: tuple) -> bool:
        if spec.max_items and len(items) > spec.max_items:
            self.problem(
                where,
                f"`{spec.name}` has {len(items):,} items; the limit is {spec.max_items}",
                "keep the ones that matter most",
            )
            return False
        return True

    def _short_enough(self, spec: Field, items: list, where: tuple) -> bool:
        for i, item in enumerate(items):
            if isinstance(item, str) and len(item) > spec.max_chars:
                self.problem(
                    (*where, i),
                    f"item {i + 1} of `{spec.name}` is {len(item):,} characters; the limit is {spec.max_chars}",
                    "shorten it",
                )
                return False
        return True

    def date(self, spec: Field, raw: str, where: tuple, partial: bool) -> PartialDate | None:
        match = PARTIAL_DATE.fullmatch(raw)
        if not match or (not partial and match.group(3) is None):
            shape = "YYYY-MM-DD, YYYY-MM or YYYY" if partial else "YYYY-MM-DD"
            fix = _date_fix(raw, shape)
            if spec.kind == "partial-date-or-unknown" and did_you_mean(raw, [UNKNOWN]):
                fix = f"did you mean `{UNKNOWN}`? Otherwise {fix}"
            self.problem(where, f"`{spec.name}` is not a date: {excerpt(raw)!r}", fix)
            return None
        year = int(match.group(1))  # the pattern requires the year; month and day may be missing
        month, day = (int(g) if g else None for g in match.group(2, 3))
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError as error:
            self.problem(where, f"`{spec.name}` is an impossible date: {raw} ({error})", "check the day and the month")
            return None
        date = PartialDate(year, month, day)
        if date.earliest() > self.today:
            self.problem(
                where,
                f"`{spec.name}` is in the future: {raw} (today is {self.today.isoformat()} at the latest)",
                "give the date it happened; publish a check on the day it is merged, not before",
            )
            return None
        return date


def _date_fix(raw: str, shape: str) -> str:
    """Suggest the ISO form of a slashed date, or say why it is ambiguous."""
    slashed = SLASHED_DATE.fullmatch(raw)
    if slashed:
        first, second, year = (int(g) for g in slashed.groups())
        if first > 12 >= second:
            return f"write it as {year}-{second:02d}-{first:02d} (YYYY-MM-DD)"
        if second > 12 >= first:
            return f"write it as {year}-{first:02d}-{second:02d} (YYYY-MM-DD)"
        return (
            f"write it as YYYY-MM-DD: {year}-{second:02d}-{first:02d} if {first} is the day, "
            f"{year}-{first:02d}-{second:02d} if it is the month"
        )
    return f"write it as {shape}, for example 2026-11-21"
