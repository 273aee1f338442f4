"""Kernels forked from a warm template (coachkit.kernels): started, interrupted, restarted, shut down, isolated."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

import psutil
import pytest
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from traitlets.config import Config

from coachkit.kernels import provisioner as fork
from coachkit.kernels import template as fork_template
from coachkit.server import FORK_KERNELS_ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="forking is Linux only")


@pytest.fixture(scope="module")
def kit_kernels():
    """JUPYTER_PATH holds the kit's kernelspec (as under coachkit serve); the template is warm; ended afterwards."""
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(FORK_KERNELS_ROOT)
    template = fork.prestart()
    template.start().result(120)
    yield template
    template.stop()
    if previous is None:
        os.environ.pop("JUPYTER_PATH", None)
    else:
        os.environ["JUPYTER_PATH"] = previous


def _start(config: Config | None = None, **kwargs) -> tuple[KernelManager, object]:
    km = KernelManager(kernel_name="python3", config=config or Config())
    km.start_kernel(**kwargs)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc


def _run(kc, code: str) -> tuple[str, dict]:
    """Run ``code``; return what it printed and the reply's content."""
    out: list[str] = []

    def keep(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])

    reply = kc.execute_interactive(code, timeout=30, output_hook=keep)
    return "".join(out), reply["content"]


def _stop(km, kc) -> None:
    kc.stop_channels()
    if km.has_kernel:
        km.shutdown_kernel(now=True)


def test_the_kit_kernelspec_selects_the_fork_provisioner(kit_kernels):
    """python3 on the kit's JUPYTER_PATH names coachkit-fork, registered as a jupyter_client entry point."""
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.metadata["kernel_provisioner"]["provisioner_name"] == "coachkit-fork"
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        assert isinstance(km.provisioner, fork.ForkProvisioner)
        assert isinstance(km.provisioner.process, fork.ForkedKernel)
        assert psutil.Process(km.provisioner.pid).ppid() == kit_kernels.pid
    finally:
        km.shutdown_kernel(now=True)


def test_a_forked_kernel_gets_its_own_environment_folder_and_session(kit_kernels, tmp_path):
    """QUERY_STRING, the folder and the process group are the kernel's own; the template runs no thread."""
    km, kc = _start(env={**os.environ, "QUERY_STRING": "learner=ada&workshop=w1"}, cwd=str(tmp_path))
    try:
        out, _ = _run(kc, "import os; print(os.environ['QUERY_STRING'], os.getcwd(), os.getpgid(0) == os.getpid(), "
                          "os.environ['JPY_PARENT_PID'])")
        assert out.split() == ["learner=ada&workshop=w1", str(tmp_path), "True", str(kit_kernels.pid)]
        assert psutil.Process(kit_kernels.pid).num_threads() == 1
    finally:
        _stop(km, kc)


def test_widgets_answer_on_a_forked_kernel(kit_kernels):
    """The widget control comm answers request_states with every widget, the kit's shared Layout included."""
    km, kc = _start()
    try:
        _run(kc, "from coachkit.widgets._base import FULL_WIDTH\nimport ipywidgets as w\nb = w.Button(layout=FULL_WIDTH)")
        kc.shell_channel.send(kc.session.msg("comm_open", {"comm_id": "ctl", "target_name": "jupyter.widget.control",
                                                           "data": {}}, metadata={"version": "1.0.0"}))
        kc.shell_channel.send(kc.session.msg("comm_msg", {"comm_id": "ctl", "data": {"method": "request_states"}}))
        deadline, states = time.monotonic() + 20, None
        while states is None and time.monotonic() < deadline:
            msg = kc.get_iopub_msg(timeout=20)
            if msg["msg_type"] == "comm_msg" and msg["content"]["data"].get("method") == "update_states":
                states = msg["content"]["data"]["states"]
        out, _ = _run(kc, "print(b.model_id, FULL_WIDTH.model_id)")
        assert states is not None and set(out.split()) <= set(states)
    finally:
        _stop(km, kc)


#: The free-text apps of the catalogue, as their notebooks build them.
FREE_TEXT_APPS = ("FreeTextExercise('accept_explore', exercise='accept-explore')",
                  "FreeTextExercise('reformulate', exercise='reformulate')",
                  "FreeTextExercise('ask_permission', exercise='ask-permission')",
                  "FreeTextExercise('rewrite', exercise='rewrite-counter-argument')",
                  "RewriteProjectionExercise(exercise='rewrite-projection')",
                  "ClientFrameExercise(exercise='if-i-were-this-client')",
                  "FirstHelloExercise(exercise='first-hello')",
                  "RewriteChaserExercise(exercise='rewrite-chaser')")

FIRST_USE = """
import functools, inspect, sys, threading
import coachkit.widgets as widgets

def loaders():
    found = {}
    for name, module in list(sys.modules.items()):
        if name.startswith('coachkit'):
            for attr, value in list(vars(module).items()):
                if hasattr(value, 'cache_info') and not inspect.signature(value).parameters:
                    found[f'{name}.{attr}'] = value.cache_info().misses
    return found

modules, misses, threads = set(sys.modules), loaders(), threading.active_count()
apps = [eval(f'widgets.{call}') for call in CALLS]
for app in apps:
    app.answer.value = "I hear you. What worries you most? So time is the issue - is that right? May I share an idea?"
    app.check.click()
print('new modules', sorted(set(sys.modules) - modules))
print('loads', sorted(k for k, v in loaders().items() if misses.get(k, 0) != v))
print('threads', threading.active_count() - threads)
print('feedback', all(app.feedback.value for app in apps))
print('saved', all('Saved' in app.progress.status.value for app in apps))
"""


def test_a_forked_kernels_first_check_imports_and_loads_nothing(kit_kernels):
    """Opening each free-text app and its first Check import no module, run no loader and start no thread: the
    template has done it (coachkit.kernels.rehearse); the feedback shows and the attempt is saved."""
    km, kc = _start(env={**os.environ, "QUERY_STRING": "learner=ada&workshop="})
    try:
        out, reply = _run(kc, f"CALLS = {FREE_TEXT_APPS!r}\n{FIRST_USE}")
        assert reply["status"] == "ok", out
        assert out.splitlines() == ["new modules []", "loads []", "threads 0", "feedback True", "saved True"]
    finally:
        _stop(km, kc)


def test_the_template_rehearsal_leaves_no_widget_store_or_learner(kit_kernels):
    """After the rehearsal the template holds no widget it made, no store it opened for it, and its environment is
    as it was (no learner); a forked kernel lists the kernel's module files as ipykernel would."""
    from coachkit.kernels import rehearse

    code = ("import os, sys\nfrom ipywidgets.widgets import widget\nfrom coachkit import store\n"
            "print(len(widget._instances), sorted(store._STORES), os.environ.get('QUERY_STRING'))\n"
            "k = get_ipython().kernel\n"
            "real = [m.__file__ for m in sys.modules.copy().values() if hasattr(m, '__file__') and m.__file__]\n"
            "print(sorted(set(k._kernel_modules) - set(real)), len(k._kernel_modules) > 500)")
    km, kc = _start(env={**os.environ, "QUERY_STRING": "learner=bo"})
    try:
        out, _ = _run(kc, code)
        widgets_left, line2 = out.splitlines()[0].split(" ", 1)[0], out.splitlines()[1]
        assert int(widgets_left) <= 6  # the kit's shared layouts and styles (widgets._base), reopened on its comms
        assert rehearse.MEMORY_STORE not in out and "learner=bo" in out
        # the same list but for __main__, which was the template's script before IPython made it the user's module
        assert line2 == f"{[fork_template.__file__]} True"
    finally:
        _stop(km, kc)


def test_a_forked_kernels_start_leaves_the_templates_module_names_and_class_tags_alone(kit_kernels):
    """IPython's snapshot of the module names (for %reset aggressive) is complete but made of new strings, not the
    template's; pyzmq's first socket option cleared no class's type-cache tag (typing.Generic's subclasses)."""
    code = ("import sys, typing\nkeys = get_ipython()._sys_modules_keys\nname = next(n for n in sys.modules if n == "
            "'coachkit.store')\nprint(len(keys) > 500, 'coachkit.store' in keys, keys <= set(sys.modules), "
            "any(k is name for k in keys), bool(typing.SupportsComplex.__flags__ & (1 << 19)))")
    km, kc = _start()
    try:
        out, _ = _run(kc, code)
        assert out.split() == ["True", "True", "True", "False", "True"]
    finally:
        _stop(km, kc)


def test_kernel_ports_are_outside_the_ephemeral_range_and_returned_at_shutdown(kit_kernels):
    """A kernel's five TCP ports (forked or new process) lie above the machine's ephemeral range, from which
    jupyter_client's port 0 draws and every outgoing connection takes its source port (the race behind "Address
    already in use"); they are kept across a restart and given back to the port cache at shutdown."""
    from jupyter_client.connect import LocalPortCache

    from coachkit.kernels.ports import ephemeral_range

    names = ("shell_port", "iopub_port", "stdin_port", "hb_port", "control_port")
    high = ephemeral_range()[1]
    for fork_on in (True, False):
        km, kc = _start(Config({"ForkProvisioner": {"fork": fork_on}}))
        try:
            used = [km.get_connection_info()[name] for name in names]
            assert len(set(used)) == 5 and all(high < port <= 65535 for port in used)
            assert set(used) <= LocalPortCache.instance().currently_used_ports
            km.restart_kernel(now=True)
            kc.wait_for_ready(timeout=60)
            assert [km.get_connection_info()[name] for name in names] == used
        finally:
            _stop(km, kc)
        assert not set(used) & LocalPortCache.instance().currently_used_ports


def test_kernels_keep_no_input_history_unless_asked(kit_kernels):
    """Forked and new-process kernels start without IPython's history file and thread; history=True keeps them."""
    for settings, expected in (({"fork": True}, "False 0"), ({"fork": False}, "False 0"),
                               ({"fork": True, "history": True}, "True 1")):
        km, kc = _start(Config({"ForkProvisioner": settings}))
        try:
            out, _ = _run(kc, "import threading\nh = get_ipython().history_manager\nprint(h.enabled, "
                              "sum(type(t).__name__ == 'HistorySavingThread' for t in threading.enumerate()))")
            assert out.strip() == expected, settings
        finally:
            _stop(km, kc)


def test_interrupt_restart_and_shutdown_work_on_a_forked_kernel(kit_kernels):
    """An interrupt stops a running cell; a restart gives a new forked process without the old state; shutdown ends it."""
    km, kc = _start()
    try:
        _run(kc, "kept = 42")
        msg_id = kc.execute("import time\ntime.sleep(30)")
        time.sleep(0.5)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=10)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
        first = km.provisioner.pid
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=60)
        second = km.provisioner.pid
        assert second != first and not psutil.pid_exists(first)
        assert isinstance(km.provisioner.process, fork.ForkedKernel)
        out, _ = _run(kc, "print('kept' in globals())")
        assert out.strip() == "False"
        kc.stop_channels()
        km.shutdown_kernel(now=False)  # asks the kernel to end, then waits
        assert not km.is_alive() and not psutil.pid_exists(second)
    finally:
        _stop(km, kc)


def test_two_forked_kernels_never_share_state(kit_kernels):
    """A value set in one kernel is absent in the other; each draws its own random numbers."""
    (km1, kc1), (km2, kc2) = _start(), _start()
    try:
        _run(kc1, "secret = 'only here'; import coachkit.content as c; c._READ.clear()")
        out2, _ = _run(kc2, "import coachkit.content as c; print('secret' in globals(), len(c._READ) > 0)")
        assert out2.split() == ["False", "True"]
        draws = [_run(kc, "import random; print(random.random())")[0] for kc in (kc1, kc2)]
        assert draws[0] != draws[1]
        assert km1.provisioner.pid != km2.provisioner.pid
    finally:
        _stop(km1, kc1)
        _stop(km2, kc2)


def test_no_zombie_after_100_starts_and_stops(kit_kernels):
    """A hundred kernels started and killed through a KernelManager leave no process behind, defunct or not."""
    pids = []
    for _ in range(100):
        km = KernelManager(kernel_name="python3")
        km.start_kernel()
        pids.append(km.provisioner.pid)
        km.shutdown_kernel(now=True)
        assert not km.is_alive()
    assert len(set(pids)) > 1
    template = psutil.Process(kit_kernels.pid)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (template.children() or any(psutil.pid_exists(p) for p in pids)):
        time.sleep(0.1)
    assert template.children() == []
    assert [p for p in pids if psutil.pid_exists(p)] == []
    mine = [p for p in psutil.Process().children(recursive=True) if p.status() == psutil.STATUS_ZOMBIE]
    assert mine == []
    assert kit_kernels.children() == set()


def test_fallback_when_forking_is_disabled(kit_kernels, monkeypatch, caplog):
    """COACHKIT_FORK_KERNELS=0 starts the kernel as a new process (Popen), with a log line saying why."""
    monkeypatch.setenv(fork.FORK_ENV, "0")
    monkeypatch.setattr(fork, "_logged", set())
    with caplog.at_level(logging.INFO):
        km, kc = _start()
    try:
        assert isinstance(km.provisioner.process, subprocess.Popen)
        assert psutil.Process(km.provisioner.pid).ppid() == os.getpid()
        out, _ = _run(kc, "print(6 * 7)")
        assert out.strip() == "42"
        assert any("new processes: forking is off" in r.getMessage() for r in caplog.records)
    finally:
        _stop(km, kc)


def test_fallback_when_the_template_cannot_load(kit_kernels, caplog):
    """A template that fails to load is reported and the kernel starts the usual way, and works."""
    config = Config({"ForkProvisioner": {"preload": ["coachkit.no_such_module"]}})
    with caplog.at_level(logging.WARNING):
        km, kc = _start(config)
    try:
        assert isinstance(km.provisioner.process, subprocess.Popen)
        out, _ = _run(kc, "print('works')")
        assert out.strip() == "works"
        assert any("the fork failed" in r.getMessage() and "no_such_module" in r.getMessage() for r in caplog.records)
        broken = fork.TemplateClient.shared(("coachkit.no_such_module",))
        with pytest.raises(RuntimeError, match="could not load"):  # not started again at every kernel
            broken.start().result(0)
    finally:
        _stop(km, kc)
        fork.TemplateClient.shared(("coachkit.no_such_module",)).stop()
