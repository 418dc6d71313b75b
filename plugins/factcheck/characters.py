"""Which characters count as text: the one rule for front matter, bodies, archived texts and pages.

Owns NOT_TEXT and its messages. Refused everywhere a contributor writes: C0 and
C1 control characters except tab and newline (they drive terminals and break
feeds), lone surrogates and noncharacters (invalid XML, invalid UTF-8), and the
bidirectional overrides and isolates U+202A–U+202E and U+2066–U+2069, which
make text display in a different order than it reads (right-to-left text
displays correctly without them). A body is also searched for HTML character
references (`&#1;`, `&#x202E;`, a named one) that would decode to one of them
after sanitising, as browsers decode them. No I/O; knows nothing of claims.
"""

from __future__ import annotations

import html.entities
import re

_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + _BIDI_CONTROLS
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)
_ASCII_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # NOT_TEXT within ASCII
_BMP_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + _BIDI_CONTROLS + "]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# `&#1;`, `&#x202e;`, `&name;`: HTML5 also decodes some without the `;`, so it is optional here too.
CHARACTER_REFERENCE = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{0,31}));?")
_BIDI = re.compile(f"[{_BIDI_CONTROLS}]")
# HTML5 decodes `&#128;`…`&#159;` as Windows-1252 letters, except these five, which stay C1 controls.
_WINDOWS_1252 = frozenset(range(0x80, 0xA0)) - {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def not_text_problem(character: str, where: str, escaped: bool = True) -> tuple[str, str]:
    """(message, fix) for a character of NOT_TEXT found in `where`; `escaped` when YAML decoded it from an escape."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        what = "a lone surrogate"
    elif code < 0xA0:
        what = "an invisible control character"
    elif _BIDI.fullmatch(character):
        message = f"a bidirectional control character (U+{code:04X}) in {where}"
        return message, "delete it: it makes text display in another order than it reads; right-to-left text needs none"
    else:
        what = "a Unicode noncharacter"
    if escaped:
        return f"{what} (U+{code:04X}) in {where}", "delete it: write the text itself, never an escape such as `\\x01`"
    return f"{what} (U+{code:04X}) in {where}", "delete it: retype the line, or paste it through a plain-text editor"


def _decoded(reference: re.Match | None) -> str:
    """What a browser shows for a character reference: the character, or '' when it is harmless."""
    if reference is None:
        return ""
    decimal, hexadecimal, name = reference.groups()
    if name is not None:
        return html.entities.html5.get(name + ";", "") if reference.group(0).endswith(";") else ""
    code = int(decimal or hexadecimal, 16 if hexadecimal else 10)
    if code == 0 or code > 0x10FFFF or code in _WINDOWS_1252:
        return ""  # shown as U+FFFD or a Windows-1252 letter
    return chr(code)


def not_text_lines(text: str, first_line: int, where: str) -> list[tuple[int, str, str]]:
    """(line, message, fix) for the first character on each line of `text` that is not text, raw or as a reference.

    Linear: two searches, each counting lines as it goes.
    """
    found: dict[int, tuple[int, str, str]] = {}  # line index → (offset, message, fix): the first on each line
    for offset, line, character in _located(_not_text_in(text), text):
        found.setdefault(line, (offset, *not_text_problem(character, where, escaped=False)))
    for offset, line, reference in _located(CHARACTER_REFERENCE, text) if "&" in text else ():
        character = _decoded(CHARACTER_REFERENCE.fullmatch(reference))
        if len(character) == 1 and NOT_TEXT.fullmatch(character) and (line not in found or found[line][0] > offset):
            message = f"{not_text_problem(character, where)[0]}, written `{reference}`"
            found[line] = (offset, message, "delete the reference: it stands for a character the site does not publish")
    return [(first_line + line, message, fix) for line, (_, message, fix) in sorted(found.items())]


def _not_text_in(text: str) -> re.Pattern:
    """NOT_TEXT, or a narrower pattern finding exactly the same characters in `text`, which is quicker.

    A class holding characters beyond U+FFFF makes the regular expression engine
    test every character of a text against a list of ranges (1.7 s for a 5,000-claim
    site); the classes below are tables. `isascii` takes microseconds.
    """
    if text.isascii():
        return _ASCII_NOT_TEXT
    return NOT_TEXT if _ASTRAL.search(text) else _BMP_NOT_TEXT


def _located(pattern: re.Pattern, text: str):
    """(offset, line index, matched text) of each match, counting lines once through the text."""
    line = position = 0
    for match in pattern.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        yield position, line, match.group(0)
