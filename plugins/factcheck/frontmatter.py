"""Split a content file into YAML front matter and body, keeping line numbers.

Owns the file format only. Scalars are kept as the text the contributor typed:
YAML 1.1 would turn `verdict: false` into a boolean and `2020-12` into
nothing useful, so typing is left to validation, which knows each field.
Nothing here knows what a claim or a source is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

Path = tuple[str | int, ...]
FENCE = "---"


class FrontMatterError(Exception):
    """The file cannot be read as front matter plus body."""

    def __init__(self, line: int, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.fix = fix


@dataclass
class Document:
    """A content file's parsed front matter, its body and where each value sits."""

    path: str
    data: dict
    lines: dict[Path, int]
    body: str
    body_line: int
    slips: list[tuple[int, str, str]] = field(default_factory=list)  # (line, message, fix) found while reading
    yaml_lines: list[str] = field(default_factory=list)

    def line_of(self, *path: str | int) -> int:
        """The line of the nearest known value on `path`, else of the front matter."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def parse_document(path: str, text: str) -> Document:
    """Parse `---`-fenced YAML front matter followed by a body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise FrontMatterError(
            1,
            "the file does not start with front matter",
            "make the first line `---`, then the fields, then another `---` line",
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE)
    except StopIteration:
        raise FrontMatterError(
            1,
            "the front matter is not closed",
            "add a line `---` after the last field, before the body",
        ) from None
    yaml_text = "\n".join(lines[1:end])
    node = _compose(yaml_text, first_line=2)
    document = Document(path, {}, {}, "\n".join(lines[end + 1 :]), end + 2, yaml_lines=lines[1:end])
    if node is None:
        return document
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            node.start_mark.line + 2,
            "the front matter is not a list of `field: value` lines",
            "write one `field: value` per line",
        )
    document.data = _walk(node, yaml_text, document, offset=2)
    return document


def _walk(node: yaml.Node, yaml_text: str, document: Document, offset: int):
    """Plain data from the node tree; an alias (a node met twice) is explained by the Python loader."""
    try:
        return _plain(node, (), document, offset, set())
    except _Reused:
        _compose_explained(yaml_text, offset)
        raise FrontMatterError(offset, "anchors and aliases (`&name`, `*name`) are not allowed") from None


class _Loader(yaml.SafeLoader):
    """Safe loading, minus anchors and aliases: `*alias` bombs could expand a tiny file
    into billions of nodes, and no claim needs them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem="an alias (`*name`)", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


class _Reused(Exception):
    """A node reached twice while walking: the document uses an alias."""


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(yaml_text: str, first_line: int) -> yaml.Node | None:
    """Compose with libyaml when it is there (10× faster); explain failures with the Python loader.

    The C parser has terser messages, so any failure is parsed again in Python,
    whose messages `_explain` knows how to turn into advice.
    """
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(yaml_text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return _compose_explained(yaml_text, first_line)


def _compose_explained(yaml_text: str, first_line: int) -> yaml.Node | None:
    try:
        return yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        problem = error.problem or "unreadable YAML"
        # A missing colon is detected on the next line; the simple key it
        # belongs to (the context) is where the contributor has to look.
        if "expected ':'" in problem and error.context_mark:
            mark = error.context_mark
        else:
            mark = error.problem_mark or error.context_mark
        index = mark.line if mark else 0
        message, fix = _explain(problem, yaml_text.split("\n"), index, first_line)
        raise FrontMatterError(index + first_line, message, fix) from None
    except yaml.reader.ReaderError as error:
        line = yaml_text.count("\n", 0, error.position) + first_line
        raise FrontMatterError(
            line,
            f"an invisible control character (U+{error.character:04X}) in the front matter",
            "delete it: retype the line, or paste it through a plain-text editor",
        ) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(first_line, "malformed YAML: " + " ".join(str(error).split())) from None


_FIELD_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^:#]+?):(?: |$)")


def _explain(problem: str, lines: list[str], index: int, first_line: int) -> tuple[str, str]:
    """Turn a YAML parser complaint into what a contributor did and how to fix it."""
    text = lines[index] if 0 <= index < len(lines) else ""
    if "\\t" in problem or "\t" in text:
        return "a tab character in the front matter", "replace it with spaces: YAML allows no tabs"
    if problem == "an alias (`*name`)":
        return "anchors and aliases (`&name`, `*name`) are not allowed", "write each value out in full"
    if "could not find expected ':'" in problem:
        return "a field without a colon", "write the field as `name: value`, with a colon and a space"
    field = _FIELD_LINE.match(text)
    value = text[field.end() :] if field else ""
    if "mapping values are not allowed" in problem and ": " in value and not value.lstrip().startswith(('"', "'")):
        return "the value contains `: `", 'put the whole value in double quotes: `name: "text: more text"`'
    above = next((i for i in range(index - 1, -1, -1) if lines[i].strip()), None)
    if "mapping values are not allowed" in problem and above is not None and not _FIELD_LINE.match(lines[above]):
        # YAML read the line above, which has no colon, as the start of this line's key.
        raise FrontMatterError(
            above + first_line, "a field without a colon", "write the field as `name: value`, with a colon and a space"
        )
    if "but found '<scalar>'" in problem and value.lstrip()[:1] in ('"', "'"):
        return (
            "the value starts with a quotation mark but goes on after it closes",
            "quote the whole value and escape the inner marks: "
            + r"""`name: "\"Unproven\" is the verdict"`, or use the other kind: `name: '"Unproven" is the verdict'`""",
        )
    if any(p in problem for p in ("mapping values", "expected <block end>", "expected key", "block mapping")):
        return "wrong indentation", _indentation_fix(lines, index, first_line)
    return f"malformed YAML: {problem}", "check the indentation and that every field is written `name: value`"


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


def _plain(node: yaml.Node, path: Path, document: Document, offset: int, seen: set[int]):
    if id(node) in seen:
        raise _Reused
    seen.add(id(node))
    document.lines[path] = node.start_mark.line + offset
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if key in result:
                document.slips.append((key_node.start_mark.line + offset, f"field `{key}` is given twice", "keep one"))
            result[key] = _plain(value_node, (*path, key), document, offset, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*path, i), document, offset, seen) for i, item in enumerate(node.value)]
    plain = not node.style  # None from the Python parser, "" from libyaml
    if node.tag == "tag:yaml.org,2002:null" or (plain and node.value == ""):
        return None
    if plain and _COMMENT_AFTER.match(_rest_of_line(document, node)):
        document.slips.append(
            (
                node.end_mark.line + offset,
                f"`#` starts a comment, so the value was cut to {node.value!r}",
                "put the whole value in double quotes if `#` belongs to it, or a space after `#` for a comment",
            )
        )
    return node.value


_COMMENT_AFTER = re.compile(r"^\s+#\S")


def _rest_of_line(document: Document, node: yaml.Node) -> str:
    lines = document.yaml_lines
    return lines[node.end_mark.line][node.end_mark.column :] if node.end_mark.line < len(lines) else ""


def parse_data_file(path: str, text: str) -> Document:
    """Parse a whole file as YAML (a data file such as the verdict scale)."""
    node = _compose(text, first_line=1)
    document = Document(path, {}, {}, "", 0, yaml_lines=text.split("\n"))
    if node is not None:
        document.data = _walk(node, text, document, offset=1)
    return document
