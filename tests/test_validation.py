"""Every content error is reported as `file:line: message — fix`, all in one run, without Pelican."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOTS

from factcheck.config import FactcheckConfig
from factcheck.content import load_site


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "content"
    shutil.copytree(ROOTS / "test-basic" / "content", root)
    monkeypatch.chdir(tmp_path)
    return root


def load(content: Path):
    return load_site(FactcheckConfig.from_settings({"PATH": str(content), "SITEURL": "https://facts.test"}, slugify))


def messages(content: Path) -> list[str]:
    return [str(p) for p in load(content).problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CLAIM = "content/claims/richest-person.md"


def test_fixture_content_is_valid(content: Path):
    result = load(content)
    assert result.problems == []
    assert [c.slug for c in result.site.claims] == ["hundred-widgets", "richest-person"]


def test_missing_required_field(content: Path):
    edit(content / "claims/richest-person.md", "reviewer: Fact-check desk\n", "")
    assert messages(content) == [
        f"{CLAIM}:1: error: missing required field `reviewer` in the front matter"
        " — add `reviewer:` (Who reviewed the check before publication.)"
    ]


def test_unknown_field_suggests_the_closest(content: Path):
    edit(content / "claims/richest-person.md", "conclusion:", "conclusoin:")
    # The misspelt field is not also reported as missing: one mistake, one message.
    assert messages(content) == [f"{CLAIM}:8: error: unknown field `conclusoin` — did you mean `conclusion`?"]


def test_unknown_verdict_lists_allowed_and_suggests(content: Path):
    edit(content / "claims/richest-person.md", "verdict: outdated", "verdict: outdate")
    assert messages(content) == [
        f"{CLAIM}:7: error: unknown verdict `outdate` — did you mean `outdated`? allowed: true, mostly-true,"
        " mixed, misleading, mostly-false, false, unproven, outdated"
    ]


def test_verdict_in_capitals_is_suggested_in_lower_case(content: Path):
    edit(content / "claims/richest-person.md", "verdict: outdated", "verdict: OUTDATED")
    assert "did you mean `outdated`?" in messages(content)[0]


def test_yaml_booleans_are_not_verdicts_in_disguise(content: Path):
    """`verdict: false` unquoted must mean the verdict False, not a YAML boolean."""
    edit(content / "claims/hundred-widgets.md", 'verdict: "false"', "verdict: false")
    result = load(content)
    assert result.problems == []
    assert {c.slug: c.verdict.key for c in result.site.claims}["hundred-widgets"] == "false"


def test_unknown_source_suggests_the_closest_slug(content: Path):
    edit(content / "claims/richest-person.md", "source: beta-letter", "source: beta-leter")
    assert messages(content) == [f"{CLAIM}:12: error: unknown source `beta-leter` — did you mean `beta-letter`?"]


def test_source_slug_with_extension(content: Path):
    edit(content / "claims/richest-person.md", "source: beta-letter", "source: beta-letter.md")
    assert messages(content) == [
        f"{CLAIM}:12: error: `source` is a file name, not a slug: 'beta-letter.md' — write `beta-letter`, without `.md`"
    ]


def test_quote_not_in_source_shows_closest_passage_and_difference(content: Path):
    edit(content / "claims/richest-person.md", '"the richest person in Testland"', '"the richest persn in Testland"')
    assert messages(content) == [
        f"{CLAIM}:13: error: quote not found in source `beta-letter`; the closest passage is in paragraph p1:"
        " ‹the richest person in Testland› — your quote has ‹richest persn in Testlan› where the source has"
        " ‹richest person in Testlan›; copy it exactly"
    ]


def test_quote_difference_is_shown_in_the_original_characters(content: Path):
    edit(content / "claims/richest-person.md", "The company's founder is", "The company’s founders is")
    [problem] = messages(content)
    assert "your quote has ‹ny’s founders is the rich› where the source has ‹ny’s founder is the rich›" in problem


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "claim: The founder",
            "claim The founder",
            "2: error: a field without a colon — write the field as `name: value`, with a colon and a space",
        ),
        (
            "conclusion: Was true in 2019, not since.",
            'conclusion: "Outdated" since 2020',
            "8: error: the value starts with a quotation mark but goes on after it closes",
        ),
        (
            "conclusion: Was true in 2019, not since.",
            "conclusion: [Outdated since 2020]",
            "8: error: `conclusion` is a list: YAML reads a value in [square brackets] as one"
            ' — put the value in double quotes: `conclusion: "[description]"`',
        ),
        (
            "reviewer: Fact-check desk",
            "reviewer: Desk #2",
            "22: error: `#` starts a comment, so the value was cut to 'Desk'",
        ),
        ('    quote: "the richest person in Testland"', '    quote: ""', "13: error: `quote` is empty — write a value"),
    ],
    ids=["first field without colon", "value opens with a quotation", "bracketed headline", "hash", "empty"],
)
def test_more_newcomer_mistakes(content: Path, old: str, new: str, expected: str):
    edit(content / "claims/richest-person.md", old, new)
    problems = messages(content)
    assert problems[0].startswith(f"{CLAIM}:{expected}"), problems


def test_outdented_item_field_says_where_it_belongs(content: Path):
    edit(content / "claims/richest-person.md", '    quote: "the richest person in Testland"', 'quote: "x"')
    assert (
        f"{CLAIM}:13: error: unknown field `quote` — `quote` belongs to an item of `appearances`:"
        " indent it under that item's `- ` line"
    ) in messages(content)


def test_quote_matching_ignores_typography_only(content: Path):
    """Curly vs straight quotes, dashes and spacing may differ; words may not."""
    result = load(content)
    quote = result.site.claims[0].appearances[0]
    assert quote.quote == 'sold "exactly 100 widgets" last year - a record'
    paragraph = quote.paragraph.text
    assert paragraph[quote.start : quote.end] == "sold “exactly 100 widgets” last year — a record"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("21/11/2026", "`published` is not a date: '21/11/2026' — write it as 2026-11-21 (YYYY-MM-DD)"),
        (
            "01/03/2021",
            "`published` is not a date: '01/03/2021' — write it as YYYY-MM-DD:"
            " 2021-03-01 if 1 is the day, 2021-01-03 if it is the month",
        ),
        ("2021-02-30", "`published` is an impossible date: 2021-02-30 (day is out of range for month)"),
        ("2021-03", "`published` is not a date: '2021-03' — write it as YYYY-MM-DD, for example 2026-11-21"),
    ],
)
def test_invalid_dates(content: Path, value: str, expected: str):
    edit(content / "claims/richest-person.md", "published: 2021-03-01", f"published: {value}")
    [problem] = messages(content)
    assert problem.startswith(f"{CLAIM}:23: error: {expected}")


def test_claim_made_after_its_check_was_published(content: Path):
    edit(content / "claims/richest-person.md", "claim_date: 2021-01", "claim_date: 2021-04-02")
    assert messages(content) == [
        f"{CLAIM}:6: error: the claim is dated 2021-04-02 but its check was published 2021-03-01"
        " — a claim cannot be made after its check; correct one of the two dates"
    ]


def test_update_before_publication(content: Path):
    edit(content / "claims/hundred-widgets.md", "date: 2021-04-01", "date: 2021-01-01")
    [problem] = messages(content)
    assert problem.startswith("content/claims/hundred-widgets.md:19: error: update dated 2021-01-01 is before")


def test_duplicate_slugs(content: Path):
    (content / "claims/archive").mkdir()
    shutil.copy(content / "claims/richest-person.md", content / "claims/archive/richest-person.md")
    assert messages(content) == [
        "content/claims/archive/richest-person.md:1: error: duplicate slug `richest-person`:"
        " content/claims/richest-person.md has it too"
        " — rename one of the files; slugs are URLs and must be unique"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "reviewer: Fact-check desk",
            "reviewer Fact-check desk",
            "22: error: a field without a colon — write the field as `name: value`, with a colon and a space",
        ),
        (
            "  - source: alpha-post",
            "\t- source: alpha-post",
            "10: error: a tab character in the front matter — replace it with spaces: YAML allows no tabs",
        ),
        (
            "conclusion: Was true in 2019, not since.",
            "conclusion: Note: true in 2019",
            '8: error: the value contains `: ` — put the whole value in double quotes: `name: "text: more text"`',
        ),
        (
            '    quote: "The company',
            '  quote: "The company',
            "11: error: wrong indentation — indent `quote` by 4 spaces so it lines up with `source` on line 10;"
            " items of a list start with `- ` and their fields line up",
        ),
        (
            "  - id: test-wire-2020-06-01-founder-loses-top-spot",
            "  - id: test-wire-2020-06-01-founder-loses-top-spot\n  note: x",
            "19: error: wrong indentation — indent `note` by 4 spaces so it lines up with `id` on line 18",
        ),
        (
            "headline: Is",
            "  headline: Is",
            "3: error: wrong indentation — indent `headline` by 0 spaces so it lines up with `claim` on line 2",
        ),
    ],
    ids=["missing colon", "tab", "colon in value", "list field indent", "evidence field indent", "top-level indent"],
)
def test_malformed_yaml_is_explained_at_its_line(content: Path, old: str, new: str, expected: str):
    edit(content / "claims/richest-person.md", old, new)
    [problem] = messages(content)
    assert problem.startswith(f"{CLAIM}:{expected}"), problem


def test_smart_quotes_around_a_field_name(content: Path):
    edit(content / "claims/richest-person.md", "claimant: Beta Group", "“claimant”: Beta Group")
    assert messages(content) == [
        f"{CLAIM}:4: error: field name `“claimant”` is in quotation marks — write it bare: `claimant:`"
    ]


def test_empty_body(content: Path):
    path = content / "claims/richest-person.md"
    path.write_text(path.read_text().split("---\nThe ranking")[0] + "---\n\n")
    [problem] = messages(content)
    assert problem.startswith(f"{CLAIM}:26: error: the body is empty — write the reasoning")


def test_long_claim_is_a_warning_not_an_error(content: Path):
    edit(
        content / "claims/richest-person.md",
        "claim: The founder",
        "claim: " + "Very " * 12 + "long, the founder",
    )
    result = load(content)
    [problem] = result.problems
    assert problem.severity == "warning" and "ClaimReview wants under 75" in problem.message
    assert len(result.site.claims) == 2


def test_every_problem_is_reported_in_one_run(content: Path):
    edit(content / "claims/richest-person.md", "verdict: outdated", "verdict: wrong")
    edit(content / "claims/hundred-widgets.md", "source: alpha-post", "source: nowhere")
    edit(content / "sources/beta-letter.md", "kind: open-letter", "kind: letter")
    problems = messages(content)
    assert len(problems) == 3
    assert {p.split(":")[0] for p in problems} == {
        "content/claims/richest-person.md",
        "content/claims/hundred-widgets.md",
        "content/sources/beta-letter.md",
    }


def test_quote_errors_are_reported_even_when_the_claim_has_other_errors(content: Path):
    edit(content / "claims/richest-person.md", "verdict: outdated", "verdict: Outdated")
    edit(
        content / "claims/richest-person.md",
        '"the richest person in Testland"',
        '"the richest persn in Testland"',
    )
    problems = messages(content)
    assert [p.split(": error: ")[0] for p in problems] == [f"{CLAIM}:7", f"{CLAIM}:13"]
    assert "unknown verdict `Outdated` — did you mean `outdated`?" in problems[0]
    assert "quote not found in source `beta-letter`" in problems[1]


def test_each_verdict_change_shows_the_verdict_it_led_to(content: Path):
    widgets = content / "claims/hundred-widgets.md"
    edit(
        widgets,
        "    previous_verdict: mostly-true\n",
        "    previous_verdict: mostly-true\n"
        "  - date: 2021-05-01\n    note: Rated again.\n    previous_verdict: mixed\n",
    )
    claim = next(c for c in load(content).site.claims if c.slug == "hundred-widgets")
    changes = [(u.previous_verdict, u.new_verdict) for u in claim.updates]
    assert changes == [("mostly-true", "mixed"), ("mixed", "false")]
    edit(widgets, "previous_verdict: mixed", "previous_verdict: false")
    assert messages(content) == [
        "content/claims/hundred-widgets.md:24: error: `previous_verdict` is `false`, the verdict this change led to"
        " — give the verdict before the change, or leave `previous_verdict` out if the verdict did not change"
    ]
