"""coachkit.page_presence: the room's 'no page connected' marker beside a kernel's connection file."""

from __future__ import annotations

import subprocess
import sys

from coachkit import page_presence


def test_a_kernels_marker_sits_beside_its_connection_file(tmp_path):
    """kernel-<id>.json -> kernel-<id>.nopage; marking twice or unmarking a missing marker is harmless."""
    connection_file = tmp_path / "kernel-abc.json"
    path = page_presence.marker(connection_file)
    assert path == tmp_path / "kernel-abc.nopage" and not page_presence.page_gone(path)
    page_presence.mark_gone(connection_file)
    page_presence.mark_gone(connection_file)
    assert page_presence.page_gone(path) and 0o600 == path.stat().st_mode & 0o777
    page_presence.mark_back(connection_file)
    page_presence.mark_back(connection_file)
    assert not page_presence.page_gone(path) and page_presence.marker("") is None
    page_presence.mark_gone(tmp_path / "gone-folder" / "kernel-x.json")  # the kernel's folder went with it: no error


def test_outside_a_kernel_there_is_no_marker_and_ipykernel_stays_unimported():
    """Outside a kernel the marker is None, and ipykernel is not imported for it (that would swap the process's
    comm manager under widgets already made)."""
    code = ("import sys; from coachkit import page_presence as p; "
            "assert p.kernel_marker() is None; assert 'ipykernel' not in sys.modules, 'imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert 0 == result.returncode, result.stderr
