"""A kernel serving the kit's apps answers a bad widget message briefly: no traceback, no server path, no version.

Voilà hides tracebacks of the notebook's own cells; but a message a client sends to a widget (a crafted ``comm_msg``
setting a text box to a number) fails inside IPython, whose error reply carries the full traceback, and the comm
layer logs its failures to ``sys.stderr``, which the kernel forwards to the client. Both go through IPython's and
logging's own settings: the kernel's tracebacks are made "Minimal" (the exception's type and message only, IPython's
``%xmode Minimal``), and the ``Comm`` logger writes its full traceback to the process's own stderr (the server's log)
and nothing to the client.
"""

from __future__ import annotations

import logging
import sys

__all__ = ["quiet_kernel"]

_done = False


def quiet_kernel() -> None:
    """Apply the two settings above once, in a kernel (nothing outside IPython)."""
    global _done
    if _done:
        return
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is always there with ipykernel
        return
    shell = get_ipython()
    if shell is None:  # imported outside a kernel (the fork template loads the widgets before any kernel exists)
        return
    _done = True
    shell.InteractiveTB.set_mode(mode="Minimal")
    comm_log = logging.getLogger("Comm")
    server_log = logging.StreamHandler(sys.__stderr__)
    server_log.setFormatter(logging.Formatter("[coachkit kernel] %(levelname)s %(message)s"))
    comm_log.addHandler(server_log)
    comm_log.propagate = False
