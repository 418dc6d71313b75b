"""Writing for the commands: files land inside the repository, never through a link.

Owns how `make new-claim`, `make new-source`, `make schemas` and `make
permalinks` write. A pull request can commit `content/claims -> /tmp/x` or
`schemas -> ~/.ssh`; a command that followed it would write outside the
repository. So every folder between the repository (the working directory,
where make runs) and the file is opened one at a time with O_NOFOLLOW, relative
to the folder before it (no check-then-use race), missing folders are created
the same way, and the file itself is created with O_CREAT|O_EXCL|O_NOFOLLOW. A
link anywhere on the way is a `WriteRefused` naming it, and nothing is written.
Reading is `confine`'s business.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import uuid

_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class WriteRefused(Exception):
    """A file the command will not write; `message` and `fix` make its one line."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message} — {fix}")
        self.message = message
        self.fix = fix


def write_new_file(path: str, text: str, root: str | None = None) -> None:
    """Create `path` holding `text`; FileExistsError if anything (even a dangling link) is there.

    `root` is the repository (default: the working directory); folders from it
    to `path` are created when missing. Raises WriteRefused for a link or a
    non-folder on the way, OSError for what the disk says.
    """
    directory, name = _open_parent(path, root)
    try:
        _write(directory, name, text)
    finally:
        os.close(directory)


def replace_file(path: str, text: str, root: str | None = None) -> None:
    """Write `text` beside `path`, then rename it over `path`: never through a link, never half written.

    A link at `path` itself is replaced, not followed.
    """
    directory, name = _open_parent(path, root)
    temporary = f".{name}.{uuid.uuid4().hex}.tmp"
    try:
        _write(directory, temporary, text)
        try:
            os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=directory)
            raise
    finally:
        os.close(directory)


def _write(directory: int, name: str, text: str) -> None:
    descriptor = os.open(name, _NEW_FILE_FLAGS, 0o666, dir_fd=directory)  # the umask applies, as for open()
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", closefd=False) as handle:
            handle.write(text)
    except BaseException:  # a full disk, or text that is not UTF-8: no half-written file is left
        os.close(descriptor)
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=directory)
        raise
    os.close(descriptor)


def _open_parent(path: str, root: str | None) -> tuple[int, str]:
    """(descriptor of the folder that will hold `path`, the file's name), every folder on the way checked."""
    path = os.path.abspath(path)
    base = os.path.abspath(root or os.getcwd())
    relative = os.path.relpath(path, base)
    if relative == os.curdir or relative.startswith(os.pardir + os.sep) or relative == os.pardir:
        # Asked to write outside the repository (an absolute --output): trust what exists, check what follows.
        base = os.path.dirname(path)
        while not os.path.isdir(base):
            base = os.path.dirname(base)
        relative = os.path.relpath(path, base)
    *folders, name = relative.split(os.sep)
    directory = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    walked = os.path.relpath(base)
    try:
        for folder in folders:
            walked = os.path.normpath(os.path.join(walked, folder))
            inner = _enter(directory, folder, walked, path)
            os.close(directory)
            directory = inner
    except BaseException:
        os.close(directory)
        raise
    return directory, name


def _enter(parent: int, folder: str, shown: str, target: str) -> int:
    """The descriptor of `folder` inside `parent`, created if missing; never through a link."""
    try:
        return os.open(folder, _DIRECTORY_FLAGS, dir_fd=parent)
    except FileNotFoundError:
        with contextlib.suppress(FileExistsError):  # made meanwhile: opening it still refuses a link
            os.mkdir(folder, 0o777, dir_fd=parent)
        return os.open(folder, _DIRECTORY_FLAGS, dir_fd=parent)
    except OSError as error:
        if error.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        mode = os.lstat(folder, dir_fd=parent).st_mode
        shown_target = os.path.relpath(target)
        if stat.S_ISLNK(mode):
            raise WriteRefused(
                f"cannot write {shown_target}: {shown} is a symbolic link",
                "commands write only inside the repository: replace the link with a real folder",
            ) from None
        raise WriteRefused(
            f"cannot write {shown_target}: {shown} is not a folder", "move it away, or choose another path"
        ) from None
