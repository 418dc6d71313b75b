"""The front matter of claim and source files, defined once, with its limits.

Validation, the field reference in CONTRIBUTING.md and its test all read these
tables, so a field is added here and nowhere else. No Pelican, no I/O.

Every list and every name has a limit: a claim is one page, and a file of
20,000 tags or a 300-character claimant (a directory name) must fail with a
message, not fill the disk or crash the build.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SOURCE_KINDS = (
    "news-article",
    "opinion",
    "blog-post",
    "press-release",
    "open-letter",
    "report",
    "transcript",
    "social-media-post",
    "web-page",
)
CLAIMANT_KINDS = ("person", "organization")
CLAIM_MAX_CHARS = 75  # ClaimReview's advice; longer is a warning
MAX_VALUE_CHARS = 2_000  # any one value: a quote is a sentence or a paragraph, not a document
MAX_NAME_CHARS = 100  # names that become URLs (a claimant, a tag): a path segment must stay short
MAX_SLUG_CHARS = 100  # slugs of claims and sources, and aliases
MAX_BODY_CHARS = 20_000  # a claim's reasoning; real ones are about 3,000
MAX_PARAGRAPH_CHARS = 10_000  # one paragraph of an archived source; real ones are under 1,000


@dataclass(frozen=True)
class Field:
    """One front-matter field: its name, value kind and what it is for.

    `kind` is one of: text, date (YYYY-MM-DD), partial-date (YYYY, YYYY-MM or
    YYYY-MM-DD), partial-date-or-unknown, text-or-unknown, url, slug, choice,
    verdict, tags, slugs, records. A list (tags, slugs, records) holds at most
    `max_items`; a value, or each value of a list, at most `max_chars` characters.
    """

    name: str
    kind: str
    required: bool
    help: str
    choices: tuple[str, ...] = ()
    items: tuple[Field, ...] = ()
    max_items: int = 0
    max_chars: int = MAX_VALUE_CHARS

    def limits(self) -> str:
        """The limits as a sentence for the field reference, or ''."""
        each = f"{self.max_chars:,} characters" if self.max_chars != MAX_VALUE_CHARS else ""
        if self.max_items:
            things = "items" if self.kind == "records" else f"items of up to {each}" if each else "items"
            return f"At most {self.max_items} {things}."
        return f"At most {each}." if each else ""


APPEARANCE_FIELDS = (
    Field(
        "source", "slug", True, "Slug of the source document (its file name without `.md`).", max_chars=MAX_SLUG_CHARS
    ),
    Field("quote", "text", True, "The claim's words exactly as the source has them."),
)

EVIDENCE_FIELDS = (
    Field(
        "id",
        "slug",
        True,
        "The item's id in the evidence library: its file name in `content/evidence/` without `.md`.",
        max_chars=MAX_SLUG_CHARS,
    ),
    Field("note", "text", False, "What this item shows for this claim, in a sentence."),
)

COPY_FIELDS = (
    Field("outlet", "text", True, "The site that republished the story."),
    Field("url", "url", False, "The copy's address on that site."),
    Field("headline", "text", False, "The headline the copy gives, when it differs."),
    Field("date", "partial-date", False, "The date the copy gives, when it differs."),
)

EVIDENCE_ITEM_FIELDS = (
    Field("outlet", "text", True, "The original outlet: Reuters, not the site that copied it."),
    Field(
        "headline",
        "text",
        True,
        "The headline as published; in [square brackets] a description, "
        "when the headline itself could not be confirmed.",
    ),
    Field("date", "partial-date", True, "Publication date: YYYY-MM-DD, YYYY-MM or YYYY."),
    Field("url", "url", False, "Only the outlet's own address; never a copy, never guessed."),
    Field("archive_url", "url", False, "An archived copy of the outlet's page (Wayback Machine, archive.today)."),
    Field(
        "copies",
        "records",
        False,
        "Syndicated copies we read the story through; each names the site, never as the outlet.",
        items=COPY_FIELDS,
        max_items=10,
    ),
)

UPDATE_FIELDS = (
    Field("date", "date", True, "When the page changed: YYYY-MM-DD."),
    Field("note", "text", True, "What changed and why."),
    Field(
        "previous_verdict",
        "verdict",
        False,
        "The verdict before this change, when the change corrected the verdict.",
    ),
)

CLAIM_FIELDS = (
    Field("claim", "text", True, f"The claim, stated neutrally; under {CLAIM_MAX_CHARS} characters."),
    Field("headline", "text", True, "The page headline, a question or a statement."),
    Field("claimant", "text", True, "Who made the claim: a person or an organisation.", max_chars=MAX_NAME_CHARS),
    Field("claimant_kind", "choice", True, "Whether the claimant is a person.", CLAIMANT_KINDS),
    Field("claim_date", "partial-date", True, "When the claim was made: YYYY-MM-DD, YYYY-MM or YYYY."),
    Field("verdict", "verdict", True, "A key of the verdict scale (content/verdicts.yaml)."),
    Field("conclusion", "text", True, "The verdict explained in one line."),
    Field(
        "appearances", "records", True, "Where the claim appears; one or more.", items=APPEARANCE_FIELDS, max_items=20
    ),
    Field("evidence", "records", True, "What the verdict rests on; one or more.", items=EVIDENCE_FIELDS, max_items=30),
    Field("reviewer", "text", True, "Who reviewed the check before publication."),
    Field("published", "date", True, "When the check was first published: YYYY-MM-DD."),
    Field("updates", "records", False, "Dated log of changes after publication.", items=UPDATE_FIELDS, max_items=50),
    Field("tags", "tags", False, "Topics, as a list: [ant-group, regulation].", max_items=10, max_chars=50),
    Field(
        "aliases",
        "slugs",
        False,
        "Earlier slugs of this claim, as a list; each old address keeps redirecting here.",
        max_items=20,
        max_chars=MAX_SLUG_CHARS,
    ),
)

SOURCE_FIELDS = (
    Field("title", "text", True, "The document's title as published."),
    Field("publisher", "text", True, "Who published it: the site or organisation."),
    Field("author", "text-or-unknown", True, "The author's name, or `unknown`."),
    Field("published", "partial-date-or-unknown", True, "Publication date, partial date or `unknown`."),
    Field("date_note", "text", False, "How the date is known, or why it is not."),
    Field("url", "url", False, "The original address, where known."),
    Field("kind", "choice", True, "What kind of document it is.", SOURCE_KINDS),
    Field("based_on", "text", False, "The work this document rewrites or paraphrases."),
    Field("note", "text", False, "Anything a reader should know about this copy."),
)


def field_reference() -> str:
    """The Markdown field reference in CONTRIBUTING.md, generated so it cannot drift."""
    sections = [
        ("Claim files (`content/claims/<slug>.md`)", CLAIM_FIELDS),
        ("Each item of `appearances`", APPEARANCE_FIELDS),
        ("Each item of `evidence`", EVIDENCE_FIELDS),
        ("Evidence files (`content/evidence/<id>.md`)", EVIDENCE_ITEM_FIELDS),
        ("Each item of `copies`", COPY_FIELDS),
        ("Each item of `updates`", UPDATE_FIELDS),
        ("Source files (`content/sources/<slug>.md`)", SOURCE_FIELDS),
    ]
    lines: list[str] = []
    for title, fields in sections:
        lines += [f"#### {title}", "", "| field | required | what it holds |", "|---|---|---|"]
        for spec in fields:
            what = spec.help + (f" One of: {', '.join(f'`{c}`' for c in spec.choices)}." if spec.choices else "")
            what += f" {spec.limits()}" if spec.limits() else ""
            lines.append(f"| `{spec.name}` | {'yes' if spec.required else 'no'} | {what} |")
        lines.append("")
    lines.append(
        f"Any other value is at most {MAX_VALUE_CHARS:,} characters, a claim's reasoning at most "
        f"{MAX_BODY_CHARS:,} and a paragraph of a source at most {MAX_PARAGRAPH_CHARS:,}. No date may be "
        "later than today (wherever in the world it is latest)."
    )
    return "\n".join(lines).rstrip() + "\n"


# JSON Schema fragments: nested JSON values of mixed types.
_JSON_TYPES: dict[str, dict[str, Any]] = {
    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "partial-date": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    "partial-date-or-unknown": {"type": "string", "pattern": r"^(unknown|\d{4}(-\d{2}(-\d{2})?)?)$"},
    "text-or-unknown": {"type": "string", "minLength": 1},
    "text": {"type": "string", "minLength": 1},
    "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
    "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    "tags": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "slugs": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}},
}


def _json_field(spec: Field, verdicts: list[str]) -> dict:
    schema: dict[str, Any]
    if spec.kind == "records":
        schema = {"type": "array", "minItems": 1 if spec.required else 0, "items": _json_object(spec.items, verdicts)}
    elif spec.kind == "choice":
        schema = {"enum": list(spec.choices)}
    elif spec.kind == "verdict":
        # Editors read YAML 1.2, where a bare `false` is a boolean; our reader takes it as the verdict key.
        schema = {"enum": verdicts + [key == "true" for key in ("true", "false") if key in verdicts]}
    elif spec.kind in ("tags", "slugs"):
        schema = {**_JSON_TYPES[spec.kind], "items": {**_JSON_TYPES[spec.kind]["items"], "maxLength": spec.max_chars}}
    elif spec.kind in ("text", "text-or-unknown", "url", "slug"):
        schema = {**_JSON_TYPES[spec.kind], "maxLength": spec.max_chars}
    else:
        schema = dict(_JSON_TYPES[spec.kind])
    if spec.max_items:
        schema["maxItems"] = spec.max_items
    return {"description": spec.help, **schema}


def _json_object(fields: tuple[Field, ...], verdicts: list[str]) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: _json_field(f, verdicts) for f in fields},
    }


def json_schema(kind: str, verdicts: list[str]) -> dict:
    """JSON Schema of a claim's, a source's or an evidence item's front matter, for editors; generated."""
    fields = {"claim": CLAIM_FIELDS, "source": SOURCE_FIELDS, "evidence": EVIDENCE_ITEM_FIELDS}[kind]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{kind}.schema.json",
        "title": f"Front matter of {'an' if kind[0] in 'aeiou' else 'a'} {kind} file",
        "description": "Generated by `make schemas` from plugins/factcheck/schema.py; do not edit.",
        **_json_object(fields, verdicts),
    }
