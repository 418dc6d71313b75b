"""Where share cards are kept: drawn once into the cache, then hard-linked into every build.

Owns the card cache `cache/factcheck-cards/<key>.png`, keyed by exactly what a
card shows (`sharecards.CardText.key`), and one build's cards: which to draw,
drawing them in a pool of processes while the build renders pages, and linking
each into the site. A card is stored once: the site's `card.png` is a hard link
to the cached file (a copy where the disk has no links), never a second copy.

The cache is read only when `confine.card_cache_status` trusts it; otherwise the
cards are drawn into a private directory that the build removes. The build
writes each card to a temporary name and renames it, and replaces site files
rather than writing into them, so a cached file is never changed in place.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

from .model import Claim
from .sharecards import CardText, draw_card, unique

MAX_CARD_BYTES = 1_000_000  # a card is ~20 KB
DRAW_IN_PROCESS = 24  # fewer cards than this are drawn here: starting a pool costs more than it saves
CARDS_PER_TASK = 32


class CardStore:
    """A directory of `<key>.png` files, each a card as `draw_card` drew it."""

    def __init__(self, directory: str | None) -> None:
        self.trusted = directory is not None
        self.directory = directory if directory is not None else tempfile.mkdtemp(prefix="factcheck-cards-")

    def path(self, card: CardText) -> str:
        return os.path.join(self.directory, f"{card.key}.png")

    def has(self, card: CardText) -> bool:
        """Whether a plain file holds the card (a link or anything else is drawn again, replacing it)."""
        try:
            info = os.lstat(self.path(card))
        except FileNotFoundError:
            return False
        return stat.S_ISREG(info.st_mode) and 0 < info.st_size <= MAX_CARD_BYTES

    def prune(self, keep: set[str]) -> None:
        """Remove cached cards no claim shows any more (and a killed build's half-written ones).

        The cache then holds one file per card on the site.
        """
        if not self.trusted:
            return
        with contextlib.suppress(FileNotFoundError), os.scandir(self.directory) as entries:
            for entry in entries:
                name = entry.name
                stale = name.endswith(".tmp") or (name.endswith(".png") and name[:-4] not in keep)
                if stale and entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)

    def close(self) -> None:
        if not self.trusted:
            shutil.rmtree(self.directory, ignore_errors=True)


def store_card(directory: str, card: CardText) -> None:
    """Draw `card` into `directory` under its key: written beside, then renamed in one step."""
    path = os.path.join(directory, f"{card.key}.png")
    temporary = f"{path}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
    with open(os.open(temporary, flags, 0o644), "wb") as handle:
        handle.write(draw_card(card))
    os.replace(temporary, path)  # replaces a link itself, never what it points at


def store_cards(directory: str, cards: list[CardText]) -> None:
    """A pool worker's task: draw `cards` into the store (their bytes never travel between processes)."""
    for card in cards:
        store_card(directory, card)


class BuildCards:
    """One build's cards: started before the pages are rendered, linked into the site after.

    `wanted` maps each card file the build writes to what it shows. Cards the
    store lacks are drawn by a pool of processes (`CardPool`) while this process
    renders pages; `link` waits for them and links every card in.
    """

    def __init__(self, store: CardStore, wanted: dict[str, CardText], every_key: set[str]) -> None:
        self.store, self.wanted, self.every_key = store, wanted, every_key
        os.makedirs(store.directory, exist_ok=True)
        missing = [card for card in unique(wanted.values()) if not store.has(card)]
        self.pool = CardPool(missing, store.directory)

    @classmethod
    def start(
        cls, claims: list[Claim], files: dict[str, str], site_name: str, cache: str | None, site_url: str = ""
    ) -> BuildCards:
        """Start drawing the cards of the claims in `files` (slug → card file); `cache`: None when untrusted.

        The store keeps the cards of all `claims`, the whole site, and no other.
        """
        shown = {claim.slug: CardText.of(claim, site_name, site_url) for claim in claims}
        wanted = {name: shown[slug] for slug, name in files.items()}
        return cls(CardStore(cache), wanted, {card.key for card in shown.values()})

    def link(self, link_file: Callable[[str, str], None]) -> None:
        """Give every wanted card to `link_file(name, cached path)` in name order, then tidy the store."""
        try:
            self.pool.wait()
            for name, card in sorted(self.wanted.items()):
                link_file(name, self.store.path(card))
            self.store.prune(self.every_key)
        finally:
            self.close()

    def close(self) -> None:
        self.pool.close()
        self.store.close()


def workers() -> int:
    """The cores this process may use: both of a 2-core CI runner."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class CardPool:
    """`store_cards` run over `cards` in chunks by a pool of processes, while this process goes on.

    Fewer cards than `DRAW_IN_PROCESS` (a devserver rebuild, a small site) are
    drawn here when `wait` is called: a card's bytes are the same either way.
    Workers are spawned, not forked: they need Pillow, not a copy of the build.
    """

    def __init__(self, cards: list[CardText], directory: str, processes: int | None = None) -> None:
        self.cards, self.directory = cards, directory
        self.pool: ProcessPoolExecutor | None = None
        self.tasks: list[Future] = []
        processes = min(processes or workers(), -(-len(cards) // CARDS_PER_TASK))
        if len(cards) >= DRAW_IN_PROCESS and processes > 1:
            self.pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
            for start in range(0, len(cards), CARDS_PER_TASK):
                self.tasks.append(self.pool.submit(store_cards, directory, cards[start : start + CARDS_PER_TASK]))

    def wait(self) -> None:
        """Every card is in the store (a worker's error is raised here)."""
        if self.pool is None:
            store_cards(self.directory, self.cards)
        for task in self.tasks:
            task.result()
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
