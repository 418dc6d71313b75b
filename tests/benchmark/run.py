"""`make bench`: the build as users run it, timed against plain Pelican on the same bodies; writes the report.

    python -m tests.benchmark.run --claims 1000,5000 [--repeat 3] [--before REF] [--output docs/performance.md]

For each N, on a synthetic site (`synthetic.py`) that `make check --strict` passes clean:

- headline: `make html` (`python -m factcheck build`: share cards and search included) cold
  (no cache, no output) and warm (run again, nothing changed), alternating with plain Pelican
  on the same bodies, cold (no content cache) and warm (its content cache); each in a fresh
  process, timed with `wait4`, which also gives the peak RSS of the largest process (Pagefind
  included); the peak of all the build's processes together is sampled every 20 ms;
- the stage breakdown of one cold build (`stages.py`), and, with `--before`, of the plugin
  at that commit on the same content;
- `make check`; the devserver's rebuild after editing one claim (`devserver.py`, which
  refuses to report a rebuild that left any page stale).

The report (`docs/performance.md`) is written whole from the measurements: edit this file,
not the report.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import report
from .synthetic import REPO, generate, register

OURS = """
exec(open({pelicanconf!r}, encoding="utf-8").read())
PATH = "content"
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
CACHE_PATH = "cache"
"""

# Plain Pelican as its quickstart leaves it, on the same bodies, with its content cache for warm builds.
BASELINE = """
AUTHOR = "Bench"
SITENAME = "Baseline"
PATH = "baseline/content"
TIMEZONE = "UTC"
SITEURL = ""
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "baseline-cache"
"""
DEVSERVER_EDITS = 3
BEFORE_UP_TO = 5000  # the plugin before these changes took 12 minutes at 20,000 claims: profiled up to here


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the largest single process (wait4)
    tree_mb: float = 0.0  # all processes of the build at once (sampled)


@dataclass
class Result:
    claims: int
    sources: int
    ours_cold: list[Run] = field(default_factory=list)
    ours_warm: list[Run] = field(default_factory=list)
    base_cold: list[Run] = field(default_factory=list)
    base_warm: list[Run] = field(default_factory=list)
    check: list[Run] = field(default_factory=list)
    stages: dict[str, dict[str, float]] = field(default_factory=dict)  # {"wall": …, "cpu": …}
    stages_before: dict[str, dict[str, float]] = field(default_factory=dict)
    devserver: dict = field(default_factory=dict)


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants now."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="ascii") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            pass
        pending += children.get(pid, [])
    return total


def measure(command: list[str], cwd: Path, env: dict) -> Run:
    """Wall time, peak RSS of the largest process (wait4) and of all of them at once (sampled)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    errors = process.stderr.read() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{errors[-4000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, peak[0] / 2**20)


def prepare(root: Path, claims: int, repo: Path) -> dict:
    """The synthetic site for the plugin in `repo`, registered, in a git work tree, checked clean; its env."""
    generate(root, claims, repo)
    settings = OURS.format(
        pelicanconf=str(repo / "pelicanconf.py"), theme=str(repo / "theme"), plugins=str(repo / "plugins")
    )
    (root / "ours.py").write_text(settings, encoding="utf-8")
    (root / "baseline.py").write_text(BASELINE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{repo / 'plugins'}:{REPO}"}
    register(root, "ours.py", env)
    # A desk's site is a git work tree: the share-card cache is trusted only in one (confine.card_cache_status).
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    done = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", "--strict", "--settings", "ours.py"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or " 0 warning(s)" not in done.stderr:
        raise SystemExit(f"the synthetic site is not clean:\n{done.stderr[-4000:]}")
    return env


def _clear(root: Path, *names: str) -> None:
    for name in names:
        shutil.rmtree(root / name, ignore_errors=True)


def stages(root: Path, env: dict) -> dict[str, dict[str, float]]:
    _clear(root, "cache", "out", "out.builds")
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmark.stages", "ours.py", "out"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"the stage breakdown failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(claims: int, repeat: int, workdir: Path, code: Path, before: Path | None) -> Result:
    root = workdir / f"site-{claims}"
    env = prepare(root, claims, code)
    python = sys.executable
    ours = [python, "-m", "factcheck", "build", "--settings", "ours.py", "--output", "out"]
    baseline = [python, "-m", "pelican", "--settings", "baseline.py", "--output", "out-baseline", "--quiet"]
    result = Result(claims, max(1, claims // 10))
    for _ in range(repeat):  # alternate, so drift in the machine's speed hits both alike
        _clear(root, "cache", "out", "out.builds")
        result.ours_cold.append(measure(ours, root, env))
        _clear(root, "baseline-cache", "out-baseline")
        result.base_cold.append(measure(baseline, root, env))
        result.ours_warm.append(measure(ours, root, env))
        result.base_warm.append(measure(baseline, root, env))
    check = [python, "-m", "factcheck", "check", "--settings", "ours.py"]
    result.check = [measure(check, root, env) for _ in range(repeat)]
    result.stages = stages(root, env)
    _clear(root, "dev-out", "dev-out.builds", "cache")
    devserver = [python, "-m", "tests.benchmark.devserver", "ours.py", "dev-out", str(DEVSERVER_EDITS)]
    done = subprocess.run(devserver, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the devserver benchmark failed:\n{done.stderr[-4000:]}")
    result.devserver = json.loads(done.stdout.strip().splitlines()[-1])
    _clear(root, "dev-out", "dev-out.builds")
    if before is not None and claims <= BEFORE_UP_TO:
        old = workdir / f"before-{claims}"
        result.stages_before = stages(old, prepare(old, claims, before))
        shutil.rmtree(old, ignore_errors=True)
    return result


def snapshot(workdir: Path) -> Path:
    """The plugin, theme and settings as they are now, copied: edits made while the benchmark runs change nothing."""
    target = workdir / "code-now"
    shutil.rmtree(target, ignore_errors=True)
    for part in ("plugins", "theme", "content/pages"):
        shutil.copytree(REPO / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pelicanconf.py", "content/verdicts.yaml"):
        shutil.copy(REPO / part, target / part)
    return target


def checkout(ref: str, workdir: Path) -> Path:
    """The repository at `ref`, unpacked beside the sites (git state untouched)."""
    target = workdir / f"code-{ref}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average {load:.1f} when the run ended"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmark.run")
    parser.add_argument("--claims", default="1000,5000", help="comma-separated claim counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", default="", help="also profile the plugin at this git commit (up to 5,000 claims)")
    parser.add_argument("--workdir", default=str(REPO / "cache" / "bench"))
    parser.add_argument("--output", default="", help="write the report to this Markdown file")
    args = parser.parse_args(argv)
    workdir = Path(args.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    code = snapshot(workdir)
    before = checkout(args.before, workdir) if args.before else None
    started = time.time()
    results = [bench(int(n), args.repeat, workdir, code, before) for n in args.claims.split(",")]
    command = f"make bench CLAIMS={args.claims} REPEAT={args.repeat}" + (f" BEFORE={args.before}" if before else "")
    text = report.render(results, command, machine(), args.before, time.time() - started)
    print(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.peak_mb for r in runs),
        statistics.median(r.tree_mb for r in runs),
    )


if __name__ == "__main__":
    sys.exit(main())
