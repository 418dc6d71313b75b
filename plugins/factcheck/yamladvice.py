"""Turn a YAML parser complaint into what a contributor did and how to fix it.

Owns the advice only: the parser's message and the lines around the place it
stopped go in, a line to blame, a message and a fix come out. Knows nothing
about claims or sources, and never parses anything itself.
"""

from __future__ import annotations

import re

_FIELD_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^:#]+?):(?: |$)")


def explain(problem: str, lines: list[str], index: int, first_line: int) -> tuple[int, str, str]:
    """(index of the line to blame, what the contributor did, how to fix it) for a YAML parser complaint.

    `lines` are the YAML's lines, `index` the one the parser stopped on and
    `first_line` the file line of lines[0], for messages that name another line.
    """
    text = lines[index] if 0 <= index < len(lines) else ""
    if "\\t" in problem or "\t" in text:
        return index, "a tab character in the front matter", "replace it with spaces: YAML allows no tabs"
    if "could not find expected ':'" in problem:
        return index, "a field without a colon", "write the field as `name: value`, with a colon and a space"
    field = _FIELD_LINE.match(text)
    value = text[field.end() :] if field else ""
    if "mapping values are not allowed" in problem and ": " in value and not value.lstrip().startswith(('"', "'")):
        return index, "the value contains `: `", 'put the whole value in double quotes: `name: "text: more text"`'
    above = next((i for i in range(index - 1, -1, -1) if lines[i].strip()), None)
    if "mapping values are not allowed" in problem and above is not None and not _FIELD_LINE.match(lines[above]):
        # YAML read the line above, which has no colon, as the start of this line's key.
        return above, "a field without a colon", "write the field as `name: value`, with a colon and a space"
    if "but found '<scalar>'" in problem and value.lstrip()[:1] in ('"', "'"):
        return (
            index,
            "the value starts with a quotation mark but goes on after it closes",
            "quote the whole value and escape the inner marks: "
            + r"""`name: "\"Unproven\" is the verdict"`, or use the other kind: `name: '"Unproven" is the verdict'`""",
        )
    if any(p in problem for p in ("mapping values", "expected <block end>", "expected key", "block mapping")):
        return index, "wrong indentation", _indentation_fix(lines, index, first_line)
    return index, f"malformed YAML: {problem}", "check the indentation and that every field is written `name: value`"


def _indentation_fix(lines: list[str], index: int, first_line: int) -> str:
    """Name the line above that this one should line up with, and by how many spaces."""
    here = _FIELD_LINE.match(lines[index]) if index < len(lines) else None
    name = f"`{here['key'].strip()}`" if here else "this line"
    for above in range(index - 1, -1, -1):
        field = _FIELD_LINE.match(lines[above])
        if not field:
            continue
        column = len(field["indent"]) + len(field["dash"] or "")
        return (
            f"indent {name} by {column} spaces so it lines up with `{field['key'].strip()}` "
            f"on line {above + first_line}; items of a list start with `- ` and their fields line up"
        )
    return f"start {name} at the beginning of the line: top-level fields have no spaces before them"
