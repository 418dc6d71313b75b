"""Incremental rebuilds for the devserver: only what changed is read, rendered and written.

Owns two in-process caches, both keyed by content, never by time, so an edit can
never be missed: validated files by their text, and written pages by a digest of
everything the page shows. `pelican --autoreload` keeps this module loaded
between rebuilds; a fresh `make html` starts cold and builds everything.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable

from jinja2.bccache import Bucket, BytecodeCache

# output directory (resolved) -> {file written: digest of its inputs}
_WRITTEN: dict[str, dict[str, str]] = {}
# (path, digest of text and rules) -> (model object or None, problems the file produced)
_READ: dict[tuple[str, str], tuple[object, list]] = {}


def digest(*parts: str) -> str:
    hasher = hashlib.sha1(usedforsecurity=False)
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


def remembered_read(path: str, key: str):
    return _READ.get((path, key))


def remember_read(path: str, key: str, result: object, problems: list) -> None:
    _READ[(path, key)] = (result, problems)


def forget_reads_except(paths: Iterable[str]) -> None:
    """Drop cached reads of files that no longer exist or changed, so memory stays bounded."""
    keep = set(paths)
    for entry in [entry for entry in _READ if entry not in keep]:
        del _READ[entry]


class WrittenPages:
    """Which files of an output directory hold which inputs' rendering."""

    def __init__(self, output_path: str) -> None:
        self.root = os.path.realpath(output_path)
        self.entries = _WRITTEN.setdefault(self.root, {})

    def unchanged(self, save_as: str, key: str) -> bool:
        return self.entries.get(save_as) == key and os.path.exists(os.path.join(self.root, save_as))

    def record(self, save_as: str, key: str) -> None:
        self.entries[save_as] = key


def templates_fingerprint(directories: Iterable[str]) -> str:
    """The theme as it is now: any edited template changes every page's digest."""
    parts = []
    for directory in directories:
        for root, _, names in sorted(os.walk(directory)):
            for name in sorted(names):
                path = os.path.join(root, name)
                stat = os.stat(path)
                parts.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
    return digest(*parts)


_MEMO: dict[str, object] = {}


def memo(key: str, compute):
    """`compute()`, remembered under a content digest for the next rebuild."""
    if key not in _MEMO:
        _MEMO[key] = compute()
    return _MEMO[key]


def forget_memos_except(keys: Iterable[str]) -> None:
    keep = set(keys)
    for key in [key for key in _MEMO if key not in keep]:
        del _MEMO[key]


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept between devserver rebuilds (Jinja checks each template's source)."""

    def __init__(self) -> None:
        self.buckets: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.buckets:
            bucket.bytecode_from_string(self.buckets[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.buckets[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_BYTECODE = MemoryBytecodeCache()


# The content and theme as they were when a build failed, while the devserver waits for an edit.
_FAILED_AT: list[str] = []


def tree_state(directories: Iterable[str]) -> str:
    """A digest of every file's path, size and modification time under `directories`."""
    parts = []
    for directory in directories:
        for root, dirs, names in os.walk(directory):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(root, name)
                try:
                    stat = os.lstat(path)
                except OSError:
                    continue
                parts.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
    return digest(*parts)


def remember_failure(directories: Iterable[str]) -> None:
    """Record the tree a build failed on, so a rebuild of the same tree can wait instead."""
    _FAILED_AT[:] = [tree_state(directories)]


def wait_for_change_after_failure(directories: Iterable[str], poll_seconds: float = 0.3) -> None:
    """Block until some file changes, if the last build in this process failed on this very tree.

    `pelican --autoreload` runs the build again at once when it raises, so a content
    error would otherwise rebuild in a busy loop; a fresh process never waits.
    """
    directories = list(directories)
    while _FAILED_AT and tree_state(directories) == _FAILED_AT[0]:
        time.sleep(poll_seconds)
    _FAILED_AT.clear()
