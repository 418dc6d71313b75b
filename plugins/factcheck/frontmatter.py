"""Split a content file into YAML front matter and body, keeping line numbers.

Owns the file format only. Scalars are kept as the text the contributor typed:
YAML 1.1 would turn `verdict: false` into a boolean and `2020-12` into
nothing useful, so typing is left to validation, which knows each field.
Nothing here knows what a claim or a source is.

Reading is bounded: values are built from the parser's event stream in one
loop (no recursion, so deep nesting cannot overflow the stack), nesting stops
at MAX_DEPTH, aliases are refused, and characters that are not text (control
characters, surrogates, noncharacters, bidirectional overrides, however they
were escaped: the rule is `characters`') are reported and replaced, so nothing
later can print or publish them.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

import yaml

from .characters import NOT_TEXT, not_text_problem
from .model import excerpt
from .yamladvice import explain


class _NoKey(enum.Enum):
    """The key of a mapping that has no key yet; in a path, a list or mapping written as a field name."""

    NO_KEY = enum.auto()


_NO_KEY = _NoKey.NO_KEY
Path = tuple[str | int | _NoKey, ...]
# A value as read: scalars stay text or null (typing is validation's), lists and mappings nest.
Value = dict | list | str | None
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
    data: Value  # a mapping from parse_document; any value from parse_data_file
    lines: dict[Path, int]
    body: str
    body_line: int
    slips: list[tuple[int, str, str]] = field(default_factory=list)  # (line, message, fix) found while reading
    yaml_lines: list[str] = field(default_factory=list)

    def as_field(self, name: str) -> Document:
        """This data file read as the value of a field `name`: messages say "`name` item N" at its line."""
        lines = {(name, *path): line for path, line in self.lines.items()}
        return Document(self.path, {name: self.data}, lines, "", 0, self.slips)

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
    document = Document(path, {}, {}, "\n".join(lines[end + 1 :]), end + 2, yaml_lines=lines[1:end])
    found, data = _load("\n".join(lines[1:end]), document, first_line=2)
    if not found:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            document.lines[()],
            "the front matter is not a list of `field: value` lines",
            "write one `field: value` per line",
        )
    document.data = data
    return document


def parse_data_file(path: str, text: str) -> Document:
    """Parse a whole file as YAML (a data file such as the verdict scale)."""
    document = Document(path, {}, {}, "", 0, yaml_lines=text.split("\n"))
    found, data = _load(text, document, first_line=1)
    document.data = data if found else {}
    return document


_FAST_PARSER = getattr(yaml, "CSafeLoader", None)


def _load(yaml_text: str, document: Document, first_line: int) -> tuple[bool, Value]:
    """(whether there is a value at all, the plain data); libyaml's parser when it is there (10× faster).

    The C parser has terser messages, so any failure is parsed again in Python,
    whose messages `yamladvice` knows how to turn into advice.
    """
    if _FAST_PARSER is not None:
        try:
            return _Builder(document, first_line).build(yaml.parse(yaml_text, Loader=_FAST_PARSER))
        except yaml.YAMLError:
            pass
    try:
        return _Builder(document, first_line).build(yaml.parse(yaml_text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        problem = error.problem or "unreadable YAML"
        # A missing colon is detected on the next line; the simple key it
        # belongs to (the context) is where the contributor has to look.
        mark: yaml.Mark | None
        if "expected ':'" in problem and error.context_mark:
            mark = error.context_mark
        else:
            mark = error.problem_mark or error.context_mark
        index, message, fix = explain(problem, yaml_text.split("\n"), mark.line if mark else 0, first_line)
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


MAX_DEPTH = 6  # a claim needs 3: its fields, a list such as `evidence`, an item's fields
_NULL_TAG = "tag:yaml.org,2002:null"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))  # what YAML 1.1 resolves a plain scalar to null from
_COMMENT_AFTER = re.compile(r"\s+#\S")
_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


# Tags a value may carry: none, `!` (quoted), and the two a contributor might write for text or nothing.
_PLAIN_TAGS = frozenset((None, "!", "tag:yaml.org,2002:str", _NULL_TAG))


def _tag_refused(event: yaml.Event, first_line: int) -> FrontMatterError:
    """`!!python/object/apply:…` and other YAML tags: the value is plain text, never an object to build."""
    assert event.start_mark is not None  # the parser marks every event it emits
    tag = str(getattr(event, "tag", ""))
    written = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
    return FrontMatterError(
        event.start_mark.line + first_line,
        f"the YAML tag `{excerpt(written)}` is not allowed: tags like `!!python/` are refused, values are plain text",
        "remove the tag and write the value itself; put it in double quotes if it starts with `!`",
    )


class _Open:
    """A list or mapping being filled, and where it sits."""

    __slots__ = ("key", "key_line", "path", "value")

    def __init__(self, value: dict | list, path: Path) -> None:
        self.value = value
        self.path = path
        self.key: str | _NoKey = _NO_KEY  # in a mapping, the key waiting for its value
        self.key_line = 0


class _Builder:
    """Plain data, the line of each value and slips, from a stream of parser events in one loop.

    Aliases are refused (`*alias` bombs expand a tiny file into billions of
    nodes, and no claim needs them), and so is nesting deeper than MAX_DEPTH.
    """

    def __init__(self, document: Document, first_line: int) -> None:
        self.document = document
        self.offset = first_line
        self.lines: dict[Path, int] = {}
        self.slips: list[tuple[int, str, str]] = []

    def build(self, events) -> tuple[bool, Value]:
        stack: list[_Open] = []
        documents, found, root = 0, False, None
        value: Value
        for event in events:
            kind = type(event)
            if getattr(event, "tag", None) not in _PLAIN_TAGS:
                raise _tag_refused(event, self.offset)
            if kind is yaml.ScalarEvent:
                top = stack[-1] if stack else None
                if top is not None and top.key is _NO_KEY and type(top.value) is dict:
                    self._key(top, self._text(event.value, event.start_mark.line + self.offset), event.start_mark.line)
                    continue
                value = self._scalar(event, self._place(stack, event))
            elif kind in _OPENING:
                if len(stack) >= MAX_DEPTH:
                    raise FrontMatterError(
                        event.start_mark.line + self.offset,
                        f"values nested more than {MAX_DEPTH} levels deep",
                        "a claim needs three levels: its fields, a list such as `evidence:`, an item's fields",
                    )
                stack.append(_Open({} if kind is yaml.MappingStartEvent else [], self._place(stack, event)))
                continue
            elif kind in _CLOSING:
                value = stack.pop().value
            elif kind is yaml.AliasEvent:
                raise FrontMatterError(
                    event.start_mark.line + self.offset,
                    "anchors and aliases (`&name`, `*name`) are not allowed",
                    "write each value out in full",
                )
            elif kind is yaml.DocumentStartEvent and documents:
                raise FrontMatterError(
                    event.start_mark.line + self.offset, "a second YAML document", "remove the `---` or `...` line"
                )
            else:
                documents += kind is yaml.DocumentStartEvent
                continue
            if stack:
                self._attach(stack[-1], value)
            else:
                found, root = True, value
        self.document.lines = self.lines
        self.document.slips.extend(self.slips)
        return found, root

    def _place(self, stack: list[_Open], event: yaml.Event) -> Path:
        """The path of the value `event` starts; its line is recorded."""
        assert event.start_mark is not None  # the parser marks every event it emits
        line = event.start_mark.line + self.offset
        if not stack:
            path: Path = ()
        elif type(stack[-1].value) is list:
            path = (*stack[-1].path, len(stack[-1].value))
        elif stack[-1].key is _NO_KEY:  # a list or mapping written as a field name, with `?`
            path = (*stack[-1].path, _NO_KEY)
        else:
            path = (*stack[-1].path, stack[-1].key)
        self.lines[path] = line
        return path

    def _attach(self, parent: _Open, value: Value) -> None:
        if isinstance(parent.value, list):
            parent.value.append(value)
            return
        if parent.key is _NO_KEY:  # only a list or a mapping arrives here as a key
            line = self.lines.pop((*parent.path, _NO_KEY))
            self.slips.append((line, "a field name that is a list or a set of fields", "write `name: value`"))
            self._key(parent, str(value), line - self.offset)
            return
        parent.value[parent.key] = value
        parent.key = _NO_KEY

    def _key(self, parent: _Open, key: str, index: int) -> None:
        parent.key, parent.key_line = key, index + self.offset
        if key in parent.value:
            self.slips.append((parent.key_line, f"field `{excerpt(key)}` is given twice", "keep one"))

    def _scalar(self, event: yaml.ScalarEvent, path: Path) -> str | None:
        assert event.end_mark is not None  # the parser marks every event it emits
        plain = not event.style  # None from the Python parser, "" from libyaml
        implicit = event.tag in (None, "!") and event.implicit[0]
        if (plain and event.value == "") or event.tag == _NULL_TAG or (implicit and event.value in _NULLS):
            return None
        if plain and self._comment_follows(event):
            self.slips.append(
                (
                    event.end_mark.line + self.offset,
                    f"`#` starts a comment, so the value was cut to {excerpt(event.value)!r}",
                    "put the whole value in double quotes if `#` belongs to it, or a space after `#` for a comment",
                )
            )
        return self._text(event.value, self.lines[path])

    def _text(self, value: str, line: int) -> str:
        """The value, with anything that is not text reported and replaced by U+FFFD."""
        if value.isprintable():  # the usual case, at C speed
            return value
        if found := NOT_TEXT.search(value):
            self.slips.append((line, *not_text_problem(found.group(), "a value")))
            return NOT_TEXT.sub("\ufffd", value)
        return value

    def _comment_follows(self, event: yaml.ScalarEvent) -> bool:
        """Whether `#` right after the value (a space, then `#word`) cut it short. Matched in place:
        slicing the rest of the line for each value of a long flow list would be quadratic."""
        lines, mark = self.document.yaml_lines, event.end_mark
        assert mark is not None  # the parser marks every event it emits
        return mark.line < len(lines) and _COMMENT_AFTER.match(lines[mark.line], mark.column) is not None
