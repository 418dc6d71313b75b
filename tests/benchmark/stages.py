"""Where a build's time goes: one `make html` in this process, with a stopwatch on each stage.

    python -m tests.benchmark.stages SETTINGS OUTPUT   → prints {"wall": {stage: s}, "cpu": {stage: s}}

No profiler (cProfile doubles some stages and not others): each stage's function is
wrapped with a stopwatch, by name, so the same script times older versions of the plugin
too. Each stage gets its wall-clock time and its CPU time: this thread's, plus that of the
processes it waited for (Pagefind, the card workers). On a shared 2-core machine wall time
stretches with whatever else runs; CPU time shows how the work itself grows. Stages nest as
the build does: `load_site` holds reading, linking, the registry and structured data;
`pages` holds Markdown and the share cards.
"""

from __future__ import annotations

import functools
import json
import resource
import sys
import time
from collections import defaultdict

TIMES: dict[str, float] = defaultdict(float)
CPU: dict[str, float] = defaultdict(float)


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.thread_time() + children.ru_utime + children.ru_stime


def _timed(stage: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started, used = time.perf_counter(), _cpu()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[stage] += time.perf_counter() - started
            CPU[stage] += _cpu() - used

    return wrapper


def _wrap(module, name: str, stage: str) -> None:
    """Time `module.name` (a function, or `Class.method` as "Class.method"), if this version has it."""
    owner, _, attribute = name.rpartition(".")
    target = getattr(module, owner) if owner else module
    if (owner and not hasattr(module, owner)) or not hasattr(target, attribute):
        return
    setattr(target, attribute, _timed(stage, getattr(target, attribute)))


def instrument() -> None:
    import markdown

    from factcheck import content, generator, publish

    _wrap(generator, "load_site", "load_site")
    _wrap(content, "_cached", "load_site: read and validate")
    _wrap(content, "link_site", "load_site: link (quotes verified)")
    _wrap(content, "check_registry", "load_site: permalink registry")
    _wrap(content, "structured_data", "load_site: structured data")
    _wrap(generator.FactcheckGenerator, "generate_output", "pages")
    _wrap(markdown.Markdown, "convert", "pages: Markdown")
    _wrap(generator, "share_card", "pages: share cards")  # before: drawn one by one in this process
    try:
        from factcheck import cardcache
    except ImportError:
        pass
    else:  # after: drawn by a pool while pages render; this is the wait for it, and the linking
        _wrap(cardcache.BuildCards, "link", "pages: share cards")
    _wrap(generator.FactcheckGenerator, "_write_data", "pages: feeds, JSON, sitemap")
    _wrap(publish, "build_search_index", "search index")
    _wrap(publish, "go_live", "swap")


def main(settings_file: str, output: str) -> int:
    instrument()
    from factcheck import cli

    started, used = time.perf_counter(), _cpu()
    status = cli.run_build(settings_file, output)
    TIMES["total"] = time.perf_counter() - started
    CPU["total"] = _cpu() - used
    print(json.dumps({"wall": TIMES, "cpu": CPU}))
    return status


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
