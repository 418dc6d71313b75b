"""`make bench`: time our build against plain Pelican on a synthetic site, and write the table.

    python -m tests.benchmark.run --claims 1000,5000 [--repeat 3] [--output docs/performance.md]

For each N: a cold full build of ours (search index and share images off) and of the
baseline (the same bodies as plain Pelican articles, default theme, no plugin), alternating,
each in a fresh process measured with wait4 (wall time and peak RSS of that process);
then `make check`, a rebuild after editing one claim (cache warm), the search index and
the share images, each timed on its own. Medians are reported.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .synthetic import REPO, generate

OURS = f"""
exec(open({str(REPO / "pelicanconf.py")!r}, encoding="utf-8").read())
PATH = "content"
THEME = {str(REPO / "theme")!r}
PLUGIN_PATHS = [{str(REPO / "plugins")!r}]
FACTCHECK_SHARE_CARDS = False
CACHE_PATH = "cache"
"""

BASELINE = """
AUTHOR = "Bench"
SITENAME = "Baseline"
PATH = "baseline/content"
TIMEZONE = "UTC"
SITEURL = ""
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float


def measure(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Wall time and peak resident memory of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{process.stderr.read()}")
    return Run(seconds, usage.ru_maxrss / 1024)


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), statistics.median(r.peak_mb for r in runs))


def bench(claims: int, repeat: int, workdir: Path) -> dict:
    root = workdir / f"site-{claims}"
    generate(root, claims)
    (root / "ours.py").write_text(OURS, encoding="utf-8")
    (root / "baseline.py").write_text(BASELINE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    python = sys.executable
    ours_build = [python, "-m", "factcheck", "build", "--no-search", "--settings", "ours.py", "--output", "out"]
    baseline_build = [python, "-m", "pelican", "--settings", "baseline.py", "--output", "out-baseline", "--quiet"]
    ours, baseline = [], []
    for _ in range(repeat):  # alternate, so drift in the machine's speed hits both alike
        shutil.rmtree(root / "cache", ignore_errors=True)
        ours.append(measure(ours_build, root, env))
        shutil.rmtree(root / "out-baseline", ignore_errors=True)
        baseline.append(measure(baseline_build, root, env))
    check_command = [python, "-m", "factcheck", "check", "--settings", "ours.py"]
    check = median([measure(check_command, root, env) for _ in range(repeat)])
    bench_env = {**env, "PYTHONPATH": f"{REPO / 'plugins'}:{REPO}"}

    # The devserver's rebuild: one process, a cold build, one claim edited, a rebuild.
    devserver = [python, "-m", "tests.benchmark.devserver", str(root / "ours.py"), str(root / "dev-out")]
    rebuilds, colds = [], []
    for attempt in range(repeat):
        shutil.rmtree(root / "dev-out", ignore_errors=True)
        claim = root / f"content/claims/claim-{attempt:05d}.md"
        done = subprocess.run([*devserver, str(claim)], cwd=REPO, env=bench_env, capture_output=True, text=True)
        cold, rebuild = (float(x) for x in done.stdout.split()[-2:])
        colds.append(Run(cold, 0))
        rebuilds.append(Run(rebuild, 0))

    search = measure([python, "-m", "factcheck.searchindex", str(root / "out")], root, env)
    cards_command = [python, "-m", "tests.benchmark.cards", str(root / "ours.py"), str(root / "cache" / "cards-bench")]
    shutil.rmtree(root / "cache" / "cards-bench", ignore_errors=True)
    cards_cold = measure(cards_command, REPO, bench_env)
    cards_warm = measure(cards_command, REPO, bench_env)
    return {
        "claims": claims,
        "sources": claims // 10,
        "ours": median(ours),
        "baseline": median(baseline),
        "check": check,
        "rebuild": median(rebuilds),
        "devserver_cold": median(colds),
        "search": search,
        "cards_cold": cards_cold,
        "cards_warm": cards_warm,
    }


def table(results: list[dict]) -> str:
    lines = [
        "| claims (sources) | ours: build | baseline: build | time ratio | ours: peak RSS | baseline: peak RSS "
        "| RSS ratio | `make check` | devserver: cold / rebuild after one edit | search index "
        "| share images cold / warm |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ours, base = r["ours"], r["baseline"]
        lines.append(
            f"| {r['claims']:,} ({r['sources']:,}) | {ours.seconds:.2f} s | {base.seconds:.2f} s "
            f"| {ours.seconds / base.seconds:.2f}× | {ours.peak_mb:.0f} MB | {base.peak_mb:.0f} MB "
            f"| {ours.peak_mb / base.peak_mb:.2f}× | {r['check'].seconds:.2f} s "
            f"| {r['devserver_cold'].seconds:.2f} s / {r['rebuild'].seconds:.2f} s "
            f"({100 * r['rebuild'].seconds / r['devserver_cold'].seconds:.0f}%) "
            f"| {r['search'].seconds:.2f} s | {r['cards_cold'].seconds:.1f} s / {r['cards_warm'].seconds:.1f} s |"
        )
    return "\n".join(lines) + "\n"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmark.run")
    parser.add_argument("--claims", default="1000,5000", help="comma-separated claim counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", default=str(REPO / "cache" / "bench"))
    parser.add_argument("--output", default="", help="also write the results into this Markdown file")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.claims.split(",")]
    results = [bench(n, args.repeat, Path(args.workdir)) for n in counts]
    text = table(results)
    print(text)
    if args.output:
        write_report(Path(args.output), text, args)
    return 0


def write_report(path: Path, text: str, args: argparse.Namespace) -> None:
    command = f"make bench CLAIMS={args.claims} REPEAT={args.repeat}"
    report = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = f"{start}\nMeasured with `{command}` on {machine()}.\n\n{text}{end}"
    if start in report and end in report:
        report = report[: report.index(start)] + block + report[report.index(end) + len(end) :]
    else:
        report = report + "\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
