"""The permalink registry as it was at a git ref, for CI to compare a pull request with main.

Owns the one place the plugin asks git for anything. Read-only: it runs
`git rev-parse` and `git show` and never changes the repository.
"""

from __future__ import annotations

import os
import subprocess


class HistoryError(Exception):
    """The ref cannot be read; the message says why in one line."""


def file_at(ref: str, path: str) -> str | None:
    """The text of `path` at commit `ref`; None when the file did not exist there."""
    if not ref or ref.startswith("-"):
        raise HistoryError(f"`{ref}` is not a git ref")
    directory, name = os.path.split(os.path.abspath(path))
    commit = _git(directory, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if commit.returncode:
        raise HistoryError(f"there is no commit `{ref}` here{_said(commit)}")
    where = f"{commit.stdout.strip()}:./{name}"  # `./`: relative to the file's directory, wherever the root is
    if _git(directory, "cat-file", "-e", where).returncode:
        return None
    shown = _git(directory, "show", where)
    if shown.returncode:
        raise HistoryError(f"git could not show it{_said(shown)}")
    return shown.stdout


def _git(directory: str, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", "-C", directory, *args], capture_output=True, encoding="utf-8", errors="replace", check=False
        )
    except OSError as error:
        raise HistoryError(f"cannot run git: {error.strerror}") from error


def _said(done: subprocess.CompletedProcess) -> str:
    first = done.stderr.strip().splitlines()[:1]
    return f" ({first[0]})" if first else ""
