"""Incremental rebuilds: only what changed is read, rendered, drawn and indexed.

Owns the caches, all keyed by content, never by time, so an edit can never be
missed: validated files by their text (in process, for the devserver), and the
files of the live site by a digest of everything each shows. The live site's
files are remembered on disk (`LiveSite`, in the cache folder) with their identity
(inode, size and modification time), so a second `make html` in a new process
carries over what did not change, as the devserver does; a file that was edited,
replaced or removed since, or a site directory that is not the one recorded, is
simply built again. Page digests include the plugin's own code and the versions
of what renders (`code_fingerprint`): an upgrade rebuilds everything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import time
import weakref
import zlib
from collections.abc import Iterable
from functools import cache
from importlib import metadata

from jinja2.bccache import Bucket, BytecodeCache

from .confine import walk

# output directory (device, inode) -> {file written: digest of its inputs}
_WRITTEN: dict[tuple[int, int], dict[str, str]] = {}
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


def forget_reads_except(reads: Iterable[tuple[str, str]]) -> None:
    """Drop cached reads of files that no longer exist or changed, so memory stays bounded.

    `reads` are the (path, key) pairs of this build's reads, as `remembered_read` takes them.
    """
    keep = set(reads)
    for entry in [entry for entry in _READ if entry not in keep]:
        del _READ[entry]


class WrittenPages:
    """Which files of an output directory hold which inputs' rendering.

    Keyed by the directory itself (device and inode), not its path: a build
    goes live by swapping directories, and what a directory holds moves with it.
    Only the two most recent directories are remembered: the one being written
    and the live one, whose unchanged pages the next devserver rebuild links in.
    """

    def __init__(self, output_path: str) -> None:
        self.root = output_path
        info = os.stat(output_path)
        identity = (info.st_dev, info.st_ino)
        self.entries = _WRITTEN.pop(identity, {})
        _WRITTEN[identity] = self.entries
        while len(_WRITTEN) > 2:
            del _WRITTEN[next(iter(_WRITTEN))]

    @staticmethod
    def inherit(directory: str, entries: dict[str, str]) -> None:
        """`directory` now holds these files of the live site (linked in), with what each shows."""
        WrittenPages(directory).entries.update(entries)

    def unchanged(self, save_as: str, key: str) -> bool:
        return self.entries.get(save_as) == key and os.path.exists(os.path.join(self.root, save_as))

    def record(self, save_as: str, key: str) -> None:
        self.entries[save_as] = key


# Records this process wrote (path → digest of the text): trusted wherever the cache folder is.
_SAVED: dict[str, str] = {}


class LiveSite:
    """What the plugin wrote into the live output directory, kept in the cache folder between processes.

    For each file: the digest of what it shows ("" for a file rewritten every
    build) and its inode, size and modification time when written. Only files
    whose identity is unchanged are carried into the next build, and only when
    the output directory is the one recorded. A record is read only when
    `trusted` (the cache folder is one git says holds nothing committed, as for
    share cards: a tarball could carry a record and an output to match) or when
    this very process wrote it (the devserver, anywhere).
    """

    def __init__(self, cache_path: str, output: str, trusted: bool) -> None:
        self.output = os.path.abspath(output)
        name = hashlib.sha256(self.output.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        self.folder = os.path.join(os.path.abspath(cache_path), "factcheck-live")
        self.path = os.path.join(self.folder, f"{name}.json")
        self.trusted = trusted

    def intact(self) -> dict[str, str]:
        """The recorded files still in the live site exactly as written: name → digest of what it shows."""
        try:
            with open(self.path, "rb") as handle:
                text = handle.read()
            if not self.trusted and _SAVED.get(self.path) != hashlib.sha256(text).hexdigest():
                return {}
            recorded = json.loads(text)
            info = os.stat(self.output)
            if recorded["output"] != self.output or recorded["directory"] != [info.st_dev, info.st_ino]:
                return {}
            files = recorded["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}
        intact = {}
        for name, entry in files.items() if isinstance(files, dict) else ():
            if os.path.isabs(name) or os.path.normpath(name) != name or name.split("/")[0] == "..":
                continue  # only names inside the output, as the writer records them
            try:
                key, identity = entry[0], entry[1:]
                now = os.lstat(os.path.join(self.output, name))
            except (OSError, TypeError, IndexError):
                continue
            if stat.S_ISREG(now.st_mode) and [now.st_ino, now.st_size, now.st_mtime_ns] == identity:
                intact[name] = str(key)
        return intact

    def save(self, files: dict[str, str]) -> None:
        """Record the live site's `files` (name → digest) as they are on disk now; forgotten on any error."""
        try:
            info = os.stat(self.output)
            recorded = {}
            for name, key in files.items():
                now = os.lstat(os.path.join(self.output, name))
                recorded[name] = [key, now.st_ino, now.st_size, now.st_mtime_ns]
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            text = json.dumps({"output": self.output, "directory": [info.st_dev, info.st_ino], "files": recorded})
            temporary = f"{self.path}.{os.getpid()}.tmp"
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, self.path)
            _SAVED[self.path] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        except OSError:
            self.forget()

    def forget(self) -> None:
        _SAVED.pop(self.path, None)
        with contextlib.suppress(OSError):
            os.remove(self.path)


RENDERERS = ("pelican", "jinja2", "markdown", "nh3", "pillow", "pagefind", "feedgenerator", "pyyaml")


@cache
def code_fingerprint() -> str:
    """This plugin's source and the versions of what renders pages: part of every page's digest."""
    package = os.path.dirname(os.path.abspath(__file__))
    parts = [sys.version, zlib.ZLIB_RUNTIME_VERSION]
    for name in sorted(os.listdir(package)):
        if name.endswith(".py"):
            with open(os.path.join(package, name), "rb") as handle:
                parts.append(f"{name}:{hashlib.sha256(handle.read()).hexdigest()}")
    for distribution in RENDERERS:
        try:
            parts.append(f"{distribution}=={metadata.version(distribution)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{distribution} missing")
    return digest(*parts)


code_fingerprint()  # now, as the plugin is loaded: the code that runs is the code on disk at this moment


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
_FAILED_AT: list = []  # [digest of the tree, weak reference to the Pelican object whose build failed]


def tree_state(directories: Iterable[str]) -> str:
    """A digest of every file's path, size and modification time under `directories`."""
    parts = []
    for directory in directories:
        for root, _, names in walk(directory):  # a loop, never recursion: a deep tree cannot crash it
            for name in names:
                path = os.path.join(root, name)
                try:
                    stat = os.lstat(path)
                except OSError:
                    continue
                parts.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
    return digest(*parts)


def remember_failure(directories: Iterable[str], runner: object) -> None:
    """Record the tree a build by `runner` failed on, so its retry of the same tree can wait instead."""
    _FAILED_AT[:] = [tree_state(directories), weakref.ref(runner)]


def wait_for_change_after_failure(directories: Iterable[str], runner: object, poll_seconds: float = 0.3) -> None:
    """Block until some file changes, if `runner`'s last build failed on this very tree.

    `pelican --autoreload` runs the same Pelican object again at once when it
    raises, so a content error would otherwise rebuild in a busy loop; a new
    Pelican object (a new `make html`, a new settings file) never waits.
    """
    directories = list(directories)
    while _FAILED_AT and _FAILED_AT[1]() is runner and tree_state(directories) == _FAILED_AT[0]:
        time.sleep(poll_seconds)
    _FAILED_AT.clear()
