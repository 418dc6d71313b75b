"""The build as a transaction: readers see the old site or the new one, never a mix.

Owns where builds are written and how they go live. Every build goes into a
fresh directory under `<output>.builds/`; `<output>` is a symbolic link to the
live one, replaced in a single atomic rename when a build succeeds. A failed
or killed build leaves the link, and so the published site, untouched.
"""

from __future__ import annotations

import os
import shutil
import threading
import time


def builds_dir(output: str) -> str:
    return f"{output}.builds"


def new_build_dir(output: str) -> str:
    """A fresh, unique directory to build into."""
    path = os.path.join(builds_dir(output), f"build-{time.time_ns()}-{os.getpid()}")
    os.makedirs(path)
    return path


def discard(build: str) -> None:
    shutil.rmtree(build, ignore_errors=True)


def clear_stale(output: str, keep: str) -> threading.Thread:
    """Remove, in the background, builds that are neither live nor being written.

    Runs while the new build renders (deleting thousands of files is mostly
    waiting on the disk); join the thread before the process exits.
    """
    live = os.path.realpath(output) if os.path.islink(output) else None
    folder = builds_dir(output)
    stale = [
        os.path.join(folder, name)
        for name in (os.listdir(folder) if os.path.isdir(folder) else [])
        if os.path.realpath(os.path.join(folder, name)) not in (live, os.path.realpath(keep))
    ]
    thread = threading.Thread(target=lambda: [shutil.rmtree(path, ignore_errors=True) for path in stale])
    thread.start()
    return thread


def go_live(build: str, output: str) -> None:
    """Point `output` at `build` atomically. The build it replaces is removed by the next build."""
    if os.path.isdir(output) and not os.path.islink(output):
        # An output directory from before builds were transactional: move it aside once.
        os.rename(output, os.path.join(builds_dir(output), f"legacy-{time.time_ns()}"))
    link = f"{output}.link-{os.getpid()}"
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.relpath(build, os.path.dirname(output)), link)
    os.replace(link, output)  # atomic: the old site until here, the new one after
