"""The search index: Pagefind over the built site, made reproducible.

Owns the last build step. Pagefind writes each filter's values in a Rust
HashMap's random order, so two builds of the same content would differ in a
few files and reviewers could not diff a pull request's output. After indexing,
filter values are sorted and the files renamed by their content, which is what
Pagefind's loader follows (entry → meta → filter); nothing else changes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys

import cbor2

BUNDLE = "pagefind"
_MAGIC = b"pagefind_dcd"


def build_search_index(site: str) -> str | None:
    """Index the built site with Pagefind; the error text when it fails, else None."""
    command = [sys.executable, "-m", "pagefind", "--site", site, "--silent"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        return f"search indexing failed:\n{done.stdout}{done.stderr}"
    try:
        canonicalise(os.path.join(site, BUNDLE))
    except (OSError, ValueError, KeyError, IndexError, cbor2.CBORError) as error:
        return f"search index could not be made reproducible ({error}); Pagefind's format may have changed"
    return None


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


if __name__ == "__main__":  # `python -m factcheck.searchindex SITE`: index a built site on its own
    failure = build_search_index(sys.argv[1])
    if failure:
        print(failure, file=sys.stderr)
    sys.exit(1 if failure else 0)
