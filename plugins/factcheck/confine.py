"""Confinement: the build reads only regular files that belong to the repository.

Owns how content and cached files are opened. A pull request can commit a
symbolic link (`content/permalinks.txt -> /etc/passwd`, a claim pointing at
`/dev/zero`, a page directory linked to `/`) or a share card that another
claim's page would then show; nothing here follows a link, opens a special
file, reads past a size limit, or trusts a cached file the repository could
have supplied. Every refusal is a `Problem` naming the file and the fix. No
Pelican import: the glue calls `scan_tree` before any generator reads.

Directories nest at most MAX_DEPTH levels under the content path: Python 3.11's
`os.walk` recurses once per level (Pelican's own discovery uses it), so a
committed tree 1,000 levels deep would end every walk in a RecursionError. The
scan refuses such a tree before anything else walks it, and our own walks use
`walk`, which loops instead of recursing and stops at the same depth.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
from collections.abc import Callable, Iterator

from .model import Problem

MAX_DEPTH = 8  # folders under the content path: content/claims/<folder>/ is 2; nothing needs 8

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)
_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
}


class Refused(Exception):
    """A file the build will not read; `message` and `fix` become a Problem."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message} — {fix}")
        self.message = message
        self.fix = fix


def link_refused(is_directory: bool = False) -> Refused:
    """Every link is refused, whatever it points at: content is committed files, never references."""
    if is_directory:
        return Refused("this directory is a symbolic link", "commit the directory and its files themselves, not a link")
    return Refused("the file is a symbolic link", "commit the file itself, not a link")


def _kind_refused(mode: int) -> Refused:
    kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return Refused(f"the file is {kind}, not a regular file", "commit a plain text file in its place")


def _size_refused(size: int | None, limit: int) -> Refused:
    shown = f"{size:,} bytes" if size is not None else f"over {limit:,} bytes"
    return Refused(f"the file is {shown}; the limit is {limit:,}", "split or shorten it")


def read_regular_file(path: str, limit: int) -> bytes:
    """The bytes of `path`, which must be a regular file (not a link) of at most `limit` bytes.

    The size is checked on the open file before reading, and no more than
    `limit + 1` bytes are ever read, so a file that grows meanwhile is refused
    too. Raises `Refused`, or OSError (FileNotFoundError when it is missing).
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ENOENT:
            raise
        info = os.lstat(path)  # a link gives ELOOP, a socket ENXIO: say which
        if stat.S_ISLNK(info.st_mode):
            raise link_refused() from None
        if not stat.S_ISREG(info.st_mode):
            raise _kind_refused(info.st_mode) from None
        raise
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise _kind_refused(info.st_mode)
        if info.st_size > limit:
            raise _size_refused(info.st_size, limit)
        chunks, remaining = [], limit + 1
        while remaining > 0 and (chunk := os.read(descriptor, min(remaining, 1 << 20))):
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise _size_refused(None, limit)
    return data


def read_text_file(path: str, limit: int) -> str:
    """`read_regular_file` decoded as UTF-8 with universal newlines, as `open(path)` reads text.

    A leading byte-order mark (some Windows editors write one) is not part of the text.
    """
    text = read_regular_file(path, limit).decode("utf-8").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def refusal(shown: str, refused: Refused) -> Problem:
    return Problem(shown, 1, refused.message, refused.fix)


def scan_tree(
    root: str, limit: int, shown: Callable[[str], str], ignored: Callable[[str], bool] = lambda name: False
) -> list[Problem]:
    """Every link, special file and file over `limit` bytes under `root`; links are not followed.

    Names `ignored` (Pelican's IGNORE_FILES: an editor's lock file, say) are
    skipped, as every reader skips them.

    Pelican walks page directories following links, so this runs before any
    generator reads: a linked directory is reported, never entered.
    """
    problems: list[Problem] = []
    try:
        info = os.lstat(root)
    except FileNotFoundError:
        return problems
    if stat.S_ISLNK(info.st_mode):
        return [refusal(shown(root), link_refused(is_directory=True))]
    if not stat.S_ISDIR(info.st_mode):
        return [Problem(shown(root), 1, "the content path is not a directory", "make it a directory of content files")]
    pending = [(root, 0)]
    while pending:
        directory, depth = pending.pop()
        try:
            with os.scandir(directory) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError as error:
            reason = f"cannot read the directory: {error.strerror}"
            problems.append(Problem(shown(directory), 1, reason, "fix its permissions"))
            continue
        for entry in entries:
            if ignored(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue  # removed while we looked (an editor's temporary file)
            if stat.S_ISLNK(info.st_mode):
                problems.append(refusal(shown(entry.path), link_refused(entry.is_dir())))
            elif stat.S_ISDIR(info.st_mode) and depth >= MAX_DEPTH:
                problems.append(_depth_refused(shown(entry.path)))  # never entered: nothing below is read
            elif stat.S_ISDIR(info.st_mode):
                pending.append((entry.path, depth + 1))
            elif not stat.S_ISREG(info.st_mode):
                problems.append(refusal(shown(entry.path), _kind_refused(info.st_mode)))
            elif info.st_size > limit:
                problems.append(refusal(shown(entry.path), _size_refused(info.st_size, limit)))
    return problems


def _depth_refused(shown: str) -> Problem:
    return Problem(
        shown,
        1,
        f"this directory is nested more than {MAX_DEPTH} levels deep in the content folder",
        "move its files into a folder nearer the top: claims, sources and pages need a folder or two at most",
    )


def walk(top: str, ignored: Callable[[str], bool] = lambda name: False) -> Iterator[tuple[str, list[str], list[str]]]:
    """`os.walk(top)` top-down in sorted order, in a loop rather than recursion, at most MAX_DEPTH levels down.

    Like `os.walk` it never enters a linked directory (it is listed with the
    directories, as `os.walk` lists it); names `ignored` are left out. A caller
    may prune the directory list it is given. Deeper directories are not
    entered: `scan_tree` reports them.
    """
    pending = [(top, 0)]
    while pending:
        directory, depth = pending.pop()
        try:
            with os.scandir(directory) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:
            continue  # as os.walk does; the content scan reports an unreadable directory
        directories, files, linked = [], [], set()
        for entry in entries:
            if ignored(entry.name):
                continue
            try:
                is_directory = entry.is_dir()
            except OSError:
                is_directory = False
            if is_directory:
                directories.append(entry.name)
                if entry.is_symlink():
                    linked.add(entry.name)
            else:
                files.append(entry.name)
        yield directory, directories, files
        if depth < MAX_DEPTH:
            below = [name for name in directories if name not in linked]
            pending.extend((os.path.join(directory, name), depth + 1) for name in reversed(below))


def card_cache_status(cache_dir: str, shown: Callable[[str], str]) -> tuple[list[Problem], bool]:
    """(problems, trusted) for the share-card cache: may the build read the cards in it?

    A clone must never show a card it did not draw: a committed
    `<key>.png` would replace another claim's share image. Git tells files
    that came with the repository from files this machine wrote, so cached
    cards are read only when git confirms none under `cache_dir` is tracked;
    a tracked file, a link or a special file is an error. Outside a git work
    tree (or when git cannot answer) the cache is not read: cards are drawn
    afresh, which is correct, only slower.
    """
    problems: list[Problem] = []
    for path in (os.path.dirname(cache_dir), cache_dir):
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            break
        if stat.S_ISLNK(mode) or not stat.S_ISDIR(mode):
            what = "a symbolic link" if stat.S_ISLNK(mode) else "not a directory"
            fix = "remove it; the build creates its cache directory itself"
            return [Problem(shown(path), 1, f"the cache directory is {what}", fix)], False
    else:
        with os.scandir(cache_dir) as found:
            for entry in sorted(found, key=lambda entry: entry.name):
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISLNK(mode):
                    problems.append(refusal(shown(entry.path), link_refused(entry.is_dir())))
                elif not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                    problems.append(refusal(shown(entry.path), _kind_refused(mode)))
    tracked = _tracked_files(cache_dir)
    for path in tracked or ():
        problems.append(
            Problem(
                shown(path),
                1,
                "a cached share card is committed to the repository; the cache holds only cards this machine drew",
                f"remove it from the repository: git rm --cached {shown(path)}",
            )
        )
    return problems, tracked == [] and not problems


def _tracked_files(directory: str) -> list[str] | None:
    """Paths under `directory` that git tracks; None when git cannot tell (no work tree, no git)."""
    existing = directory
    while not os.path.isdir(existing) and os.path.dirname(existing) != existing:
        existing = os.path.dirname(existing)
    command = ["git", "-C", existing, "ls-files", "-z", "--", os.path.relpath(directory, existing)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return [os.path.join(existing, os.fsdecode(name)) for name in done.stdout.split(b"\0") if name]
