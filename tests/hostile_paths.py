"""Paths a batch must survive: each is made for real in a folder (no mocks), with the words its
error record must contain. Shared by the unit tests (``policykg parse``) and the integration tests
(``policykg ingest``).

Root reads a mode-000 file anyway, so a test that wants "permission denied" runs the command
without root's file capabilities (:func:`unprivileged`).
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import Any

#: path name → words its error record's reason must contain
HOSTILE = {
    "missing.txt": "no such file",
    "dangling.txt": "dangling symbolic link",
    "locked.txt": "permission denied",
    "folder.txt": "a directory, not a file",
    "pipe.txt": "a named pipe (FIFO)",
}
#: Linux capabilities that let root read any file (linux/capability.h), and prctl's PR_CAPBSET_DROP
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, PR_CAPBSET_DROP = 1, 2, 24


def make_hostile_paths(folder: Path) -> list[Path]:
    """The paths of :data:`HOSTILE`, created in ``folder`` (``missing.txt`` is not)."""
    (folder / "dangling.txt").symlink_to(folder / "gone-long-ago.txt")
    locked = folder / "locked.txt"
    locked.write_text("一、总体要求\n（一）指导思想。坚持节约优先。\n", encoding="utf-8")
    locked.chmod(0)
    (folder / "folder.txt").mkdir()
    os.mkfifo(folder / "pipe.txt")  # nobody ever writes to it: reading it would wait forever
    return [folder / name for name in HOSTILE]


def _drop_file_capabilities() -> None:
    """In the child before exec: root without the capabilities that bypass file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def unprivileged() -> dict[str, Any]:
    """``subprocess`` arguments under which mode 000 means something: as root, the child drops
    the capabilities that let root read any file (it stays root otherwise)."""
    return {"preexec_fn": _drop_file_capabilities} if os.geteuid() == 0 else {}


def copy_readable(source: Path, folder: Path, name: str) -> Path:
    """A good file beside the hostile ones."""
    target = folder / name
    target.write_bytes(source.read_bytes())
    return target
