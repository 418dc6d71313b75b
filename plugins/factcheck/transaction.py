"""The build as a transaction: readers see the old site or the new one, never a mix.

Owns where builds are written and how they go live. Every build goes into a
fresh directory under `<output>.builds/`; `<output>` is a symbolic link to the
live one, replaced in a single atomic rename when a build succeeds. A failed
or killed build leaves the link, and so the published site, untouched.
"""

from __future__ import annotations

import os
import shutil
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


def go_live(build: str, output: str) -> None:
    """Point `output` at `build` atomically, then remove builds nobody can see any more."""
    if os.path.isdir(output) and not os.path.islink(output):
        # An output directory from before builds were transactional: move it aside once.
        os.rename(output, os.path.join(builds_dir(output), f"legacy-{time.time_ns()}"))
    link = f"{output}.link-{os.getpid()}"
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.relpath(build, os.path.dirname(output)), link)
    os.replace(link, output)  # atomic: the old site until here, the new one after
    live = os.path.realpath(output)
    for name in os.listdir(builds_dir(output)):
        path = os.path.join(builds_dir(output), name)
        if os.path.realpath(path) != live:
            shutil.rmtree(path, ignore_errors=True)
