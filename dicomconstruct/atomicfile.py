"""Writing a file whole or not at all: what ``dcmwrite`` does with a path.

Nothing of the DICOM standard lives here; it is the file-system side of "a failed write never
truncates an existing file or leaves debris" (``docs/reliability.md``).

How, and why:

- The bytes go to an *unnamed* file in the target's folder (Linux ``O_TMPFILE``): a process
  killed while writing leaves nothing anyone can see, and the kernel frees the blocks. Only a
  complete, fsynced file gets a name: a hard link through ``/proc/self/fd`` (``linkat``), then
  an ``os.replace`` onto the target, the one atomic way to swap a file's contents.
- Where ``O_TMPFILE`` is missing (another OS, a file system without it), the temporary file
  is named at once. Either way its name is ``.<target name>.<pid>-<random>.dicomconstruct.tmp``, so a
  leftover (only possible when the process dies between naming and renaming it) says which
  file it was for and which process made it; the next write into that folder removes such
  leftovers of processes that no longer run.
- A symlink is written through, as ``open(path, "wb")`` would: the file it points to is
  replaced and the link stays.
- The new file keeps the mode of the one it replaces; a new file gets ``0o666`` less the
  umask, applied by the kernel at creation (never by changing the process-wide umask, which
  would race with other threads).
- Errors name the target, not the temporary file.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from typing import BinaryIO

__all__ = ["write_atomically", "remove_stale_temporaries"]

_SUFFIX = ".dicomconstruct.tmp"
_STALE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]+" + re.escape(_SUFFIX) + "$")


def _temporary_name(target: str) -> str:
    folder, name = os.path.split(target)
    # The process id says whose it is; the random part keeps threads of one process apart.
    return os.path.join(folder, f".{name}.{os.getpid()}-{os.urandom(4).hex()}{_SUFFIX}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def remove_stale_temporaries(folder: str) -> list[str]:
    """Remove this library's temporary files in ``folder`` whose writing process is gone."""
    removed = []
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return removed
    for name in names:
        match = _STALE.match(name)
        if match is None or _alive(int(match["pid"])):
            continue
        path = os.path.join(folder, name)
        try:
            os.unlink(path)
        except OSError:
            continue
        removed.append(path)
    return removed


def _open_unnamed(folder: str) -> int | None:
    """A file descriptor of an unnamed file in ``folder``, or None where that is unsupported."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):  # naming it needs /proc (linkat)
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as error:
        # EISDIR: kernel without O_TMPFILE; EOPNOTSUPP: file system without it.
        if error.errno in (errno.EISDIR, errno.EOPNOTSUPP, errno.EINVAL, errno.ENOENT):
            if error.errno == errno.ENOENT and not os.path.isdir(folder):
                raise
            return None
        raise


def _name_unnamed(descriptor: int, name: str) -> None:
    """linkat(2) the unnamed file to ``name`` through its /proc/self/fd magic link.

    ``src_dir_fd`` makes CPython call linkat with AT_SYMLINK_FOLLOW; plain link(2) would try
    to link the magic link itself and fail with EXDEV.
    """
    fds = os.open("/proc/self/fd", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.link(str(descriptor), name, src_dir_fd=fds, follow_symlinks=True)
    finally:
        os.close(fds)


def _renamed(error: OSError, target: str) -> OSError:
    """``error`` as if raised for ``target`` (the temporary file's name means nothing to users)."""
    if error.errno is None:
        return error
    return type(error)(error.errno, error.strerror, target)


def write_atomically(path: str | os.PathLike, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write(file)`` on a new file that replaces ``path`` only once it is complete.

    A symlink at ``path`` is followed: the file it points to is replaced, the link stays.
    """
    target = os.path.realpath(os.fspath(path))
    folder = os.path.dirname(target)
    remove_stale_temporaries(folder)
    temporary = _temporary_name(target)
    named = False
    try:
        try:
            descriptor = _open_unnamed(folder)
            if descriptor is None:
                # O_EXCL: never write through a file (or link) someone else put there.
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
                descriptor = os.open(temporary, flags, 0o666)
                named = True
            with os.fdopen(descriptor, "wb") as file:
                write(file)
                file.flush()
                os.fsync(file.fileno())
                try:
                    os.chmod(file.fileno(), os.stat(target).st_mode & 0o7777)
                except FileNotFoundError:
                    pass  # a new file: the kernel applied the umask to 0o666 at creation
                if not named:
                    _name_unnamed(file.fileno(), temporary)
                    named = True
            os.replace(temporary, target)
            named = False
            _sync_folder(folder)
        except OSError as error:
            raise _renamed(error, target) from error
    finally:
        if named:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _sync_folder(folder: str) -> None:
    """Make the rename durable (POSIX: the directory entry lives in the folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
