"""The warm template process: loads what every kernel needs once, then forks one child per kernel.

Started by :class:`coachkit.kernels.provisioner.TemplateClient` as
``python -m coachkit.kernels.template --fds R,W [--preload module:function ...]``. It reads requests from fd R and
writes answers to fd W, one JSON object a line:

* it first writes ``{"ready": pid}`` once warm (or ``{"failed": "why"}`` and exits);
* ``{"id": n, "argv": [...], "env": {...}, "cwd": "..."}`` forks a kernel: the child starts its own session
  (``setsid``: its process group is its pid, as a kernel started by jupyter_client), takes ``env`` as its whole
  environment and ``cwd`` as its folder, and runs ipykernel as ``python -m ipykernel_launcher <argv>`` would; the
  template answers ``{"id": n, "pid": pid}`` once the child has its session (``{"id": n, "error": "why"}`` if not);
* each child that ends is reaped at once (SIGCHLD) and reported as ``{"exit": pid, "code": code}`` (a negative code:
  killed by that signal, as ``Popen.returncode``);
* end of file on R (the server has gone) ends the template; its children then see their parent change and end
  (ipykernel's parent poller, ``JPY_PARENT_PID`` is the template).

Before each fork the template checks that it runs one thread: a thread would not survive the fork, and ipykernel,
zmq and asyncio objects are created in the child only.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import os
import random
import select
import signal
import sys
import threading
import traceback

from coachkit.kernels.settle import settle


def _write(fd: int, message: dict) -> None:
    data = (json.dumps(message) + "\n").encode()
    while data:
        data = data[os.write(fd, data):]


def _exit_code(status: int) -> int:
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _preload(entries: list[str]) -> None:
    for entry in entries:
        module, _, function = entry.partition(":")
        loaded = importlib.import_module(module)
        if function:
            getattr(loaded, function)()


def _become_kernel(request: dict, inherited: list[int], start_path: str) -> int:
    """In the child: drop the template's signals and pipes, take the kernel's environment, run ipykernel."""
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["JPY_PARENT_PID"] = str(os.getppid())  # ipykernel ends if the template (its parent) goes
    os.chdir(request["cwd"])
    if sys.path and sys.path[0] in ("", start_path):
        del sys.path[0]  # as ipykernel_launcher: IPython puts the kernel's folder back first
    random.seed()  # each kernel draws its own random numbers, not the template's sequence
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    from importlib.util import find_spec

    from ipykernel import kernelapp

    # ipykernel read JPY_PARENT_PID when it was imported (in the template): the child's value goes as configuration
    sys.argv = [find_spec("ipykernel_launcher").origin, *request["argv"],
                f"--IPKernelApp.parent_handle={os.environ['JPY_PARENT_PID']}"]
    try:
        _launch(kernelapp)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def _launch(kernelapp) -> None:
    """``IPKernelApp.launch_instance()``, then what ipywidgets does when a kernel imports it: its comm targets
    registered, and the widgets the template's imports made (a module's shared ``Layout``) opened again on this
    kernel's comms (the template had no kernel to open them on); stdout and stderr flushed only when they hold output
    (:mod:`coachkit.kernels.iostream`)."""
    from ipykernel import ipkernel
    from IPython.core import shellapp

    ipkernel._comm_manager = None  # this kernel's own comm manager, not the one the template's imports made
    widget_module = sys.modules.get("ipywidgets.widgets.widget")
    leftovers = list(widget_module._instances.values()) if widget_module else []
    if widget_module:
        widget_module._instances.clear()
    from coachkit.kernels.module_files import recorded_modules

    app = kernelapp.IPKernelApp.instance()
    with recorded_modules(ipkernel, shellapp):  # no walk over the modules: see coachkit.kernels.module_files
        app.initialize()
    if "ipywidgets" in sys.modules:  # what importing ipywidgets in a kernel does (the template had no kernel)
        sys.modules["ipywidgets"].register_comm_target()
    for widget in leftovers:
        widget.comm = None
        widget.open()  # same model id, on a comm of this kernel
    from coachkit.kernels.iostream import flush_only_output

    flush_only_output()  # no wait for the IO thread after each message when nothing was printed
    app.start()


#: Set in the template's environment before it loads anything: numerical libraries start no worker threads of their
#: own (a thread would not survive the fork; and many kernels on a few cores gain nothing from parallel BLAS).
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _threads() -> int:
    """The threads of this process, native ones included (a library's worker threads are not in ``threading``)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _fork(request: dict, inherited: list[int], start_path: str) -> int:
    if _threads() != 1:
        raise RuntimeError(f"the template runs {_threads()} threads: forking would lose them")
    sync_r, sync_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to the template's loop
        code = 1
        try:
            os.close(sync_r)
            os.setsid()
            os.write(sync_w, b"1")
            os.close(sync_w)
            code = _become_kernel(request, inherited, start_path)
        except BaseException:  # noqa: B036 - the child must end here whatever happened
            traceback.print_exc()
        finally:
            with contextlib.suppress(BaseException):
                import atexit

                atexit._run_exitfuncs()
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)
    os.close(sync_w)
    try:
        if os.read(sync_r, 1) != b"1":
            raise RuntimeError("the forked kernel ended before starting its session")
    finally:
        os.close(sync_r)
    return pid


def serve(read_fd: int, write_fd: int) -> None:
    """Answer fork requests until end of file; reap and report children as they end."""
    start_path = sys.path[0] if sys.path else ""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    inherited = [read_fd, write_fd, wake_r, wake_w]
    settle()  # last, once nothing more is loaded: fewer pages written by each kernel (coachkit.kernels.settle)
    buffer = b""
    while True:
        readable, _, _ = select.select([read_fd, wake_r], [], [])
        if wake_r in readable:
            with contextlib.suppress(BlockingIOError):
                os.read(wake_r, 4096)
        _reap(write_fd)
        if read_fd not in readable:
            continue
        data = os.read(read_fd, 1 << 16)
        if not data:
            return
        buffer += data
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            request = json.loads(line)
            try:
                _write(write_fd, {"id": request["id"], "pid": _fork(request, inherited, start_path)})
            except Exception as exc:  # reported to the server, which starts that kernel the usual way
                _write(write_fd, {"id": request["id"], "error": f"{type(exc).__name__}: {exc}"})


def _reap(write_fd: int) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _write(write_fd, {"exit": pid, "code": _exit_code(status)})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fds", required=True, help="R,W: the request and answer pipes")
    parser.add_argument("--preload", action="append", default=[], help="module or module:function to load first")
    args = parser.parse_args(argv)
    read_fd, write_fd = (int(x) for x in args.fds.split(","))
    os.environ.update(SINGLE_THREADED)
    try:
        _preload(args.preload)
        from coachkit.kernels.module_files import record

        record()
        gc.collect()
        if _threads() != 1:
            raise RuntimeError(f"loading started {_threads() - 1} thread(s): {[t.name for t in threading.enumerate()]}")
    except Exception as exc:
        _write(write_fd, {"failed": f"{type(exc).__name__}: {exc}"})
        raise SystemExit(1) from exc
    _write(write_fd, {"ready": os.getpid()})
    serve(read_fd, write_fd)


if __name__ == "__main__":
    main()
