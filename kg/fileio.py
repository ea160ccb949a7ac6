"""Atomic file writes shared by every output of the project.

A reader (or a crash) sees the old file or the new one, never a part: the
data goes to a temp file in the same folder, is fsynced, then renamed over
the target with ``os.replace`` (atomic on one file system).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "fsync_dir"]


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
