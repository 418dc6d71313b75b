"""Bounded work: a small or hostile file never causes huge work, a crash or a traceback.

Each attack of issue 11's "small files, huge work" is reproduced here and must end in one
`file:line: error: … — fix` line. No test measures time: they assert the refusal, or count
the work an algorithm does, at sizes where the old code took minutes (the 1.8 MB source
took `make check` 94 s; 20 KB of `[` took the build 112 s).

Attacks tried beyond these, and their outcome, are in the report of this change: every one
is refused with a one-line error or renders in linear time.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import random
import re
import shutil
from pathlib import Path
from typing import ClassVar

import markdown
import pytest
from conftest import ROOTS, make_site, run_build, run_check
from markupsafe import escape

from factcheck import quotes
from factcheck.annotate import _badge_link, _passage_nav, annotate
from factcheck.config import FactcheckConfig
from factcheck.content import load_site
from factcheck.evidence import read_evidence_item
from factcheck.fields import PARTIAL_DATE, SLUG, build_day
from factcheck.frontmatter import parse_document
from factcheck.linking import Passage
from factcheck.markdownlimits import markdown_problems
from factcheck.model import Appearance, Paragraph, Problem, Verdict
from factcheck.quotes import SourceText
from factcheck.validate import read_claim, read_source

CLAIM = "content/claims/richest-person.md"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "content"
    shutil.copytree(ROOTS / "test-basic" / "content", root)
    monkeypatch.chdir(tmp_path)
    return root


def errors(content: Path) -> list[str]:
    config = FactcheckConfig.from_settings({"PATH": str(content), "SITEURL": "https://facts.test"}, slugify)
    return [str(p) for p in load_site(config).errors]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def stderr_lines(done) -> list[str]:
    return [line for line in done.stderr.splitlines() if ": error: " in line]


# --- Quotes: matching is one linear search, the closest passage bounded work ---------------------


def test_twenty_one_letter_quotes_against_a_large_source_fail_fast_with_one_line_each(tmp_path: Path):
    """The 94-second `make check`: 20 appearances quoting `e` against a 1.8 MB source."""
    root = make_site(tmp_path)
    words = ("the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "and", "then", "sees", "everything")
    rng = random.Random(1)
    paragraphs = [" ".join(rng.choice(words) for _ in range(80)) + "." for _ in range(4_300)]
    source = (root / "content/sources/alpha-post.md").read_text(encoding="utf-8").split("---\n")[1]
    (root / "content/sources/big.md").write_text(f"---\n{source}---\n" + "\n\n".join(paragraphs) + "\n")
    assert (root / "content/sources/big.md").stat().st_size > 1_800_000
    appearances = "".join('  - source: big\n    quote: "e"\n' for _ in range(20))
    claim = root / "content/claims/hundred-widgets.md"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(re.sub(r"appearances:\n(?:  .*\n)+", "appearances:\n" + appearances, text), encoding="utf-8")
    done = run_check(root)
    assert done.returncode == 1
    assert stderr_lines(done) == [
        f"content/claims/hundred-widgets.md:{11 + 2 * i}: error: quote not found in source `big` — copy the quote"
        " exactly from the source file; no passage there is close to it"
        for i in range(20)
    ]


class CountingMatcher(difflib.SequenceMatcher):
    """Records the lengths of everything difflib is asked to compare."""

    sizes: ClassVar[list[tuple[int, int]]] = []

    def __init__(self, isjunk=None, a="", b="", autojunk=True):
        CountingMatcher.sizes.append((len(a), len(b)))
        super().__init__(isjunk, a, b, autojunk)


def test_the_closest_passage_costs_the_same_however_large_and_repetitive_the_source(monkeypatch):
    """difflib is at worst cubic, so it only ever sees a short stretch; only a few paragraphs are scanned."""
    windows: list[int] = []
    best_window = quotes._best_window

    def counting_window(words: list[str], haystack: str):
        windows.append(len(haystack))
        return best_window(words, haystack)

    monkeypatch.setattr(quotes.difflib, "SequenceMatcher", CountingMatcher)
    monkeypatch.setattr(quotes, "_best_window", counting_window)
    CountingMatcher.sizes = []
    source = SourceText(["a " * 4_000 + "b"] * 500 + ["the richest person in Testland, with concern"])
    near = source.closest("a " * 900 + "c")
    assert near is not None and near.quote_part.endswith("a c") and near.source_part.endswith("a a")
    near = source.closest("the richest persn in Testland")
    assert near.passage == "the richest person in Testland"
    assert len(windows) <= 2 * quotes.CANDIDATES
    assert len(CountingMatcher.sizes) == 2
    assert all(a <= quotes.DIFF_SPAN and b <= quotes.DIFF_SPAN for a, b in CountingMatcher.sizes)


def naive_find(needle: str, paragraphs: list[str]) -> tuple[int, int] | None:
    """The old search: every occurrence in turn, kept when it starts and ends on word boundaries."""
    for number, text in enumerate(paragraphs):
        at = text.find(needle)
        while at >= 0:
            end = at + len(needle)
            cut_before = at > 0 and text[at - 1].isalnum() and text[at].isalnum()
            cut_after = end < len(text) and text[end].isalnum() and text[end - 1].isalnum()
            if not (cut_before or cut_after):
                return number, at
            at = text.find(needle, at + 1)
    return None


def test_the_linear_quote_search_finds_exactly_what_the_old_one_did():
    rng = random.Random(3)
    alphabet = "ab é1-.,"
    for _ in range(3_000):
        paragraphs = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))).strip() or "a" for _ in range(3)]
        paragraphs = [" ".join(p.split()) for p in paragraphs]
        source = rng.choice(paragraphs)
        start = rng.randrange(len(source))
        needle = " ".join(source[start : start + rng.randint(1, 8)].split()) or "a"
        found = SourceText(paragraphs).find(needle)
        expected = naive_find(needle, paragraphs)
        assert (found and (found.paragraph, found.start)) == (expected or None), (needle, paragraphs)


def test_a_cut_occurrence_at_every_position_is_still_one_search():
    """`ab ab … ab` inside a word at every position: the old loop restarted once per occurrence."""
    paragraph = "x" + "ab " * 300_000 + "abx"
    assert SourceText([paragraph]).find("b " + "ab " * 600 + "ab") is None
    assert SourceText([paragraph]).find("ab " * 600 + "ab").start == 4


# --- Markdown that Python-Markdown renders in super-linear time or recursion --------------------


def test_a_body_of_brackets_is_refused_before_rendering(tmp_path: Path):
    """The 112-second build: 20 KB of `[` as the reasoning."""
    root = make_site(tmp_path)
    edit(root / CLAIM, "The ranking changed in **2020**.", "[" * 19_000)
    done = run_check(root)
    assert stderr_lines(done) == [
        f"{CLAIM}:26: error: more than 30 `[` in one paragraph of the reasoning — split the paragraph with a blank"
        r" line, or write a bracket that is not a link as `\[`"
    ]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("intro\n\n" + "[a](" * 31, 2, "more than 30 `[` in one paragraph of the reasoning"),
        ("intro\n\n" + "![x][" * 31, 2, "more than 30 `[` in one paragraph of the reasoning"),
        (
            "[^1]: x\n\n" + "[^1] " * 20 + "\n\n" + "[^1] " * 20 + "\n\n" + "x[^1]\n\n" * 170,
            324,
            "more than 200 `[` in the reasoning",
        ),
        ("see <a " * 31, 0, "more than 30 `<` in one paragraph of the reasoning"),
        ("<x@y " * 31, 0, "more than 30 `<` in one paragraph of the reasoning"),
        ("a\n===\n" * 26, 50, "a paragraph of the reasoning runs over 50 lines"),
        ("# heading\n" * 51, 50, "a paragraph of the reasoning runs over 50 lines"),
        ("a\n: b\n" * 26, 50, "a paragraph of the reasoning runs over 50 lines"),
        ("```a\n\n" * 21, 40, "more than 20 code fences (``` or ~~~) in the reasoning"),
        ("x\n\n" + "> " * 9 + "quoted", 2, "lists and quotations nested more than 8 deep"),
        ("- > 1. " * 3 + "item", 0, "lists and quotations nested more than 8 deep"),
        ("\n".join("  " * i + "- a" for i in range(18)), 17, "a line of the reasoning is indented by 34 columns"),
        ('<div markdown="1">\n\nx\n\n</div>', 0, "a `markdown` attribute in raw HTML"),
    ],
    ids=[
        "links",
        "images",
        "footnote-references",
        "html",
        "autolinks",
        "setext",
        "headings",
        "definitions",
        "fences",
        "quotations",
        "mixed-nesting",
        "indentation",
        "markdown-in-html",
    ],
)
def test_super_linear_markdown_is_refused_at_its_line(body: str, line: int, message: str):
    [(index, found, fix)] = markdown_problems(body)
    assert (index, found[: len(message)]) == (line, message)
    assert fix


def test_ordinary_reasoning_passes_the_limits():
    ordinary = (
        "The filing says [90 widgets](https://example.org/f) [^1], not **100**.\n\n"
        "> The company’s founder is the richest person\n> > said the post.\n\n"
        "- first\n  - nested\n    1. deeper\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```\ncode\n```\n\n" + r"\[" * 500 + "\n\n[^1]: The filing, page 3.\n"
    )
    assert markdown_problems(ordinary) == []
    renderer = markdown.Markdown(extensions=["markdown.extensions.extra"])
    assert "<blockquote>" in renderer.convert(ordinary)


def test_the_real_reasoning_is_far_within_the_limits():
    from conftest import REPO

    for path in sorted((REPO / "content/claims").glob("*.md")):
        document = parse_document(str(path), path.read_text(encoding="utf-8"))
        assert markdown_problems(document.body) == [], path.name


# --- Caps on lists and names --------------------------------------------------------------------


def test_twenty_thousand_tags_are_one_line_not_gigabytes_of_pages(content: Path):
    edit(
        content / "claims/richest-person.md",
        "tags: [wealth, Testland Politics]",
        f"tags: [{', '.join(['t'] * 20_000)}]",
    )
    assert errors(content) == [
        f"{CLAIM}:24: error: `tags` has 20,000 items; the limit is 10 — keep the ones that matter most"
    ]


APPEARANCE = '  - source: beta-letter\n    quote: "the richest person in Testland"\n'
EVIDENCE = "  - id: widget-registry-2021-02-01-annual-filing\n"
UPDATE = "  - date: 2021-04-01\n    note: Checked again.\n"


@pytest.mark.parametrize(
    ("anchor", "added", "field", "limit"),
    [
        ("appearances:\n", APPEARANCE * 19, "appearances", 20),  # the claim has 2
        ("evidence:\n", EVIDENCE * 29, "evidence", 30),  # the claim has 2
        ("tags:", "updates:\n" + UPDATE * 51 + "tags:", "updates", 50),
    ],
)
def test_lists_of_records_are_capped(content: Path, anchor: str, added: str, field: str, limit: int):
    edit(content / "claims/richest-person.md", anchor, anchor + added if anchor.endswith("\n") else added)
    [problem] = errors(content)
    assert problem.endswith(
        f": error: `{field}` has {limit + 1} items; the limit is {limit} — keep the ones that matter most"
    )


def test_aliases_are_capped_in_number_and_length(content: Path):
    edit(content / "claims/richest-person.md", "tags:", f"aliases: [{', '.join(f'old-{i}' for i in range(21))}]\ntags:")
    assert errors(content) == [
        f"{CLAIM}:24: error: `aliases` has 21 items; the limit is 20 — keep the ones that matter most"
    ]
    edit(content / "claims/richest-person.md", "old-0, ", "")
    edit(content / "claims/richest-person.md", "old-1,", "o" + "-o" * 60 + ",")
    assert errors(content) == [
        f"{CLAIM}:24: error: item 1 of `aliases` is 121 characters; the limit is 100 — shorten it"
    ]


def test_a_claimant_whose_address_would_be_too_long_is_refused(tmp_path: Path):
    """A 300-character claimant was `File name too long`; a short name can still make a long slug."""
    root = make_site(tmp_path)
    edit(root / CLAIM, "claimant: Beta Group", "claimant: " + "北" * 60)
    done = run_check(root)
    assert stderr_lines(done) == [
        f"{CLAIM}:4: error: the claimant's name makes an address of 239 characters; the limit is 100 — shorten it"
    ]


def test_hostile_values_fail_the_build_with_one_line_each_and_publish_nothing(tmp_path: Path):
    root = make_site(tmp_path)
    edit(root / CLAIM, "claimant: Beta Group", "claimant: " + "Beta Group " * 27 + "Ltd")
    edit(root / CLAIM, "headline: Is the founder", r'headline: "\uFFFE\ud800\x01\0 Is the founder')
    edit(root / CLAIM, "?", '?"')
    edit(root / "content/claims/hundred-widgets.md", "published: 2021-03-02", "published: 9999-12-31")
    build = run_build(root)
    assert build.returncode != 0
    assert "Traceback" not in build.stderr and "File name too long" not in build.stderr
    assert f"{CLAIM}:3: error: a Unicode noncharacter (U+FFFE) in a value" in build.stderr
    assert f"{CLAIM}:4: error: `claimant` is 300 characters; the limit is 100 — shorten it" in build.stderr
    assert "content/claims/hundred-widgets.md:17: error: `published` is in the future: 9999-12-31" in build.stderr
    assert not (root / "output").exists() or not list((root / "output").rglob("*.html"))


# --- Nesting in front matter ---------------------------------------------------------------------


@pytest.mark.parametrize("size", [2_000, 100_000], ids=["4KB-was-RecursionError", "200KB-was-segfault"])
def test_deeply_nested_front_matter_is_one_line(tmp_path: Path, size: int):
    root = make_site(tmp_path)
    edit(root / CLAIM, "tags: [wealth, Testland Politics]", "tags: " + "[" * size + "]" * size)
    done = run_check(root)
    assert done.returncode == 1
    assert stderr_lines(done) == [
        f"{CLAIM}:24: error: values nested more than 6 levels deep — a claim needs three levels: its fields,"
        " a list such as `evidence:`, an item's fields"
    ]


def test_nesting_in_block_style_and_in_the_verdict_scale_is_capped_too(content: Path):
    edit(
        content / "claims/richest-person.md",
        "tags:",
        "notes:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 9)) + "tags:",
    )
    assert errors(content) == [
        f"{CLAIM}:30: error: values nested more than 6 levels deep — a claim needs three levels: its fields,"
        " a list such as `evidence:`, an item's fields"
    ]
    (content / "verdicts.yaml").write_text("- " * 5_000 + "x\n", encoding="utf-8")
    [problem] = errors(content)
    assert problem.startswith("content/verdicts.yaml:1: error: ")


# --- Characters that are not text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("escape", "what"),
    [
        (r"\ud800", "a lone surrogate (U+D800)"),
        (r"\x01", "an invisible control character (U+0001)"),
        (r"\0", "an invisible control character (U+0000)"),
        (r"\x85", "an invisible control character (U+0085)"),
        (r"\uFFFE", "a Unicode noncharacter (U+FFFE)"),
        (r"\uFDD0", "a Unicode noncharacter (U+FDD0)"),
        (r"\U0010FFFF", "a Unicode noncharacter (U+10FFFF)"),
    ],
)
def test_escapes_that_are_not_text_are_refused_in_values_and_keys(tmp_path: Path, escape: str, what: str):
    root = make_site(tmp_path)
    edit(root / CLAIM, "conclusion: Was true in 2019, not since.", f'conclusion: "Was true{escape} in 2019."')
    edit(root / CLAIM, "reviewer:", f'"re{escape}": x\nreviewer:')
    done = run_check(root)
    assert "Traceback" not in done.stderr
    fix = r"delete it: write the text itself, never an escape such as `\x01`"
    assert stderr_lines(done)[:2] == [
        f"{CLAIM}:8: error: {what} in a value — {fix}",
        f"{CLAIM}:22: error: {what} in a value — {fix}",
    ]


def test_a_raw_control_character_in_a_body_names_its_line(content: Path):
    edit(content / "claims/richest-person.md", "The ranking changed in **2020**.", "First.\n\nThe\x1b[31m ranking.")
    edit(content / "sources/beta-letter.md", "Widgets are the future.", "Widgets\x7f are the future.")
    assert sorted(errors(content)) == [
        f"{CLAIM}:28: error: an invisible control character (U+001B) in the reasoning"
        " — delete it: retype the line, or paste it through a plain-text editor",
        "content/sources/beta-letter.md:11: error: an invisible control character (U+007F) in the archived text"
        " — delete it: retype the line, or paste it through a plain-text editor",
    ]


# --- Whole-string matching -----------------------------------------------------------------------


def test_slug_and_date_patterns_match_the_whole_string():
    assert SLUG.match("old-slug") and not SLUG.match("old-slug\n") and not SLUG.search("x\nold-slug")
    assert not SLUG.match("a" * 101) and SLUG.match("a" * 100)
    assert PARTIAL_DATE.match("2020-12") and not PARTIAL_DATE.match("2020-12\n")
    assert not PARTIAL_DATE.match("２０２０")  # full-width digits are `\d` too


def test_a_file_name_ending_in_a_newline_is_not_a_slug(content: Path):
    shutil.copy(content / "claims/richest-person.md", content / "claims/richest-person\n.md")
    assert errors(content) == [
        "content/claims/richest-person\\n.md:1: error: file name `richest-person .md` is not a valid slug"
        " — rename it with lower-case letters, digits and hyphens only"
    ]


# --- Dates later than the day of the build -------------------------------------------------------


def test_a_claim_published_in_9999_is_refused(content: Path):
    edit(content / "claims/richest-person.md", "published: 2021-03-01", "published: 9999-12-31")
    assert errors(content) == [
        f"{CLAIM}:23: error: `published` is in the future: 9999-12-31"
        f" (today is {build_day().isoformat()} at the latest)"
        " — give the date it happened; publish a check on the day it is merged, not before"
    ]


def claim_document(*changes: tuple[str, str]):
    text = (ROOTS / "test-basic/content/claims/hundred-widgets.md").read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    return parse_document("hundred-widgets.md", text)


TODAY = dt.date(2021, 4, 15)


@pytest.mark.parametrize(
    ("changes", "refused"),
    [
        ([("published: 2021-03-02", "published: 2021-04-15")], []),
        ([("published: 2021-03-02", "published: 2021-04-16")], ["published"]),
        ([("claim_date: 2021-01-04", "claim_date: 2021-04")], []),
        ([("claim_date: 2021-01-04", "claim_date: 2021-05")], ["claim_date"]),
        ([("claim_date: 2021-01-04", "claim_date: 2022")], ["claim_date"]),
        ([("  - date: 2021-04-01", "  - date: 2021-04-16")], ["date"]),
    ],
    ids=[
        "published-today",
        "published-tomorrow",
        "claim-this-month",
        "claim-next-month",
        "claim-next-year",
        "update-tomorrow",
    ],
)
def test_dates_up_to_the_day_of_the_build_are_accepted(changes: list, refused: list[str]):
    scale_text = (ROOTS / "test-basic/content/verdicts.yaml").read_text(encoding="utf-8")
    from factcheck.frontmatter import parse_data_file
    from factcheck.validate import read_verdict_scale

    scale = read_verdict_scale(parse_data_file("verdicts.yaml", scale_text), [])
    problems: list[Problem] = []
    read_claim(claim_document(*changes), "hundred-widgets", scale, slugify, problems, today=TODAY)
    future = [p.message.split("`")[1] for p in problems if "in the future" in p.message]
    assert future == refused, problems


def test_an_evidence_item_dated_tomorrow_is_refused():
    problems: list[Problem] = []
    item = (ROOTS / "test-basic/content/evidence/widget-registry-2021-02-01-annual-filing.md").read_text("utf-8")
    today = parse_document("a.md", item.replace("2021-02-01", "2021-04-15"))
    assert read_evidence_item(today, "a", problems, today=TODAY) is not None and problems == []
    tomorrow = parse_document("a.md", item.replace("2021-02-01", "2021-04-16"))
    assert read_evidence_item(tomorrow, "a", problems, today=TODAY) is None
    assert [p.message for p in problems] == ["`date` is in the future: 2021-04-16 (today is 2021-04-15 at the latest)"]


def test_a_source_dated_tomorrow_is_refused():
    problems: list[Problem] = []
    source = (ROOTS / "test-basic/content/sources/alpha-post.md").read_text(encoding="utf-8")
    read_source(parse_document("a.md", source.replace("2021-01-05", "2021-04-16")), "a", problems, today=TODAY)
    assert [p.message for p in problems] == [
        "`published` is in the future: 2021-04-16 (today is 2021-04-15 at the latest)"
    ]


def test_the_day_of_the_build_is_the_latest_date_on_earth():
    """A check dated by its author east of UTC, still tomorrow in UTC, is not in the future."""
    utc = dt.datetime.now(dt.UTC).date()
    assert utc <= build_day() <= utc + dt.timedelta(days=1)


# --- Highlighting many overlapping passages ------------------------------------------------------


class CountedAppearance(Appearance):
    """Counts reads of `start` and `end`: the work of cutting a paragraph into marked segments."""

    reads = 0

    def __getattribute__(self, name: str):
        if name in ("start", "end"):
            CountedAppearance.reads += 1
        return super().__getattribute__(name)


class FakeClaim:
    def __init__(self, slug: str) -> None:
        self.slug, self.claim = slug, f"claim {slug}"
        self.verdict = Verdict("false", "False", "", 1, "#000000")


def reference_annotation(paragraph: Paragraph, passages: list[Passage], total: int) -> str:
    """What annotate means, the obvious quadratic way: every cut, every passage."""
    text = paragraph.text
    cuts = sorted({0, len(text)} | {p.appearance.start for p in passages} | {p.appearance.end for p in passages})
    html, number = [], 1
    for start, end in itertools.pairwise(cuts):
        covering = [p for p in passages if p.appearance.start <= start and end <= p.appearance.end]
        segment = escape(text[start:end])
        if covering:
            claim = covering[-1].claim
            html.append(
                f'<mark class="passage verdict-{claim.verdict.key}"><a href="claims/{claim.slug}/" '
                f'title="{escape(claim.claim)}">{segment}</a></mark>'
            )
        else:
            html.append(str(segment))
        for passage in passages:
            if passage.appearance.end == end:
                html.append(_badge_link(passage, str, number) + _passage_nav(number, total))
                number += 1
    return "".join(html)


def test_a_paragraph_quoted_by_thousands_of_claims_is_cut_in_n_log_n():
    text = "word " * 2_000
    count = 2_000
    passages = [
        Passage(FakeClaim(f"c{i:05d}"), CountedAppearance("s", "q", 1, 1, None, i % 5_000, 5_000 + i % 4_000))
        for i in range(count)
    ]
    passages.sort(key=lambda p: (p.appearance.start, p.claim.slug))
    CountedAppearance.reads = 0
    html = annotate(Paragraph(1, text), passages, str, 1, count)
    assert html.count('class="badge') == count
    assert CountedAppearance.reads < 20 * count  # the old cut read every passage at every cut: 8,000,000


def test_highlighting_means_what_it_did():
    rng = random.Random(5)
    for _ in range(1_000):
        text = "abcdefghij<&" * rng.randint(1, 3)
        passages = []
        for _ in range(rng.randint(1, 6)):
            start = rng.randrange(len(text))
            end = rng.randint(start + 1, len(text))
            passages.append(Passage(FakeClaim(f"s{rng.randint(0, 3)}"), Appearance("s", "q", 1, 1, None, start, end)))
        passages.sort(key=lambda p: (p.appearance.start, p.claim.slug))
        paragraph = Paragraph(1, text)
        assert str(annotate(paragraph, passages, str, 1, 9)) == reference_annotation(paragraph, passages, 9)


# --- Bounded messages ----------------------------------------------------------------------------


def test_an_unknown_source_names_a_few_known_ones_not_all(content: Path):
    letter = (content / "sources/beta-letter.md").read_text(encoding="utf-8")
    for i in range(15):
        (content / f"sources/zz-{i:02d}.md").write_text(letter, encoding="utf-8")
    edit(content / "claims/richest-person.md", "source: beta-letter", "source: nowhere-at-all")
    [problem] = errors(content)
    assert problem.endswith(
        "known sources: alpha-post, beta-letter, zz-00, zz-01, zz-02, zz-03, zz-04, zz-05, zz-06, zz-07 and 7 more;"
        " add the document under content/sources/ first"
    )


def test_a_verdict_scale_of_thousands_is_refused(content: Path):
    scale = "".join(
        f"- key: v{i}\n  label: V{i}\n  rating: 1\n  colour: '#000000'\n  description: d\n" for i in range(5_000)
    )
    (content / "verdicts.yaml").write_text(scale, encoding="utf-8")
    assert errors(content) == [
        "content/verdicts.yaml:1: error: the verdict scale has 5,000 verdicts; the limit is 20"
        " — keep it to a few steps readers can tell apart"
    ]
