"""Turn parsed front matter into model objects, collecting every problem.

Owns per-file validation: a claim's or source's fields as a whole (value
formats are `fields`), and dates that contradict each other. It never stops at the first problem, and it
never looks at other files: cross-file checks (sources exist, quotes are
verbatim, slugs are unique) belong to linking.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable

from .characters import not_text_lines
from .evidence import read_citations
from .fields import MARKUP, SLUG, UNKNOWN, FieldReader
from .footnotes import citation_problems
from .frontmatter import Document
from .markdownlimits import markdown_problems
from .model import (
    Appearance,
    Claim,
    Claimant,
    Paragraph,
    Problem,
    Source,
    Update,
    Verdict,
    VerdictScale,
    excerpt,
)
from .scaffold import PLACEHOLDER
from .schema import (
    CLAIM_FIELDS,
    CLAIM_MAX_CHARS,
    MAX_BODY_CHARS,
    MAX_PARAGRAPH_CHARS,
    MAX_SLUG_CHARS,
    MAX_VALUE_CHARS,
    SOURCE_FIELDS,
    Field,
)

MAX_VERDICTS = 20  # the scale is read by every claim; a scale is a handful of steps


# A verdict's label or description in one language: `label_es: Falso`, `description_pt_BR: …`.
TRANSLATED_FIELD = re.compile(r"(label|description)_([a-z]{2,3}(?:_[A-Za-z]{2,4})?)")


def read_verdict_scale(document: Document, problems: list[Problem], language: str = "en") -> VerdictScale | None:
    """Read the verdict scale data file: a list of key, label, rating, colour, description.

    A verdict may also give its label and description in other languages (`label_es`,
    `description_es`); a site whose DEFAULT_LANG is `es` shows those, any other the plain ones.
    """
    fields = (
        Field("key", "slug", True, "The verdict's key, used in claim files."),
        Field("label", "text", True, "What readers see on the badge."),
        Field("rating", "text", True, "A whole number for ClaimReview."),
        Field("colour", "text", True, "The badge colour, #rrggbb."),
        Field("description", "text", True, "What the verdict means."),
    )
    reader = FieldReader(document.as_field("verdicts"), problems, None)  # messages name `verdicts` item N
    _report_slips(document, problems)  # a key given twice, a value cut by ` #`, a control character
    if not isinstance(document.data, list) or not document.data:
        reader.problem((), "the verdict scale must be a list of verdicts", "start each verdict with `- key:`")
        return None
    if len(document.data) > MAX_VERDICTS:
        reader.problem(
            (),
            f"the verdict scale has {len(document.data):,} verdicts; the limit is {MAX_VERDICTS}",
            "keep it to a few steps readers can tell apart",
        )
        return None
    verdicts = []
    for i, item in enumerate(document.data):
        translated = tuple(
            Field(key, "text", False, "The verdict's label or description in one language.")
            for key in (item if isinstance(item, dict) else ())
            if isinstance(key, str) and TRANSLATED_FIELD.fullmatch(key)
        )
        values = reader.read(item, fields + translated, ("verdicts", i))
        if not values or None in [values[f.name] for f in fields]:
            continue
        if not re.fullmatch(r"-?[0-9]{1,6}", values["rating"]):
            reader.problem(
                ("verdicts", i, "rating"), f"rating must be a whole number, got {excerpt(values['rating'])!r}"
            )
            continue
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", values["colour"]):
            reader.problem(("verdicts", i, "colour"), f"colour must be #rrggbb, got {excerpt(values['colour'])!r}")
            continue
        suffix = language.replace("-", "_")
        label = values.get(f"label_{suffix}") or values["label"]
        description = values.get(f"description_{suffix}") or values["description"]
        verdicts.append(Verdict(values["key"], label, description, int(values["rating"]), values["colour"]))
    for key, count in Counter(v.key for v in verdicts).items():
        if count > 1:
            reader.problem((), f"verdict `{key}` is defined twice", "keep one definition")
    return VerdictScale(tuple(verdicts)) if len(verdicts) == len(document.data) and not document.slips else None


def read_claim(
    document: Document,
    slug: str,
    scale: VerdictScale,
    slugify: Callable[[str], str],
    problems: list[Problem],
    today: dt.date | None = None,
) -> Claim | None:
    """Validate one claim file; None when it has errors (they are in `problems`).

    No date may be later than `today` (the day of the build, in UTC, by default).
    """
    before = len(problems)
    reader = FieldReader(document, problems, scale, today)
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
                document.path,
                document.body_line,
                f"the reasoning is {len(document.body):,} characters; the limit is {MAX_BODY_CHARS:,}",
                "shorten it",
            )
        )
    else:  # the Markdown limits are linear, but a body over the size limit is refused anyway
        for index, message, fix in markdown_problems(document.body):
            problems.append(Problem(document.path, document.body_line + index, message, fix))
    _check_text(document, "the reasoning", problems)
    cited = read_citations(document)
    if cited is not None:
        problems += citation_problems(document.path, document.body, document.body_line, [c.key for c in cited])
    if not document.body.strip():
        problems.append(
            Problem(
                document.path,
                document.body_line,
                "the body is empty",
                "write the reasoning below the closing `---`: what was checked, how, and what was found",
            )
        )
    if values.get("claimant"):
        _check_name(reader, ("claimant",), "the claimant's name", values["claimant"], slugify)
    for i, tag in enumerate(values.get("tags") or []):
        _check_name(reader, ("tags", i), f"the tag {tag!r}", tag, slugify)
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
    updates = values.get("updates") or []
    if values.get("verdict") and all(u and u.get("date") and u.get("note") for u in updates):
        for i, update in enumerate(_verdict_changes(updates, values["verdict"])):
            if update.previous_verdict and update.previous_verdict == update.new_verdict:
                reader.problem(
                    ("updates", i, "previous_verdict"),
                    f"`previous_verdict` is `{update.previous_verdict}`, the verdict this change led to",
                    "give the verdict before the change, or leave `previous_verdict` out if the verdict did not change",
                )
    if len(problems) > before and any(p.severity == "error" for p in problems[before:]):
        return None
    # No error, so every required field was read, and the verdict is a key of `scale` (the reader checked).
    verdict = scale.get(values["verdict"])
    assert published is not None and claim_date is not None and verdict is not None
    return Claim(
        slug=slug,
        path=document.path,
        claim=values["claim"],
        headline=values["headline"],
        claimant=Claimant(values["claimant"], values["claimant_kind"], slugify(values["claimant"])),
        claim_date=claim_date,
        verdict=verdict,
        conclusion=values["conclusion"],
        appearances=read_appearances(document),
        evidence=read_citations(document) or [],  # no error, so the list was read
        reviewer=values["reviewer"],
        published=published.earliest(),
        body=document.body,
        body_line=document.body_line,
        updates=_verdict_changes(values.get("updates") or [], verdict.key),
        tags=values.get("tags") or [],
        aliases=values.get("aliases") or [],
        claimant_line=document.line_of("claimant"),
        tag_lines=[document.line_of("tags", i) for i in range(len(values.get("tags") or []))],
    )


def _verdict_changes(entries: list[dict], current: str) -> list[Update]:
    """The updates log, each verdict change knowing the verdict it led to (a later change starts from it)."""
    updates = [Update(u["date"].earliest(), u["note"], u.get("previous_verdict")) for u in entries]
    after = current
    for update in sorted(updates, key=lambda u: u.date, reverse=True):  # stable: same-day entries keep file order
        if update.previous_verdict:
            update.new_verdict, after = after, update.previous_verdict
    return updates


def _check_name(reader: FieldReader, where: tuple, what: str, name: str, slugify: Callable[[str], str]) -> None:
    """A name that becomes a URL (a claimant, a tag) needs letters or digits and a slug short enough for a path."""
    slug = slugify(name)
    if not slug:
        fix = "write the name in full" if where == ("claimant",) else "use words for topics"
        reader.problem(where, f"{what} has no letters or digits", fix)
    elif len(slug) > MAX_SLUG_CHARS:
        reader.problem(
            where,
            f"{what} makes an address of {len(slug):,} characters; the limit is {MAX_SLUG_CHARS}",
            "shorten it",
        )
    elif not SLUG.fullmatch(slug):
        reader.problem(
            where,
            f"{what} makes the address `{slug}`, which is not a valid slug",
            "use words: letters and digits, separated by spaces or hyphens, with no mark at either end",
        )


def _check_text(document: Document, what: str, problems: list[Problem]) -> None:
    """Report each line of the body holding a character that is not text, raw or as an HTML reference."""
    for line, message, fix in not_text_lines(document.body, document.body_line, what):
        problems.append(Problem(document.path, line, message, fix))


def read_appearances(document: Document) -> list[Appearance]:
    """The well-formed appearances of a claim file, with their lines.

    Also used on claims with other errors, so a bad quote is reported in the
    same run as, say, a misspelt verdict; never more than `appearances` may hold.
    """
    items = document.data.get("appearances") if isinstance(document.data, dict) else None
    limit = next(spec.max_items for spec in CLAIM_FIELDS if spec.name == "appearances")
    return [
        Appearance(
            item["source"].strip(),
            item["quote"],
            document.line_of("appearances", i, "quote"),
            document.line_of("appearances", i, "source"),
        )
        for i, item in enumerate(items[:limit] if isinstance(items, list) else [])
        if isinstance(item, dict)
        and isinstance(item.get("source"), str)
        and isinstance(item.get("quote"), str)
        and item["quote"].strip()
        and len(item["quote"]) <= MAX_VALUE_CHARS
        and SLUG.fullmatch(item["source"].strip())
    ]


def read_source(document: Document, slug: str, problems: list[Problem], today: dt.date | None = None) -> Source | None:
    """Validate one source file; its body is split into paragraphs at blank lines."""
    before = len(problems)
    reader = FieldReader(document, problems, None, today)
    _report_slips(document, problems)
    values = reader.read(document.data, SOURCE_FIELDS) or {}
    paragraphs = _paragraphs(document.body, document.body_line)
    texts = [text for _, text in paragraphs]
    for number, (line, text) in enumerate(paragraphs, start=1):
        if markup := MARKUP.search(text):
            problems.append(
                Problem(
                    document.path,
                    line,
                    f"paragraph {number} of the archived text contains HTML markup: {markup.group(0)!r}…",
                    "paste the text as it reads on the page, not its HTML source",
                )
            )
        if len(text) > MAX_PARAGRAPH_CHARS:
            problems.append(
                Problem(
                    document.path,
                    line,
                    f"paragraph {number} of the archived text is {len(text):,} characters; "
                    f"the limit is {MAX_PARAGRAPH_CHARS:,}",
                    "split it with a blank line where the original starts a new paragraph or sentence",
                )
            )
    _check_text(document, "the archived text", problems)
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


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")


def _paragraphs(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, text) of each paragraph of an archived text, in one pass."""
    found: list[tuple[int, str]] = []
    start, line = 0, first_line  # `line` is the line `start` is on
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(body)]
    for end, after in [*breaks, (len(body), len(body))]:
        chunk = body[start:end]
        if text := chunk.strip():
            found.append((line + chunk.count("\n", 0, len(chunk) - len(chunk.lstrip())), text))
        line += body.count("\n", start, after)
        start = after
    return found


def _report_slips(document: Document, problems: list[Problem]) -> None:
    for line, message, fix in document.slips:
        problems.append(Problem(document.path, line, message, fix))
