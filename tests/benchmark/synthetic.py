"""A realistic synthetic site: N claims and N/10 sources that pass validation.

Each source has 15–40 paragraphs of generated prose; each claim quotes 1–3 sentences from
1–2 sources, with 2–3 pieces of evidence, tags, claimants and, for some, an updates log.
The same claim bodies are also written as plain Pelican articles for the baseline.
Deterministic: the same N always gives the same site.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VERDICTS = ["true", "mostly-true", "mixed", "misleading", "mostly-false", "false", "unproven", "outdated"]
SYLLABLES = ["ra", "ko", "mi", "tan", "ver", "lo", "sen", "da", "pri", "gel", "mon", "tu", "ca", "nor", "bel", "fi"]


def _words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(count)]


def _sentence(rng: random.Random, vocabulary: list[str]) -> str:
    words = rng.sample(vocabulary, rng.randint(8, 22))
    return words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice([".", ".", ".", "?", "!"])


def _paragraph(rng: random.Random, vocabulary: list[str]) -> list[str]:
    return [_sentence(rng, vocabulary) for _ in range(rng.randint(2, 6))]


def generate(root: Path, claims: int, seed: int = 7) -> None:
    """Write content/ for our site and baseline/content/ for plain Pelican under `root`."""
    rng = random.Random(seed)
    vocabulary = sorted(set(_words(rng, 3000)))
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    for folder in ("claims", "sources", "pages"):
        (content / folder).mkdir(parents=True)
    shutil.copy(REPO / "content/verdicts.yaml", content / "verdicts.yaml")
    for page in ("about", "methodology", "corrections", "contribute"):
        shutil.copy(REPO / f"content/pages/{page}.md", content / f"pages/{page}.md")
    baseline = root / "baseline" / "content"
    baseline.mkdir(parents=True)

    sources = []
    for number in range(max(1, claims // 10)):
        slug = f"source-{number:05d}"
        paragraphs = [_paragraph(rng, vocabulary) for _ in range(rng.randint(15, 40))]
        sources.append((slug, paragraphs))
        body = "\n\n".join(" ".join(p) for p in paragraphs)
        (content / f"sources/{slug}.md").write_text(
            f'---\ntitle: "Synthetic report {number}"\npublisher: Publisher {number % 37}\nauthor: unknown\n'
            f"published: 2020-{number % 12 + 1:02d}-{number % 27 + 1:02d}\nurl: https://source{number}.example/article\n"
            f"kind: news-article\n---\n{body}\n",
            encoding="utf-8",
        )
    urls = [f"/sources/{slug}/" for slug, _ in sources]
    claimants = [f"Claimant {i}" for i in range(max(1, claims // 20))]
    tags = [f"topic-{i}" for i in range(50)]
    for number in range(claims):
        slug = f"claim-{number:05d}"
        cited = rng.sample(sources, min(len(sources), rng.randint(1, 2)))
        appearances = []
        for quote_number in range(rng.randint(1, 3)):
            source_slug, paragraphs = cited[quote_number % len(cited)]
            sentence = rng.choice(rng.choice(paragraphs))
            appearances.append(f'  - source: {source_slug}\n    quote: "{sentence}"')
        evidence = "\n".join(
            f'  - outlet: Outlet {rng.randint(1, 200)}\n    headline: "[Report {number}-{i}]"\n'
            f"    date: 2020-{rng.randint(1, 12):02d}\n    url: https://outlet{i}.example/{number}\n"
            f"    note: {' '.join(rng.sample(vocabulary, 8))}."
            for i in range(rng.randint(2, 3))
        )
        updates = ""
        if number % 7 == 0:
            updates = f"updates:\n  - date: 2021-0{rng.randint(4, 9)}-01\n    note: Corrected a date.\n"
        body = "\n\n".join(" ".join(p) for p in (_paragraph(rng, vocabulary) for _ in range(rng.randint(3, 6))))
        chosen_tags = rng.sample(tags, rng.randint(1, 3))
        claim_text = " ".join(rng.sample(vocabulary, 6)).capitalize()
        (content / f"claims/{slug}.md").write_text(
            f'---\nclaim: "{claim_text}."\nheadline: "Is it true that {claim_text.lower()}?"\n'
            f"claimant: {rng.choice(claimants)}\nclaimant_kind: person\nclaim_date: 2020-{rng.randint(1, 12):02d}\n"
            f'verdict: "{rng.choice(VERDICTS)}"\nconclusion: {" ".join(rng.sample(vocabulary, 12))}.\n'
            f"appearances:\n" + "\n".join(appearances) + f"\nevidence:\n{evidence}\nreviewer: Desk\n"
            f"published: 2021-03-{number % 28 + 1:02d}\n{updates}tags: [{', '.join(chosen_tags)}]\n---\n{body}\n",
            encoding="utf-8",
        )
        urls.append(f"/claims/{slug}/")
        date = dt.date(2021, 3, number % 28 + 1)
        (baseline / f"{slug}.md").write_text(
            f"Title: Is it true that {claim_text.lower()}?\nDate: {date.isoformat()}\nCategory: claims\n"
            f"Tags: {', '.join(chosen_tags)}\nSlug: {slug}\n\n{body}\n",
            encoding="utf-8",
        )
    (content / "permalinks.txt").write_text("".join(f"{url}\n" for url in sorted(urls)), encoding="utf-8")
