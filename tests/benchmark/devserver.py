"""The devserver's latency: one Pelican in one process, as `make devserver` runs it, and claims edited one by one.

    python -m tests.benchmark.devserver SETTINGS OUTPUT EDITS  → prints one JSON object

A cold `pelican.run()`, then for each of EDITS claims: its verdict changed and a sentence
added to its reasoning, and `pelican.run()` again, timed. After each rebuild the live site
must show the edit everywhere it appears (the claim's page, every source page quoting it,
the verdict indexes) and the search shard holding the claim must have been indexed again;
otherwise the benchmark stops: a fast rebuild that serves a stale page is no result.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from pathlib import Path

import yaml
from pelican import Pelican
from pelican.settings import read_settings

SENTENCE = "An edited sentence, number {n}, that no other page holds."


def _verdicts(root: Path) -> list[tuple[str, str]]:
    scale = yaml.safe_load((root / "content/verdicts.yaml").read_text(encoding="utf-8"))
    return [(str(entry["key"]), str(entry["label"])) for entry in scale]


def _edit(claim: Path, verdicts: list[tuple[str, str]], n: int, sentence: str) -> tuple[str, str, list[str]]:
    """Give the claim another verdict and one more sentence; return that verdict and the sources it quotes.

    The new verdict is none the claim had before (its updates log names those).
    """
    text = claim.read_text(encoding="utf-8")
    had = set(re.findall(r'^\s*(?:previous_)?verdict: "?([^"\n]+)"?$', text, flags=re.MULTILINE))
    key, label = next(v for v in verdicts[n % len(verdicts) :] + verdicts if v[0] not in had)
    text = re.sub(r"^verdict: .*$", f'verdict: "{key}"', text, count=1, flags=re.MULTILINE)
    claim.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")
    return key, label, re.findall(r"^  - source: (\S+)$", text, flags=re.MULTILINE)


def _shard_entries(output: Path) -> dict[str, str]:
    return {
        str(path.relative_to(output)): path.read_text(encoding="utf-8")
        for path in output.glob("pagefind/**/pagefind-entry.json")
    }


def _check(output: Path, slug: str, sources: list[str], label: str, key: str, sentence: str, before: dict) -> None:
    """The edit is on every page that shows it, and the search index changed; else stop."""
    page = (output / f"claims/{slug}/index.html").read_text(encoding="utf-8")
    problems = []
    if sentence not in page or label not in page:
        problems.append(f"claims/{slug}/ does not show the edit")
    for source in sources:
        html = (output / f"sources/{source}/index.html").read_text(encoding="utf-8")
        if f'verdict-{key}"' not in html or f"/claims/{slug}/" not in html:
            problems.append(f"sources/{source}/ does not show the new verdict")
    if f"/claims/{slug}/" not in (output / f"verdicts/{key}/index.html").read_text(encoding="utf-8"):
        problems.append(f"verdicts/{key}/ does not list the claim")
    if _shard_entries(output) == before:
        problems.append("the search index was not updated")
    if problems:
        raise SystemExit("devserver served a stale site: " + "; ".join(problems))


def main(settings_file: str, output: str, edits: int) -> int:
    root = Path(settings_file).resolve().parent
    os.chdir(root)
    logging.disable(logging.WARNING)
    pelican = Pelican(read_settings(Path(settings_file).name, override={"OUTPUT_PATH": str(Path(output).resolve())}))
    started = time.perf_counter()
    pelican.run()
    cold = time.perf_counter() - started
    verdicts = _verdicts(root)
    claims = sorted(path.stem for path in (root / "content/claims").glob("*.md"))
    rebuilds = []
    for n in range(edits):
        slug = claims[(n * 7919 + 17) % len(claims)]  # spread over the site
        sentence = SENTENCE.format(n=n)
        before = _shard_entries(Path(output))
        key, label, sources = _edit(root / f"content/claims/{slug}.md", verdicts, n, sentence)
        started = time.perf_counter()
        pelican.run()
        rebuilds.append(time.perf_counter() - started)
        _check(Path(output), slug, sources, label, key, sentence, before)
    print(json.dumps({"cold": cold, "rebuilds": rebuilds}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
