"""A crafted widget message gets a one-line error from the kernel: no traceback, no server path, no version."""

import json
import time

import pytest
from _faults import FAULTS, fault
from jupyter_client.manager import start_new_kernel

SETUP = "from coachkit.widgets import FreeTextExercise\nimport ipywidgets as w\nt = w.Textarea()"


@pytest.fixture(scope="module", params=["stock", "forked"])
def kernel(request, tmp_path_factory):
    """A stock ipykernel, and one forked from the kit's warm template (its kernelspec first on JUPYTER_PATH)."""
    patch = pytest.MonkeyPatch()
    if request.param == "forked":
        from coachkit.kernels import KERNELSPEC_ROOT

        patch.setenv("JUPYTER_PATH", str(KERNELSPEC_ROOT))
        patch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path_factory.mktemp("runtime")))
    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=120)
    patch.undo()
    assert (type(km.provisioner).__name__ == "ForkProvisioner") == (request.param == "forked")
    try:
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _iopub(kc, seconds: float) -> list[dict]:
    seen, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            seen.append(kc.get_iopub_msg(timeout=0.3))
        except Exception:  # queue.Empty
            pass
    return seen


WIDGET_MESSAGES = FAULTS / "widget_messages"


@pytest.mark.parametrize("name", sorted(p.name for p in WIDGET_MESSAGES.glob("*.json")))
def test_a_crafted_widget_message_gets_no_traceback(kernel, name):
    """Each crafted message of the corpus sent to a text box over the shell channel: the client sees the error's one
    line or nothing, as its header expects; never a traceback, a server path or a file name."""
    header, payload = fault(WIDGET_MESSAGES / name)
    reply = kernel.execute(SETUP, user_expressions={"cid": "t.comm.comm_id"}, reply=True, timeout=120)
    comm_id = reply["content"]["user_expressions"]["cid"]["data"]["text/plain"].strip("'")
    _iopub(kernel, 0.5)
    crafted = kernel.session.msg("comm_msg", {"comm_id": comm_id, "data": json.loads(payload)})
    kernel.shell_channel.send(crafted)
    seen = _iopub(kernel, 2.5)
    errors = [m["content"] for m in seen if m["msg_type"] == "error"]
    streams = "".join(m["content"].get("text", "") for m in seen if m["msg_type"] == "stream")
    text = str(errors) + streams
    if header["expect"] == "one-line error":
        assert errors and all(len(e["traceback"]) == 1 for e in errors)
    else:
        assert "nothing" == header["expect"] and not errors and not streams
    assert "Traceback" not in text and "site-packages" not in text and "File " not in text
