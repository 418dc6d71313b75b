"""A realistic synthetic site: N claims and N/10 sources that pass `make check --strict` with no warning.

Sizes follow the issue that asked for them (and the real content): sources of 20–60
paragraphs; claims whose reasoning runs 250–400 words of Markdown (bold lead-ins, links,
emphasis, some lists and quotations), quoting 1–3 sentences from 1–2 sources, with 2–4
evidence items, 1–4 tags out of 200, N/20 claimants, an updates log on every seventh claim
and an alias (an old URL redirecting here) on every fiftieth. The same bodies, claims and
sources alike, are written as plain Pelican articles for the baseline.

The registry is written by the real `python -m factcheck permalinks`, so every URL and
paragraph is registered exactly as a desk's registry would be. Deterministic: the same N
always gives the same site.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
SYLLABLES = ["ra", "ko", "mi", "tan", "ver", "lo", "sen", "da", "pri", "gel", "mon", "tu", "ca", "nor", "bel", "fi"]
SOURCE_KINDS = ["news-article", "news-article", "opinion", "blog-post", "report", "transcript", "web-page"]
TAGS = 200


class Writer:
    """Deterministic prose from a seeded generator and a fixed vocabulary."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = sorted(
            {"".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(1, 3))) for _ in range(5000)}
        )

    def words(self, count: int) -> list[str]:
        return self.rng.sample(self.vocabulary, count)

    def sentence(self, low: int = 8, high: int = 22) -> str:
        words = self.words(self.rng.randint(low, high))
        return words[0].capitalize() + " " + " ".join(words[1:]) + self.rng.choice([".", ".", ".", "?", "!"])

    def paragraph(self, low: int = 2, high: int = 6) -> list[str]:
        return [self.sentence() for _ in range(self.rng.randint(low, high))]

    def reasoning(self, evidence_links: list[str]) -> str:
        """250–400 words of Markdown, as a desk writes it: lead-ins, links, emphasis, a list or a quotation."""
        rng = self.rng
        target = rng.randint(250, 400)
        blocks: list[str] = []
        words = 0
        while words < target - 30:  # a block runs 30–80 words: stop near the target
            sentences = self.paragraph(2, 4)
            if blocks:
                lead = " ".join(self.words(rng.randint(1, 3))).capitalize()
                sentences[0] = f"**{lead}.** {sentences[0]}"
            if evidence_links and rng.random() < 0.5:
                link_words = " ".join(self.words(3))
                sentences.insert(1, f"The [{link_words}]({rng.choice(evidence_links)}) says as much.")
            if rng.random() < 0.3:
                emphasised = self.words(2)
                sentences.append(f"It was *{emphasised[0]}*, not _{emphasised[1]}_.")
            block = " ".join(sentences)
            words += len(block.split())
            blocks.append(block)
            if len(blocks) == 2 and rng.random() < 0.35:
                items = [f"- {' '.join(self.words(rng.randint(4, 9)))};" for _ in range(rng.randint(2, 4))]
                blocks.append("\n".join(items))
                words += sum(len(item.split()) for item in items)
            if len(blocks) == 3 and rng.random() < 0.25:
                quoted = self.sentence()
                blocks.append(f"> {quoted}")
                words += len(quoted.split())
        return "\n\n".join(blocks)


def _scalar(text: str) -> str:
    """A YAML double-quoted scalar (the prose holds no quotes or backslashes, but say so anyway)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _supports(repo: Path, module: str, name: str) -> bool:
    """Whether the plugin in `repo` knows `name` (older ones, profiled for comparison, lack newer features)."""
    return name in (repo / f"plugins/factcheck/{module}.py").read_text(encoding="utf-8")


def generate(root: Path, claims: int, repo: Path = REPO, seed: int = 7) -> None:
    """Write content/ for the plugin in `repo` and baseline/content/ for plain Pelican under `root`.

    `register` then writes the registry. Verdicts and pages come from `repo`'s own content.
    """
    writer = Writer(seed)
    rng = writer.rng
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    # Claims cite evidence by id from `content/evidence/`; tags are slugs named in `topics.yaml`.
    library = _supports(repo, "schema", "EVIDENCE_ITEM_FIELDS")
    topics = _supports(repo, "config", "FACTCHECK_TOPICS_FILE")
    for folder in ("claims", "sources", "pages", *(["evidence"] if library else [])):
        (content / folder).mkdir(parents=True)
    shutil.copy(repo / "content/verdicts.yaml", content / "verdicts.yaml")
    verdicts = [entry["key"] for entry in yaml.safe_load((repo / "content/verdicts.yaml").read_text(encoding="utf-8"))]
    for page in (repo / "content/pages").glob("*.md"):
        shutil.copy(page, content / "pages" / page.name)
    baseline = root / "baseline" / "content"
    baseline.mkdir(parents=True)

    sources = []
    for number in range(max(1, claims // 10)):
        slug = f"source-{number:05d}"
        paragraphs = [writer.paragraph() for _ in range(rng.randint(20, 60))]
        sources.append((slug, paragraphs))
        body = "\n\n".join(" ".join(p) for p in paragraphs)
        title = f"{' '.join(writer.words(5)).capitalize()} ({number})"
        published = dt.date(2019, 1, 1) + dt.timedelta(days=number % 1000)
        (content / f"sources/{slug}.md").write_text(
            f"---\ntitle: {_scalar(title)}\npublisher: Publisher {number % 37}\n"
            f"author: {'unknown' if number % 3 else f'Author {number % 101}'}\n"
            f"published: {published.isoformat()}\nurl: https://source{number}.example/article\n"
            f"kind: {SOURCE_KINDS[number % len(SOURCE_KINDS)]}\n---\n{body}\n",
            encoding="utf-8",
        )
        (baseline / f"{slug}.md").write_text(
            f"Title: {title}\nDate: {published.isoformat()}\nCategory: sources\nSlug: {slug}\n\n{body}\n",
            encoding="utf-8",
        )

    claimants = [(f"Claimant {i}", "organization" if i % 4 == 0 else "person") for i in range(max(1, claims // 20))]
    names = sorted({" ".join(writer.words(rng.randint(1, 2))) for _ in range(TAGS)})
    tags = [name.replace(" ", "-") for name in names] if topics else names
    if topics:
        entries = "".join(
            f"- tag: {tag}\n  name: {_scalar(name.title())}\n" for tag, name in zip(tags, names, strict=True)
        )
        (content / "topics.yaml").write_text(entries, encoding="utf-8")
    items = _write_library(content, writer, claims) if library else []
    for number in range(claims):
        slug = f"claim-{number:05d}"
        cited = rng.sample(sources, min(len(sources), rng.randint(1, 2)))
        appearances = []
        for quote_number in range(rng.randint(1, 3)):
            source_slug, paragraphs = cited[quote_number % len(cited)]
            quote = rng.choice(rng.choice(paragraphs))
            appearances.append(f"  - source: {source_slug}\n    quote: {_scalar(quote)}")
        count = rng.randint(2, 4)
        links = [f"https://outlet{rng.randint(1, 200)}.example/{number}/{i}" for i in range(count)]
        if library:
            # Every item is cited at least once (the library refuses an unused one): claim n cites item n first.
            chosen = list(dict.fromkeys([items[number % len(items)], *rng.sample(items, count - 1)]))
            evidence = "\n".join(f"  - id: {key}\n    note: {' '.join(writer.words(8))}." for key in chosen)
        else:
            evidence = "\n".join(
                f"  - outlet: Outlet {rng.randint(1, 200)}\n"
                f"    headline: {_scalar(' '.join(writer.words(7)).capitalize())}\n"
                f"    date: 2020-{rng.randint(1, 12):02d}\n    url: {links[i]}\n"
                f"    note: {' '.join(writer.words(12))}."
                for i in range(count)
            )
        published = dt.date(2020, 1, 1) + dt.timedelta(days=number % 1500)
        verdict = rng.choice(verdicts)
        updates = ""
        if number % 7 == 0:
            previous = rng.choice([v for v in verdicts if v != verdict])
            updates = (
                f"updates:\n  - date: {(published + dt.timedelta(days=30)).isoformat()}\n"
                f"    note: {' '.join(writer.words(10)).capitalize()}.\n    previous_verdict: {_scalar(previous)}\n"
            )
        aliases = f"aliases: [old-{slug}]\n" if number % 50 == 49 else ""
        body = writer.reasoning(links)
        chosen_tags = rng.sample(tags, rng.randint(1, 4))
        claim_text = " ".join(writer.words(6)).capitalize()
        claimant, kind = rng.choice(claimants)
        (content / f"claims/{slug}.md").write_text(
            f"---\nclaim: {_scalar(claim_text + '.')}\nheadline: {_scalar(f'Is it true that {claim_text.lower()}?')}\n"
            f"claimant: {claimant}\nclaimant_kind: {kind}\nclaim_date: 2019-{rng.randint(1, 12):02d}\n"
            f"verdict: {_scalar(verdict)}\nconclusion: {' '.join(writer.words(14)).capitalize()}.\n"
            "appearances:\n" + "\n".join(appearances) + f"\nevidence:\n{evidence}\nreviewer: Desk {number % 5}\n"
            f"published: {published.isoformat()}\n{updates}{aliases}tags: [{', '.join(chosen_tags)}]\n---\n{body}\n",
            encoding="utf-8",
        )
        (baseline / f"{slug}.md").write_text(
            f"Title: Is it true that {claim_text.lower()}?\nDate: {published.isoformat()}\nCategory: claims\n"
            f"Tags: {', '.join(chosen_tags)}\nSlug: {slug}\n\n{body}\n",
            encoding="utf-8",
        )
    (content / "permalinks.txt").write_text("", encoding="utf-8")


def _write_library(content: Path, writer: Writer, claims: int) -> list[str]:
    """The evidence library: one item per claim, each cited by about three claims."""
    keys = []
    for number in range(max(4, claims)):
        key = f"item-{number:06d}"
        keys.append(key)
        date = dt.date(2018, 1, 1) + dt.timedelta(days=number % 700)
        (content / f"evidence/{key}.md").write_text(
            f"---\noutlet: Outlet {number % 200}\nheadline: {_scalar(' '.join(writer.words(7)).capitalize())}\n"
            f"date: {date.isoformat()}\nurl: https://outlet{number % 200}.example/{number}\n---\n"
            f"{' '.join(writer.words(12)).capitalize()}.\n",
            encoding="utf-8",
        )
    return keys


def register(root: Path, settings: str, env: dict) -> None:
    """Register every URL and paragraph with the real command, as a desk does before publishing."""
    command = [sys.executable, "-m", "factcheck", "permalinks", "--settings", settings]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the synthetic site could not be registered:\n{done.stderr[-4000:]}")
