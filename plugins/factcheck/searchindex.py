"""The search index: Pagefind over the pages search shows, in shards of bounded size, made reproducible.

Owns the last build step. Pagefind reads only the pages whose templates mark a
search body (claims and sources), never the rest of the output, and holds about
25 times a page's size in memory while it indexes: one index of a large archive
would not fit a CI runner. So the pages are split by a hash of their path into
shards of at most `SHARD_BYTES` of HTML (never more than `MAX_SHARDS`), each
indexed by its own Pagefind run; the search page merges them (`pagefind.mergeIndex`,
listed in `pagefind/shards.json`). A shard whose pages are all unchanged is
carried over from the live site, not indexed again (`ShardRecord`).

Pagefind writes each filter's values in a Rust HashMap's random order, so two
builds of the same content would differ in a few files and reviewers could not
diff a pull request's output. After indexing, filter values are sorted and the
files renamed by their content, which is what Pagefind's loader follows
(entry → meta → filter); nothing else changes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

import cbor2
from pagefind.service import get_executable

BUNDLE = "pagefind"
SHARDS_FILE = f"{BUNDLE}/shards.json"
SHARD_BYTES = 6_000_000  # about 400 claim pages: Pagefind peaks near 150 MB indexing them
MAX_SHARDS = 16  # each is a few more requests for the search page; past this, shards grow instead
_MAGIC = b"pagefind_dcd"
# What a merged (secondary) bundle needs; the script, styles and WebAssembly come from the first.
_INDEX_PARTS = ("pagefind-entry.json", "index", "filter", "fragment")
_GLOB_SPECIAL = re.compile(r"[\\*?\[\]{}<>,:!]")  # escaped in a page's path, so the glob names it literally


@dataclass(frozen=True)
class SearchPage:
    """A page search shows: its path in the site, and a digest of everything it shows."""

    path: str
    key: str


@dataclass(frozen=True)
class Shard:
    directory: str  # the bundle, relative to the site: "pagefind" for the first, "pagefind/2" …
    pages: list[SearchPage]
    key: str  # everything the bundle depends on: Pagefind's version, its place, its pages


def plan_shards(site: str, pages: Iterable[SearchPage], version: str) -> list[Shard]:
    """Split `pages` into shards by a hash of their path: an edit changes one shard, not the next ones."""
    pages = sorted(pages, key=lambda page: page.path)
    total = sum(os.stat(os.path.join(site, page.path)).st_size for page in pages)
    count = max(1, min(MAX_SHARDS, -(-total // SHARD_BYTES)))
    groups: list[list[SearchPage]] = [[] for _ in range(count)]
    for page in pages:
        groups[int(hashlib.sha256(page.path.encode()).hexdigest()[:8], 16) % count].append(page)
    shards: list[Shard] = []
    for group in (group for group in groups if group):
        directory = BUNDLE if not shards else f"{BUNDLE}/{len(shards) + 1}"
        key = hashlib.sha256(repr((version, directory, count, group)).encode()).hexdigest()
        shards.append(Shard(directory, group, key))
    return shards


def searched_templates(names: Iterable[str], source: Callable[[str], str]) -> set[str]:
    """The templates whose pages search shows: those marking a `data-pagefind-body` (`source`: a template's text)."""
    return {name for name in names if "data-pagefind-body" in source(name)}


class ShardRecord(Protocol):
    """What the build knows of the live site's bundles (`publish` keeps it)."""

    def unchanged(self, shard: Shard) -> bool:
        """Whether the site already holds this shard's bundle, carried over intact from the live site."""

    def discard(self, shard: Shard) -> None:
        """Remove what was carried over of this shard's bundle: it is about to be written again."""

    def record(self, shard: Shard, files: list[str]) -> None:
        """These files (relative to the site) now hold the shard's bundle."""


def build_search_index(site: str, pages: list[SearchPage], shards: ShardRecord) -> str | None:
    """Index `pages` of the built site in shards; the error text when Pagefind fails, else None."""
    executable = get_executable()
    if executable is None:
        return "search indexing failed: Pagefind's program is missing — reinstall requirements.txt"
    version = _version(str(executable))
    planned = plan_shards(site, pages, version)
    for shard in planned:
        if shards.unchanged(shard):
            continue
        shards.discard(shard)
        if failure := _index(str(executable), site, shard):
            return failure
        if shard.directory != BUNDLE:
            _keep_index_only(os.path.join(site, shard.directory))
        try:
            canonicalise(os.path.join(site, shard.directory))
        except (OSError, ValueError, KeyError, IndexError, cbor2.CBORError) as error:
            return f"search index could not be made reproducible ({error}); Pagefind's format may have changed"
        shards.record(shard, shard_files(site, shard))
    merged = [f"{shard.directory.removeprefix(BUNDLE + '/')}/" for shard in planned[1:]]
    with open(os.path.join(site, SHARDS_FILE), "w", encoding="utf-8") as handle:
        json.dump(merged, handle)
    return None


def shard_files(site: str, shard: Shard) -> list[str]:
    """The files of a shard's bundle, relative to the site (the first bundle's merged bundles are their own)."""
    root = os.path.join(site, shard.directory)
    found = []
    for folder, directories, names in os.walk(root):
        if folder == root:
            directories[:] = [name for name in directories if not name.isdigit()]
        found += [os.path.relpath(os.path.join(folder, name), site) for name in names]
    return sorted(name for name in found if name != SHARDS_FILE)


def _version(executable: str) -> str:
    done = subprocess.run([executable, "--version"], capture_output=True, text=True)
    return done.stdout.strip()


def _index(executable: str, site: str, shard: Shard) -> str | None:
    """One Pagefind run over the shard's pages, named by a glob in a configuration file of its own.

    A configuration file, not arguments: a long shard's glob would pass the system's limit on
    one argument. Pagefind walks the folder but reads only the pages the glob names.
    """
    site = os.path.abspath(site)
    glob = "{" + ",".join(_GLOB_SPECIAL.sub(r"\\\g<0>", page.path) for page in shard.pages) + "}"
    options = {"site": site, "glob": glob, "output_path": os.path.join(site, shard.directory), "silent": True}
    environment = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    with tempfile.TemporaryDirectory(prefix="factcheck-pagefind-") as folder:
        with open(os.path.join(folder, "pagefind.json"), "w", encoding="utf-8") as handle:
            json.dump(options, handle)
        done = subprocess.run([executable], cwd=folder, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        return f"search indexing failed:\n{done.stdout}{done.stderr}"
    return None


def _keep_index_only(bundle: str) -> None:
    """A merged bundle needs only its index: the first bundle serves the script and WebAssembly."""
    for name in os.listdir(bundle):
        if name not in _INDEX_PARTS and not name.endswith(".pf_meta") and not name.isdigit():
            path = os.path.join(bundle, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.remove(path)


def _read(path: str):
    with open(path, "rb") as handle:
        data = gzip.decompress(handle.read())
    if not data.startswith(_MAGIC):
        raise ValueError(f"{path} is not a Pagefind data file")
    return cbor2.loads(data[len(_MAGIC) :])


def _write(directory: str, name_format: str, value, hash_chars: int) -> str:
    """Write `value` under a name derived from its content; return that content hash part."""
    payload = gzip.compress(_MAGIC + cbor2.dumps(value), mtime=0)
    digest = hashlib.sha256(payload).hexdigest()[:hash_chars]
    with open(os.path.join(directory, name_format.format(digest)), "wb") as handle:
        handle.write(payload)
    return digest


def canonicalise(bundle: str) -> None:
    """Sort every filter's values and rename filter and meta files after their new content."""
    entry_path = os.path.join(bundle, "pagefind-entry.json")
    with open(entry_path, encoding="utf-8") as handle:
        entry = json.load(handle)
    for language, details in entry["languages"].items():
        meta_path = os.path.join(bundle, f"pagefind.{details['hash']}.pf_meta")
        meta = _read(meta_path)
        renamed = {}
        for filter_name, old in meta[3]:
            old_path = os.path.join(bundle, "filter", f"{old}.pf_filter")
            name, values = _read(old_path)
            digest = _write(os.path.join(bundle, "filter"), f"{language}_{{}}.pf_filter", [name, sorted(values)], 7)
            new = f"{language}_{digest}"
            if new != old:
                os.remove(old_path)
            renamed[filter_name] = new
        meta[3] = sorted([name, renamed[name]] for name, _ in meta[3])
        new_meta = f"{language}_" + _write(bundle, f"pagefind.{language}_{{}}.pf_meta", meta, 10)
        if new_meta != details["hash"]:
            os.remove(meta_path)
        details["hash"] = new_meta
    with open(entry_path, "w", encoding="utf-8") as handle:
        json.dump(entry, handle, ensure_ascii=False, separators=(",", ":"))
