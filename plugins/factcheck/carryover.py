"""What a build carries over from the live site: its unchanged files, linked in, and its unchanged search shards.

Owns the files a new build starts with. The live site's files that the last build
recorded, still exactly as it wrote them (`incremental.LiveSite`), are hard-linked
into the fresh build directory, which is safe because the writer replaces files and
never writes into one. The generator then renders only the pages whose digests
changed (`incremental.WrittenPages`), the search index indexes only the shards
holding one (`CarriedShards`), and whatever was carried but not produced again is
removed before the swap (`remove_carried`). Pelican's copies and the theme are made
afresh.
"""

from __future__ import annotations

import contextlib
import os

from .incremental import LiveSite, WrittenPages
from .searchindex import SHARDS_FILE, Shard


def carry_over(output: str, staging: str, live: LiveSite) -> set[str]:
    """Link the live site's recorded, intact files into `staging`; return their names."""
    entries = live.intact()
    carried: set[str] = set()
    folders = {staging}
    for name in sorted(entries):
        target = os.path.join(staging, name)
        try:
            if (folder := os.path.dirname(target)) not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            os.link(os.path.join(output, name), target, follow_symlinks=False)
        except OSError:
            continue  # gone, or a disk without links: the page is simply written again
        carried.add(name)
    WrittenPages.inherit(staging, {name: entries[name] for name in carried})
    return carried


def remove_carried(staging: str, name: str) -> None:
    """Remove a carried file the build did not produce again, and the folders it leaves empty."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(os.path.join(staging, name))
    folder = os.path.dirname(name)
    while folder:
        try:
            os.rmdir(os.path.join(staging, folder))
        except OSError:
            return  # not empty (or gone)
        folder = os.path.dirname(folder)


class CarriedShards:
    """The search index's view of what the build carried over (`searchindex.ShardRecord`).

    A shard is unchanged when its bundle was carried whole and every file of it
    was recorded with the shard's digest (its pages' digests, Pagefind's version).
    """

    def __init__(self, staging: str, carried: set[str], produced: set[str], written: WrittenPages) -> None:
        self.staging, self.carried, self.produced, self.written = staging, carried, produced, written

    def _carried(self, shard: Shard) -> list[str]:
        """Carried files of the shard's bundle: under its folder, not in a merged bundle's folder below it."""
        prefix = f"{shard.directory}/"
        return sorted(
            name
            for name in self.carried
            if name.startswith(prefix) and not name[len(prefix) :].split("/")[0].isdigit() and name != SHARDS_FILE
        )

    def unchanged(self, shard: Shard) -> bool:
        files = self._carried(shard)
        entry = f"{shard.directory}/pagefind-entry.json"
        if entry not in files or any(self.written.entries.get(name) != shard.key for name in files):
            return False
        self.produced.update(files)
        return True

    def discard(self, shard: Shard) -> None:
        for name in self._carried(shard):
            remove_carried(self.staging, name)
            self.carried.discard(name)

    def record(self, shard: Shard, files: list[str]) -> None:
        self.produced.update(files)
        for name in files:
            self.written.record(name, shard.key)
