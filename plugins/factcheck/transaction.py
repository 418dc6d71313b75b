"""The build as a transaction: readers see the old site or the new one, never a mix.

Owns where builds are written, how they go live, who may build, and what may
be deleted. Every build goes into a fresh directory `build-<ns>-<pid>` under
`<output>.builds/`; when it succeeded it is exchanged with the real directory
`<output>` in one step (Linux's `renameat2(RENAME_EXCHANGE)`; elsewhere two
renames, with `<output>` missing for an instant). A failed or killed build
leaves `<output>`, and so the published site, untouched.

One build at a time: `build_lock` holds an flock on `<output>.lock` for
the whole build (and `clean`), so no build deletes a folder another is still
writing; a second build waits, saying who holds the lock. Deleting is
confined: only real directories named as builds name them, directly inside a
real `<output>.builds/`, are ever removed, and never through a link. A linked
`<output>.builds` or an `<output>` that is a link anywhere else is refused
before anything is created or deleted. (An `<output>` link into
`<output>.builds/` is what builds made before the output was a real
directory; the next build replaces it.)
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import os
import re
import shlex
import shutil
import stat
import sys
import threading
import time
from collections.abc import Iterator

_BUILT = re.compile(r"(?:build-[0-9]+-[0-9]+|legacy-[0-9]+)")  # names only builds give
_TEMPORARY_LINK = re.compile(r"\.link-[0-9]+")  # go_live's link before its rename


class OutputError(Exception):
    """`<output>` or `<output>.builds` is not something a build may write into; one line, with the fix."""


def builds_dir(output: str) -> str:
    return f"{output}.builds"


def lock_file(output: str) -> str:
    """Beside the output, not in it: the lock outlives `clean`, so two waiters never hold two locks."""
    return f"{output}.lock"


def _shown(path: str) -> str:  # as content.shown_path, without importing the content reader
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _mode(path: str) -> int | None:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None


def live_build(output: str) -> str | None:
    """The name of the build `output` links to, or None when there is none yet.

    Raises OutputError when `output` is a link to anything but a build directly
    under `<output>.builds/`, or is neither a link nor a directory.
    """
    mode = _mode(output)
    if mode is None or stat.S_ISDIR(mode):
        return None  # nothing yet, or the real output directory
    if not stat.S_ISLNK(mode):
        raise OutputError(f"{_shown(output)}: error: is not a directory — remove it; the build creates the directory")
    target = os.path.normpath(os.path.join(os.path.dirname(output), os.readlink(output)))
    inside = os.path.dirname(target) == os.path.normpath(builds_dir(output))
    if not inside or not _BUILT.fullmatch(os.path.basename(target)):
        raise OutputError(
            f"{_shown(output)}: error: is a link to {os.readlink(output)!r}, outside {_shown(builds_dir(output))}/ "
            f"— remove the link (rm {shlex.quote(_shown(output))}); the build creates it"
        )
    mode = _mode(target)
    if mode is not None and not stat.S_ISDIR(mode):  # a link among the builds would make `output` lead elsewhere
        fix = f"remove it and the link {_shown(output)}"
        raise OutputError(f"{_shown(target)}: error: is not a build directory — {fix}")
    return os.path.basename(target)


def check_output(output: str) -> None:
    """Refuse a `<output>.builds` that is a link or not a directory, and a foreign `<output>` link."""
    builds = builds_dir(output)
    mode = _mode(builds)
    if _is_link(builds):
        raise OutputError(
            f"{_shown(builds)}: error: is a symbolic link — remove it (rm {shlex.quote(_shown(builds))}); "
            "builds are written only into a real directory the build creates"
        )
    if mode is not None and not stat.S_ISDIR(mode):
        raise OutputError(
            f"{_shown(builds)}: error: is not a directory — remove it; the build creates it to hold builds"
        )
    live_build(output)


@contextlib.contextmanager
def build_lock(output: str) -> Iterator[None]:
    """Hold the output's build lock; wait, saying who holds it, while another build or clean runs."""
    lock = lock_file(output)
    os.makedirs(os.path.dirname(lock), exist_ok=True)
    kind = "a symbolic link" if _is_link(lock) else "not a plain file"
    refused = OutputError(f"{_shown(lock)}: error: is {kind} — remove it; the build creates its lock")
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        descriptor = os.open(lock, flags, 0o644)
    except OSError:
        mode = _mode(lock)
        if mode is None or stat.S_ISREG(mode):
            raise
        raise refused from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise refused
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"{_shown(output)}: waiting for {_holder(descriptor)} to finish", file=sys.stderr, flush=True)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        check_output(output)  # as the previous holder left it
        with contextlib.suppress(FileExistsError):  # check_output made sure it is a real directory
            os.mkdir(builds_dir(output))
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        with contextlib.suppress(OSError):  # naming the holder is a courtesy; a full disk fails the build later
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"pid {os.getpid()}, `{_command()}`, started {started}\n".encode(), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(descriptor, 0)  # a waiter never names a holder that has gone
    finally:
        os.close(descriptor)  # releases the lock; so does the kernel when a build is killed


def _command() -> str:
    """This process's command line as it was typed: `python -m factcheck build …`, not a path to __main__.py."""
    module = sys.argv[0].endswith(f"factcheck{os.sep}__main__.py")
    program = "python -m factcheck" if module else shlex.quote(sys.argv[0])
    return " ".join([program, shlex.join(sys.argv[1:])]).strip()


def _holder(descriptor: int) -> str:
    """Who holds the lock, as its holder wrote it: pid, command and start time."""
    text = os.pread(descriptor, 500, 0).decode("utf-8", "replace").strip()
    text = "".join(c if c.isprintable() else "?" for c in text)
    return f"the build that holds the lock ({text})" if text else "the build that holds the lock"


def new_build_dir(output: str) -> str:
    """A fresh, unique directory to build into (under the lock, so the builds directory exists)."""
    path = os.path.join(builds_dir(output), f"build-{time.time_ns()}-{os.getpid()}")
    os.mkdir(path)
    return path


def discard(build: str) -> None:
    shutil.rmtree(build, ignore_errors=True)


def _built_by_builds(output: str, keep: set[str]) -> list[str]:
    """Names of real build directories under `<output>.builds/`, except those in `keep`."""
    builds = builds_dir(output)
    names = []
    for name in sorted(os.listdir(builds)):
        mode = _mode(os.path.join(builds, name))
        if _BUILT.fullmatch(name) and name not in keep and mode is not None and stat.S_ISDIR(mode):
            names.append(name)
    return names


def _remove(output: str, names: list[str]) -> None:
    """Remove directories by name inside `<output>.builds/`, opened without following a link."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    folder = os.open(builds_dir(output), flags)
    try:
        for name in names:
            shutil.rmtree(name, ignore_errors=True, dir_fd=folder)  # refuses a link; never leaves `folder`
    finally:
        os.close(folder)


def clear_stale(output: str, keep: set[str]) -> threading.Thread:
    """Remove, in the background, builds that are neither live nor in `keep`. Call only under `build_lock`.

    Runs while the new build renders (deleting thousands of files is mostly
    waiting on the disk); join the thread before releasing the lock. Under the
    lock no other build is writing, so a crashed build's leftovers go here.
    """
    live = live_build(output)
    kept = {os.path.basename(path) for path in keep if path} | ({live} if live else set())
    stale = _built_by_builds(output, kept)
    thread = threading.Thread(target=_remove, args=(output, stale))
    thread.start()
    return thread


def go_live(build: str, output: str) -> None:
    """Make `build` the directory `output` in one step.

    The replaced site stays under `<output>.builds/` with a build's name (a
    reader may still be fetching from it); the next build removes it.
    """
    mode = _mode(output)
    if mode is None:
        os.rename(build, output)
        return
    if stat.S_ISLNK(mode):  # a link from before the output was a directory (`live_build` checked it)
        os.remove(output)
        os.rename(build, output)
        return
    try:
        _exchange(build, output)
        return
    except OSError as error:
        if error.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    replaced = os.path.join(builds_dir(output), f"build-{time.time_ns()}-{os.getpid()}")
    os.rename(output, replaced)
    try:
        os.rename(build, output)
    except OSError:
        os.rename(replaced, output)  # put the published site back before reporting
        raise


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: str, second: str) -> None:
    """Swap two directories atomically (Linux ≥ 3.15); ENOSYS where the C library cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), first)
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if done != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), first, None, second)


def clean(output: str) -> list[str]:
    """Remove what builds created: the `output` link (or legacy directory), every build, stale temporary links.

    Call under `build_lock`. Returns what was removed, for the report.
    """
    removed = []
    mode = _mode(output)
    live_build(output)  # refuses a foreign link
    if _is_link(output):
        os.remove(output)
        removed.append(_shown(output))
    elif mode is not None:
        shutil.rmtree(output)  # a real directory: rmtree never follows the links inside it
        removed.append(_shown(output))
    names = _built_by_builds(output, set())
    _remove(output, names)
    removed += [_shown(os.path.join(builds_dir(output), name)) for name in names]
    parent, prefix = os.path.dirname(output), os.path.basename(output)
    for name in sorted(os.listdir(parent)):
        path = os.path.join(parent, name)
        if name.startswith(prefix) and _TEMPORARY_LINK.fullmatch(name[len(prefix) :]) and _is_link(path):
            os.remove(path)  # the link itself, never what it points at
            removed.append(_shown(path))
    return removed


def _is_link(path: str) -> bool:
    mode = _mode(path)
    return mode is not None and stat.S_ISLNK(mode)


_FIXES = {
    errno.ENOSPC: "free some disk space, then build again",
    errno.EDQUOT: "free some space within your disk quota, then build again",
    errno.EROFS: "the disk is mounted read-only: build with --output on a writable disk",
    errno.EACCES: "make it writable by this user, or build with --output somewhere writable",
    errno.EPERM: "make it writable by this user, or build with --output somewhere writable",
    errno.EIO: "the disk reported an I/O error: check it, then build again",
}
MIN_FREE_BYTES = 1 << 20


def cannot_write(error: OSError, where: str) -> str:
    """One line for a write the environment refused: the path, the system's reason and what to do."""
    path = _shown(os.fsdecode(error.filename)) if error.filename else _shown(where)
    fix = _FIXES.get(error.errno or 0, "check the disk and its permissions, then build again")
    return f"cannot write {path}: {error.strerror or error} — {fix}"


def write_fault(directory: str) -> OSError | None:
    """Why `directory` cannot be written to, if it cannot: a step that failed there may not be to blame."""
    try:
        space = os.statvfs(directory)
        if space.f_bavail * space.f_frsize < MIN_FREE_BYTES:
            return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), directory)
        probe = os.path.join(directory, f".write-probe-{os.getpid()}")
        with open(probe, "wb") as handle:
            handle.write(bytes(64 * 1024))
            handle.flush()
            os.fsync(handle.fileno())
        os.remove(probe)
    except OSError as error:
        return error
    return None
