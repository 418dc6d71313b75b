"""The model alone, without Pelican: dates, the verdict scale, quote matching."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.content import load_verdict_scale
from factcheck.model import PartialDate
from factcheck.quotes import closest_passage, normalise, normalised, verify_quote


def test_partial_dates_keep_their_precision():
    assert PartialDate(2020, 12).isoformat() == "2020-12"
    assert PartialDate(2020, 12).human() == "December 2020"
    assert PartialDate(2021, 2, 1).human() == "1 February 2021"
    assert PartialDate(2020).latest() == dt.date(2020, 12, 31)
    assert PartialDate(2020, 2).latest() == dt.date(2020, 2, 29)


def test_normalise_maps_back_to_original_characters():
    text, origin = normalise("“Hi”\u00a0 — there…")
    assert text == '"Hi" - there...'
    assert origin[-3:] == [13, 13, 13]  # the three dots all come from the one ellipsis


def test_verify_quote_tolerates_typography_but_not_words():
    paragraphs = ["First.", "Mr.\u00a0Ma, China’s richest man, proposed “it”."]
    match = verify_quote('China\'s richest man, proposed "it"', paragraphs)
    assert match.paragraph == 1
    assert paragraphs[1][match.start : match.end] == "China’s richest man, proposed “it”"
    assert verify_quote("China's richer man", paragraphs) is None
    assert verify_quote("hina’s richest", paragraphs) is None  # not on a word boundary
    assert verify_quote("China’s richest ma", paragraphs) is None


def test_closest_passage_points_at_the_difference():
    near = closest_passage("the richest persn in Testland", ["We write to you, the richest person in Testland, today."])
    assert near.passage == "the richest person in Testland"
    assert "persn" in near.quote_part and "person" in near.source_part


def contrast(hex_colour: str, other: str = "#ffffff") -> float:
    def luminance(value: str) -> float:
        channels = [int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(hex_colour), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("verdict", load_verdict_scale(str(REPO / "content/verdicts.yaml"), []).verdicts, ids=str)
def test_badge_text_meets_wcag_aa_in_both_colour_schemes(verdict):
    """Badges are white text on the verdict colour in light and dark mode alike."""
    assert contrast(verdict.colour) >= 4.5, (verdict.key, verdict.colour)


def test_the_scale_numbers_fit_claimreview():
    scale = load_verdict_scale(str(REPO / "content/verdicts.yaml"), [])
    assert scale.keys == ["true", "mostly-true", "mixed", "misleading", "mostly-false", "false", "unproven", "outdated"]
    assert (scale.worst_rating, scale.best_rating) == (1, 6)


@settings(max_examples=300)
@given(st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list(" \u00a0\u200b…“”‘’—\t\n"))))
def test_fast_and_mapped_normalisation_agree(text: str):
    assert normalised(text) == normalise(text)[0]
