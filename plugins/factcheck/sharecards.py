"""Share cards: a PNG per claim showing the claim and its verdict, so a shared link previews as the verdict.

Owns drawing the card and caching it by content hash: a rebuild redraws only
cards whose claim, verdict or site name changed. Uses the font bundled with
Pillow, so cards look the same on every machine.
"""

from __future__ import annotations

import hashlib
import io
import os
import textwrap

from PIL import Image, ImageDraw, ImageFont

from .confine import Refused, read_regular_file
from .model import Claim

WIDTH, HEIGHT = 1200, 630
MAX_CARD_BYTES = 1_000_000  # a card is ~20 KB
CARD_VERSION = "3"  # bump when the drawing changes, to invalidate cached cards
# The bundled font has no dashes beyond the hyphen; cards are an image of the claim, not a quotation.
_CARD_TEXT = str.maketrans({c: "-" for c in "‐‑‒–—―−"})


def card_key(claim: Claim, site_name: str) -> str:
    """Everything the card shows, hashed: equal keys mean identical cards."""
    shown = "\n".join(
        [
            CARD_VERSION,
            site_name,
            claim.claim,
            claim.verdict.key,
            claim.verdict.label,
            claim.verdict.colour,
            claim.claimant.name,
            claim.claim_date.human(),
        ]
    )
    return hashlib.sha256(shown.encode("utf-8")).hexdigest()[:32]


def draw_card(claim: Claim, site_name: str) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), "#f6f7f9")
    draw = ImageDraw.Draw(image)
    colour = claim.verdict.colour
    draw.rectangle((0, 0, 24, HEIGHT), fill=colour)
    small, body, badge = (ImageFont.load_default(size=s) for s in (34, 58, 52))
    draw.text((80, 56), site_name.translate(_CARD_TEXT), font=small, fill="#4b5563")
    draw.text((80, 120), "CLAIM", font=small, fill="#4b5563")
    lines = textwrap.wrap(f"“{claim.claim.translate(_CARD_TEXT)}”", width=34)[:3]
    for i, line in enumerate(lines):
        draw.text((80, 170 + i * 72), line, font=body, fill="#1b1d21")
    draw.text((80, 450), "OUR VERDICT ON THIS CLAIM", font=small, fill="#4b5563")
    label = claim.verdict.label.upper()
    left, top, right, bottom = draw.textbbox((0, 0), label, font=badge)
    box = (80, 500, 80 + (right - left) + 56, 500 + (bottom - top) + 40)
    draw.rounded_rectangle(box, radius=12, fill=colour)
    draw.text((80 + 28 - left, 500 + 20 - top), label, font=badge, fill="#ffffff")
    byline = f"{claim.claimant.name}, {claim.claim_date.human()}".translate(_CARD_TEXT)
    draw.text((box[2] + 36, 520), textwrap.shorten(byline, 40), font=small, fill="#4b5563")
    out = io.BytesIO()
    # A few flat colours and anti-aliased text: a 32-colour palette keeps it sharp, small and quick to encode.
    image.quantize(colors=32, method=Image.Quantize.FASTOCTREE).save(out, format="PNG", compress_level=6)
    return out.getvalue()


def share_card(claim: Claim, site_name: str, cache_dir: str | None) -> bytes:
    """The card's PNG bytes, from the cache when an identical card was drawn before.

    `cache_dir` is None when the cache cannot be trusted (`confine.card_cache_status`):
    the card is drawn and nothing is cached. A cached file that is not a plain
    file is never read: the card is drawn again and replaces it.
    """
    if cache_dir is None:
        return draw_card(claim, site_name)
    path = os.path.join(cache_dir, f"{card_key(claim, site_name)}.png")
    try:
        return read_regular_file(path, MAX_CARD_BYTES)
    except (FileNotFoundError, Refused):
        pass
    data = draw_card(claim, site_name)
    os.makedirs(cache_dir, exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
    with open(os.open(temporary, flags, 0o644), "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)  # replaces a link itself, never what it points at
    return data
