"""Share cards: a PNG per claim showing the claim and its verdict, so a shared link previews as the verdict.

Owns what a card shows (`CardText`, which is also its cache key) and drawing it.
A card is drawn straight into palette indices: everything
that does not depend on the claim (the background, the verdict stripe and badge,
the labels) is drawn once per site name and verdict, and each card adds only its
own text, anti-aliased through a ramp of shades between each text colour and what
lies under it. No quantising, and little left for the PNG encoder to do.

A card's bytes depend only on its `CardText` and on the versions of this module,
Pillow and zlib, which are part of its key: the site is byte-identical however
many processes drew its cards and whether a card came from the cache. Uses the
font bundled with Pillow, so cards look the same on every machine. Where cards
are kept and who draws them is `cardcache`'s business.
"""

from __future__ import annotations

import hashlib
import textwrap
import zlib
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from functools import cache

import PIL
from PIL import Image, ImageDraw, ImageFont

from .model import Claim
from .urls import claim_url

WIDTH, HEIGHT = 1200, 630
CARD_VERSION = "5"  # bump when the drawing changes, to invalidate cached cards
# The bundled font has no dashes beyond the hyphen; cards are an image of the claim, not a quotation.
_CARD_TEXT = str.maketrans({c: "-" for c in "‐‑‒–—―−"})
BACKGROUND, GREY, DARK, WHITE = "#f6f7f9", "#4b5563", "#1b1d21", "#ffffff"
_LEVELS = 4  # shades of anti-aliasing between a text colour and what lies under it: 14 colours, 4 bits a pixel
# Palette indices: the background, a ramp from it to each text colour, the verdict colour and white on it.
_PAPER, _GREY_RAMP, _DARK_RAMP, _VERDICT, _WHITE_RAMP = 0, 1, 1 + _LEVELS, 1 + 2 * _LEVELS, 2 + 2 * _LEVELS
_COLOURS = 2 + 3 * _LEVELS
SMALL, BODY, BADGE = 34, 58, 52  # font sizes


@dataclass(frozen=True)
class CardText:
    """Everything a card shows, and nothing else: equal values draw identical cards."""

    site_name: str
    claim: str
    verdict_label: str
    colour: str
    claimant: str
    date: str
    address: str = ""  # the check's permalink without its scheme, so a card shared alone leads back

    @classmethod
    def of(cls, claim: Claim, site_name: str, site_url: str = "") -> CardText:
        verdict = claim.verdict
        address = f"{site_url.split('://', 1)[-1]}/{claim_url(claim)}" if site_url else ""
        claimant, made = claim.claimant.name, claim.claim_date.human()
        return cls(site_name, claim.claim, verdict.label, verdict.colour, claimant, made, address)

    @property
    def key(self) -> str:
        """A digest of what the card shows and of what draws it (this module, Pillow and zlib, by version)."""
        shown = "\n".join((CARD_VERSION, PIL.__version__, zlib.ZLIB_RUNTIME_VERSION, *astuple(self)))
        return hashlib.sha256(shown.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def card_key(claim: Claim, site_name: str, site_url: str = "") -> str:
    return CardText.of(claim, site_name, site_url).key


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _ramp(under: str, over: str) -> list[int]:
    """_LEVELS colours from just above `under` to `over`, as flat RGB values."""
    pairs = list(zip(_rgb(under), _rgb(over), strict=True))
    return [round(a + (b - a) * level / _LEVELS) for level in range(1, _LEVELS + 1) for a, b in pairs]


@cache
def _palette(colour: str) -> bytes:
    rgb = [*_rgb(BACKGROUND), *_ramp(BACKGROUND, GREY), *_ramp(BACKGROUND, DARK), *_rgb(colour)]
    return bytes(rgb + _ramp(colour, WHITE))


def _box(font: ImageFont.FreeTypeFont | ImageFont.ImageFont, text: str) -> tuple[int, int, int, int]:
    """The box of the ink of `text` (whole pixels: FreeType's boxes are)."""
    left, top, right, bottom = font.getbbox(text)
    return int(left), int(top), int(right), int(bottom)


# Alpha 0–255 of a glyph's coverage → the shade on a ramp (0: nothing drawn there).
_SHADE = [round(alpha * _LEVELS / 255) for alpha in range(256)]


def _text(canvas: Image.Image, xy: tuple[int, int], text: str, size: int, ramp: int, under: int = _PAPER) -> int:
    """Draw `text` on the index canvas, its top-left ink at `xy`, shaded on `ramp` over the colour `under`.

    Returns the right edge of its ink. Nothing else may lie under the text's box:
    the box is pasted whole, its empty pixels as `under`.
    """
    font = _font(size)
    left, top, right, bottom = _box(font, text)
    if right <= left or bottom <= top:
        return xy[0]
    coverage = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(coverage).text((-left, -top), text, font=font, fill=255)
    shades = coverage.point([ramp + shade - 1 if shade else under for shade in _SHADE])
    canvas.paste(shades, (xy[0] + left, xy[1] + top))
    return xy[0] + right


@cache
def _background(site_name: str, label: str) -> tuple[Image.Image, int]:
    """Everything a card of this site and verdict shows but its claim: the index canvas, and where the byline goes."""
    canvas = Image.new("L", (WIDTH, HEIGHT), _PAPER)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, 24, HEIGHT), fill=_VERDICT)
    _text(canvas, (80, 44), site_name.translate(_CARD_TEXT), SMALL, _GREY_RAMP)
    _text(canvas, (80, 104), "THE CLAIM WE CHECKED", SMALL, _GREY_RAMP)
    _text(canvas, (80, 490), "OUR VERDICT", SMALL, _GREY_RAMP)
    label = label.upper()
    left, top, right, bottom = _box(_font(BADGE), label)
    box = (80, 532, 80 + (right - left) + 56, 532 + (bottom - top) + 40)
    draw.rounded_rectangle(box, radius=12, fill=_VERDICT)
    _text(canvas, (80 + 28 - left, 532 + 20 - top), label, BADGE, _WHITE_RAMP, under=_VERDICT)
    return canvas, box[2] + 36


def draw_card(card: CardText) -> bytes:
    """The card as PNG bytes: a palette image of a few dozen colours.

    The claim is our wording, not a quotation, so it has no quotation marks; if
    it needs more than three lines it ends in an ellipsis. Who made it and when
    is never cut, and sits apart from the verdict so no reader takes it for the rating.
    """
    background, address_x = _background(card.site_name, card.verdict_label)
    canvas = background.copy()
    lines = textwrap.wrap(card.claim.translate(_CARD_TEXT), width=34)
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), 33, placeholder=" …")]
    for i, line in enumerate(lines):
        _text(canvas, (80, 150 + i * 68), line, BODY, _DARK_RAMP)
    byline = f"Made by {card.claimant}, {card.date}".translate(_CARD_TEXT)
    for i, line in enumerate(textwrap.wrap(byline, width=56)):
        _text(canvas, (80, 360 + i * 40), line, SMALL, _GREY_RAMP)
    if card.address:
        size, width = _fitting(card.address, WIDTH - 40 - address_x)
        for i, line in enumerate(_split_address(card.address, width)):
            _text(canvas, (address_x, 548 + i * (size + 6)), line, size, _GREY_RAMP)
    return _png(canvas, _palette(card.colour))


def _fitting(address: str, room: int) -> tuple[int, int]:
    """The largest of three sizes at which the address fits on one line, else the smallest, and its width in pixels."""
    for size in (SMALL, 28):
        left, _, right, _ = _box(_font(size), address)
        if right - left <= room:
            return size, room
    return 22, room


def _split_address(address: str, room: int) -> list[str]:
    """The address on one line, or two broken after a `/`, never cut short."""
    font = _font(22)
    if _box(font, address)[2] <= room or "/" not in address:
        return [address]
    cut = address.rstrip("/").rfind("/", 0, len(address) // 2 + 20) + 1 or len(address) // 2
    return [address[:cut], address[cut:]]


def _png(canvas: Image.Image, palette: bytes) -> bytes:
    """A 4-bit palette PNG of the index canvas: rows unfiltered, compressed at a fast level.

    Written here rather than by Pillow's encoder, which tries every filter on every
    row: a card's rows are runs of a few indices, which zlib alone squeezes well.
    """
    packed = Image.frombytes("P", canvas.size, canvas.tobytes()).tobytes("raw", "P;4")
    stride = (WIDTH + 1) // 2
    rows = b"".join(b"\x00" + packed[start : start + stride] for start in range(0, stride * HEIGHT, stride))
    header = WIDTH.to_bytes(4, "big") + HEIGHT.to_bytes(4, "big") + bytes([4, 3, 0, 0, 0])
    chunks = ((b"IHDR", header), (b"PLTE", palette), (b"IDAT", zlib.compress(rows, 2)), (b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(_chunk(kind, data) for kind, data in chunks)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def unique(cards: Iterable[CardText]) -> list[CardText]:
    """Each distinct card once, in a stable order (two claims may show the same card)."""
    return sorted(set(cards), key=lambda card: card.key)
