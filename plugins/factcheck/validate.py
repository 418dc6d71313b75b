"""Turn parsed front matter into model objects, collecting every problem.

Owns per-file validation: field names, required fields, value formats and
dates that contradict each other. It never stops at the first problem, and it
never looks at other files: cross-file checks (sources exist, quotes are
verbatim, slugs are unique) belong to linking.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from .frontmatter import Document
from .model import (
    Appearance,
    Claim,
    Claimant,
    Evidence,
    Paragraph,
    PartialDate,
    Problem,
    Source,
    Update,
    Verdict,
    VerdictScale,
)
from .scaffold import PLACEHOLDER
from .schema import CLAIM_FIELDS, CLAIM_MAX_CHARS, SOURCE_FIELDS, Field

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_EXAMPLE = "write it as YYYY-MM-DD, for example 2026-11-21"
UNKNOWN = "unknown"
MAX_VALUE_CHARS = 2_000  # a quote is a sentence or a paragraph, not a document
MAX_BODY_CHARS = 100_000
QUOTE_MARKS = "\"'“”‘’„«»"
MARKUP = re.compile(r"<[A-Za-z!/?][^>]{0,20}")
UNSAFE_URL = re.compile(r"[\s<>\"'`\\\x00-\x1f]")
SLASHED_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def did_you_mean(value: str, options: list[str]) -> str:
    """' (did you mean `x`?)' for the closest option, or ''."""
    close = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


class FieldReader:
    """Reads one document's fields against a schema, recording problems as it goes."""

    def __init__(self, document: Document, problems: list[Problem], scale: VerdictScale | None):
        self.document = document
        self.problems = problems
        self.scale = scale

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
        for key in data:
            if key not in names:
                hint = did_you_mean(str(key), names)
                if hint:
                    meant.add(hint.split("`")[1])
                self.problem((*where, key), f"unknown field `{key}`", hint or self._misplaced(str(key), fields, names))
        values = {}
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
                self.problem((*where, key), f"field name `{key}` is in quotation marks", f"write it bare: `{bare}:`")
                fixed[bare] = value
            else:
                fixed[key] = value
        return fixed

    def convert(self, spec: Field, raw: object, where: tuple):
        kind = spec.kind
        if kind == "records":
            if not isinstance(raw, list):
                self.problem(where, f"`{spec.name}` must be a list", "start each item with `- `")
                return None
            return [self.read(item, spec.items, (spec.name, i)) for i, item in enumerate(raw)]
        if kind == "slugs":
            if not isinstance(raw, list) or not all(isinstance(t, str) and SLUG.match(t) for t in raw):
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
        if len(raw) > MAX_VALUE_CHARS:
            self.problem(
                where, f"`{spec.name}` is {len(raw):,} characters; the limit is {MAX_VALUE_CHARS:,}", "shorten it"
            )
            return None
        if PLACEHOLDER in raw:
            self.problem(where, f"`{spec.name}` is not filled in yet", f"replace the {PLACEHOLDER} text — {spec.help}")
            return None
        if kind in ("text", "text-or-unknown") and MARKUP.search(raw):
            self.problem(
                where,
                f"`{spec.name}` contains HTML markup: {MARKUP.search(raw).group(0)!r}…",
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
                    f"`{spec.name}` is not a web address: {raw!r}",
                    "give a full http(s):// address, or leave the field out",
                )
                return None
            return raw
        if kind == "slug":
            if raw.endswith(".md") and SLUG.match(raw[:-3]):
                self.problem(
                    where,
                    f"`{spec.name}` is a file name, not a slug: {raw!r}",
                    f"write `{raw[:-3]}`, without `.md`",
                )
                return None
            if not SLUG.match(raw):
                self.problem(
                    where,
                    f"`{spec.name}` is not a slug: {raw!r}",
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
            self.problem(where, f"unknown {what} `{raw}`", f"{hint + ' ' if hint else ''}allowed: {', '.join(options)}")
            return None
        raise AssertionError(f"unhandled field kind {kind}")

    def date(self, spec: Field, raw: str, where: tuple, partial: bool) -> PartialDate | None:
        match = PARTIAL_DATE.match(raw)
        if not match or (not partial and match.group(3) is None):
            shape = "YYYY-MM-DD, YYYY-MM or YYYY" if partial else "YYYY-MM-DD"
            fix = _date_fix(raw, shape)
            if spec.kind == "partial-date-or-unknown" and did_you_mean(raw, [UNKNOWN]):
                fix = f"did you mean `{UNKNOWN}`? Otherwise {fix}"
            self.problem(where, f"`{spec.name}` is not a date: {raw!r}", fix)
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError as error:
            self.problem(where, f"`{spec.name}` is an impossible date: {raw} ({error})", "check the day and the month")
            return None
        return PartialDate(year, month, day)


def _date_fix(raw: str, shape: str) -> str:
    """Suggest the ISO form of a slashed date, or say why it is ambiguous."""
    slashed = SLASHED_DATE.match(raw)
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


def read_verdict_scale(document: Document, problems: list[Problem]) -> VerdictScale | None:
    """Read the verdict scale data file: a list of key, label, rating, colour, description."""
    fields = (
        Field("key", "slug", True, "The verdict's key, used in claim files."),
        Field("label", "text", True, "What readers see on the badge."),
        Field("rating", "text", True, "A whole number for ClaimReview."),
        Field("colour", "text", True, "The badge colour, #rrggbb."),
        Field("description", "text", True, "What the verdict means."),
    )
    reader = FieldReader(document, problems, None)
    if not isinstance(document.data, list) or not document.data:
        reader.problem((), "the verdict scale must be a list of verdicts", "start each verdict with `- key:`")
        return None
    verdicts = []
    for i, item in enumerate(document.data):
        values = reader.read(item, fields, ("verdicts", i))
        if not values or None in values.values():
            continue
        if not re.fullmatch(r"-?\d+", values["rating"]):
            reader.problem(("verdicts", i, "rating"), f"rating must be a whole number, got {values['rating']!r}")
            continue
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", values["colour"]):
            reader.problem(("verdicts", i, "colour"), f"colour must be #rrggbb, got {values['colour']!r}")
            continue
        verdicts.append(
            Verdict(values["key"], values["label"], values["description"], int(values["rating"]), values["colour"])
        )
    keys = [v.key for v in verdicts]
    for key in {k for k in keys if keys.count(k) > 1}:
        reader.problem((), f"verdict `{key}` is defined twice", "keep one definition")
    return VerdictScale(tuple(verdicts)) if len(verdicts) == len(document.data) else None


def read_claim(
    document: Document,
    slug: str,
    scale: VerdictScale,
    slugify: Callable[[str], str],
    problems: list[Problem],
) -> Claim | None:
    """Validate one claim file; None when it has errors (they are in `problems`)."""
    before = len(problems)
    reader = FieldReader(document, problems, scale)
    _report_slips(document, problems)
    values = reader.read(document.data, CLAIM_FIELDS) or {}
    if values.get("claim") and len(values["claim"]) > CLAIM_MAX_CHARS:
        reader.problem(
            ("claim",),
            f"`claim` is {len(values['claim'])} characters long; ClaimReview wants under {CLAIM_MAX_CHARS}",
            "state the claim more briefly; the full wording belongs in the quotes",
            severity="warning",
        )
    if PLACEHOLDER in document.body:
        line = document.body_line + document.body[: document.body.index(PLACEHOLDER)].count("\n")
        problems.append(
            Problem(document.path, line, "the reasoning is not filled in yet", f"replace the {PLACEHOLDER} text")
        )
    if len(document.body) > MAX_BODY_CHARS:
        problems.append(
            Problem(
                document.path, document.body_line, f"the reasoning is over {MAX_BODY_CHARS:,} characters", "shorten it"
            )
        )
    if not document.body.strip():
        problems.append(
            Problem(
                document.path,
                document.body_line,
                "the body is empty",
                "write the reasoning below the closing `---`: what was checked, how, and what was found",
            )
        )
    if values.get("claimant") and not slugify(values["claimant"]):
        reader.problem(("claimant",), "the claimant's name has no letters or digits", "write the name in full")
    for tag in values.get("tags") or []:
        if not slugify(tag):
            reader.problem(("tags",), f"the tag {tag!r} has no letters or digits", "use words for topics")
    published, claim_date = values.get("published"), values.get("claim_date")
    if published and claim_date and claim_date.earliest() > published.earliest():
        reader.problem(
            ("claim_date",),
            f"the claim is dated {claim_date} but its check was published {published}",
            "a claim cannot be made after its check; correct one of the two dates",
        )
    for i, update in enumerate(values.get("updates") or []):
        if update and update.get("date") and published and update["date"].earliest() < published.earliest():
            reader.problem(
                ("updates", i, "date"),
                f"update dated {update['date']} is before publication ({published})",
                "an update comes after the check was published",
            )
    if len(problems) > before and any(p.severity == "error" for p in problems[before:]):
        return None
    return Claim(
        slug=slug,
        path=document.path,
        claim=values["claim"],
        headline=values["headline"],
        claimant=Claimant(values["claimant"], values["claimant_kind"], slugify(values["claimant"])),
        claim_date=claim_date,
        verdict=scale.get(values["verdict"]),
        conclusion=values["conclusion"],
        appearances=read_appearances(document),
        evidence=[
            Evidence(e["outlet"], e["headline"], e["date"], e.get("url"), e.get("note")) for e in values["evidence"]
        ],
        reviewer=values["reviewer"],
        published=published.earliest(),
        body=document.body,
        body_line=document.body_line,
        updates=[
            Update(u["date"].earliest(), u["note"], u.get("previous_verdict")) for u in values.get("updates") or []
        ],
        tags=values.get("tags") or [],
        aliases=values.get("aliases") or [],
    )


def read_appearances(document: Document) -> list[Appearance]:
    """The well-formed appearances of a claim file, with their lines.

    Also used on claims with other errors, so a bad quote is reported in the
    same run as, say, a misspelt verdict.
    """
    items = document.data.get("appearances") if isinstance(document.data, dict) else None
    return [
        Appearance(
            item["source"].strip(),
            item["quote"],
            document.line_of("appearances", i, "quote"),
            document.line_of("appearances", i, "source"),
        )
        for i, item in enumerate(items if isinstance(items, list) else [])
        if isinstance(item, dict)
        and isinstance(item.get("source"), str)
        and isinstance(item.get("quote"), str)
        and item["quote"].strip()
        and len(item["quote"]) <= MAX_VALUE_CHARS
        and SLUG.match(item["source"].strip())
    ]


def read_source(document: Document, slug: str, problems: list[Problem]) -> Source | None:
    """Validate one source file; its body is split into paragraphs at blank lines."""
    before = len(problems)
    reader = FieldReader(document, problems, None)
    _report_slips(document, problems)
    values = reader.read(document.data, SOURCE_FIELDS) or {}
    texts = [p.strip() for p in re.split(r"\n[ \t\u00a0]*\n", document.body) if p.strip()]
    for number, text in enumerate(texts, start=1):
        if markup := MARKUP.search(text):
            line = document.body_line + document.body[: document.body.find(text)].count("\n")
            problems.append(
                Problem(
                    document.path,
                    line,
                    f"paragraph {number} of the archived text contains HTML markup: {markup.group(0)!r}…",
                    "paste the text as it reads on the page, not its HTML source",
                )
            )
    if not texts:
        problems.append(
            Problem(
                document.path,
                document.body_line,
                "the body is empty",
                "paste the archived text below the closing `---`, paragraphs separated by blank lines",
            )
        )
    if len(problems) > before:
        return None
    published = values["published"]
    return Source(
        slug=slug,
        path=document.path,
        title=values["title"],
        publisher=values["publisher"],
        author=values["author"],
        published=None if published == UNKNOWN else published,
        kind=values["kind"],
        paragraphs=[Paragraph(i + 1, text) for i, text in enumerate(texts)],
        url=values.get("url"),
        date_note=values.get("date_note"),
        based_on=values.get("based_on"),
        note=values.get("note"),
    )


def _report_slips(document: Document, problems: list[Problem]) -> None:
    for line, message, fix in document.slips:
        problems.append(Problem(document.path, line, message, fix))
