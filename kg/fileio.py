"""Atomic file writes shared by every output of the project.

A reader (or a crash) sees the old file or the new one, never a part: the
data goes to a temp file in the same folder, is fsynced, then renamed over
the target with ``os.replace`` (atomic on one file system).
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_write", "fsync_dir", "deferred_signals"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, data: bytes, *, code: str = "E501", mkdir: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temp file in the same folder.

    The temp file is fsynced, then renamed over ``path`` (``os.replace`` is
    atomic on one file system), then the folder is fsynced: a reader sees the
    old file or the new one, never a part.  ``OutputError`` if the folder is
    missing or not writable.
    """
    from kg.errors import OutputError

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        if mkdir:
            folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", path=str(path),
                                    code=code) from e
    try:
        with os.fdopen(fd, "wb") as f:
            # mkstemp makes the file private (0600); give it a normal file's mode.
            os.fchmod(f.fileno(), 0o666 & ~_umask())
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(e, OSError):
            raise OutputError(f"cannot write: {e.strerror or e}", path=str(path),
                                        code=code) from e
        raise
    fsync_dir(folder)
    return path


def fsync_dir(folder: Path) -> None:
    """fsync a folder, which makes a rename in it durable."""
    # Makes the rename itself durable; not every platform lets a folder be opened.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def deferred_signals(signums: tuple[str, ...] = ("SIGINT", "SIGTERM", "SIGHUP")):
    """Hold Ctrl-C, ``kill`` and hang-up back while the block runs.

    For the few renames that move a build's files into place: a signal that
    arrives meanwhile is delivered when the block ends, so an interrupted
    build leaves either the old files or all the new ones.  (SIGKILL cannot
    be held back; the window it has is a few renames long.)  Outside the main
    thread, where handlers cannot be set, the block simply runs.

    >>> import signal
    >>> with deferred_signals():
    ...     signal.getsignal(signal.SIGINT) is signal.default_int_handler
    False
    >>> signal.getsignal(signal.SIGINT) is signal.default_int_handler
    True
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    old = {}
    for name in signums:
        num = getattr(signal, name, None)
        if num is None:
            continue
        try:
            old[num] = signal.signal(num, lambda n, frame: pending.append(n))
        except (ValueError, OSError):
            pass
    try:
        yield
    finally:
        for num, handler in old.items():
            signal.signal(num, handler)
        if pending:
            signal.raise_signal(pending[0])
