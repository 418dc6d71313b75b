"""Share cards show the claim as a claim, who made it in full, and the address of the check."""

from __future__ import annotations

import pytest

from factcheck import sharecards
from factcheck.sharecards import CardText, draw_card

CLAIMANT = "A group of people concerned about the fate of China and of everyone who lives there, 2021 edition"


def drawn_texts(card: CardText, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every string the card draws over its cached background, in order."""
    texts: list[str] = []
    real = sharecards._text

    def record(canvas, xy, text, *args, **kwargs):
        texts.append(text)
        return real(canvas, xy, text, *args, **kwargs)

    sharecards._background.cache_clear()
    monkeypatch.setattr(sharecards, "_text", record)
    png = draw_card(card)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return texts


def card(claim: str, address: str = "factcheck.example/claims/a-check/") -> CardText:
    return CardText("Desk", claim, "Mostly false", "#b3261e", CLAIMANT, "1 February 2021", address)


def test_the_claim_is_not_in_quotation_marks_and_the_claimant_is_never_cut(monkeypatch: pytest.MonkeyPatch):
    texts = drawn_texts(card("Sun Yat-sen said world trends decide fate"), monkeypatch)
    assert "Sun Yat-sen said world trends decide fate" in " ".join(texts)
    assert not any(mark in text for text in texts for mark in '“”"…')
    assert f"Made by {CLAIMANT}, 1 February 2021" in " ".join(texts)  # wrapped over lines, never shortened
    assert texts[-1] == "factcheck.example/claims/a-check/"


def test_a_long_claim_ends_in_an_ellipsis_and_a_long_address_breaks_after_a_slash(monkeypatch: pytest.MonkeyPatch):
    address = "factcheck.example/claims/" + "a-very-long-slug-" * 5 + "end/"
    texts = drawn_texts(card("word " * 40, address), monkeypatch)
    claim_lines = [t for t in texts if t.startswith("word")]
    assert len(claim_lines) == 3 and claim_lines[-1].endswith("…")
    assert "".join(texts[-2:]) == address and texts[-2].endswith("/")


def test_the_address_is_part_of_what_the_card_shows():
    assert card("x").key != card("x", "other.example/claims/a-check/").key
