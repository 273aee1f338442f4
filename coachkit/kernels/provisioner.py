"""``coachkit-fork``: a jupyter_client kernel provisioner that forks kernels from a warm template process.

Registered under the entry point group ``jupyter_client.kernel_provisioners`` (pyproject.toml) and selected by the
kit's kernelspec ``python3`` (``coachkit/share/jupyter/kernels/python3/kernel.json``, first on ``JUPYTER_PATH`` under
``coachkit serve``): the notebooks keep their kernelspec name. Everything but the start and the choice of TCP ports
(outside the ephemeral range: :mod:`coachkit.kernels.ports`) is jupyter_client's ``LocalProvisioner``: connection
file, environment, interrupt (SIGINT to the kernel's process group),
restart, culling and shutdown. The start asks the template (:mod:`coachkit.kernels.template`, one per server
process, started when the server starts or at the first kernel) for a child; the template reaps its children and
reports their exit codes, which :meth:`ForkedKernel.poll` reads.

When forking is off (``ForkProvisioner.fork`` or ``COACHKIT_FORK_KERNELS=0``), unavailable (no ``os.fork``, macOS,
another interpreter or kernel command) or fails (the template could not start, a fork failed), the kernel is started
as a new process the usual way, with a log line saying why.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from typing import Any

from jupyter_client.connect import LocalPortCache
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Bool, Float, List, Unicode, default

from coachkit.kernels import ports

__all__ = ["FORK_ENV", "ForkProvisioner", "ForkedKernel", "TemplateClient", "prestart"]

#: Environment variable that turns forking off when set to 0, false, no or off (the default of ForkProvisioner.fork).
FORK_ENV = "COACHKIT_FORK_KERNELS"
_OFF = ("0", "false", "no", "off")


class TemplateClient:
    """The server's side of one template process: starts it, sends fork requests, collects children's exit codes.

    Thread-safe; a reader thread (in the server, never in the template) takes the template's answers.
    """

    _shared: dict[tuple[str, ...], TemplateClient] = {}
    _shared_lock = threading.Lock()

    def __init__(self, preload: tuple[str, ...]):
        self.preload = preload
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._write_fd = -1
        self._ready: Future = Future()
        self._alive = False
        self._ids = itertools.count(1)
        self._pending: dict[int, Future] = {}
        self._exits: dict[int, int] = {}
        self._children: set[int] = set()
        self._failed = ""  # why the template could not load: not started again by this process (each try costs seconds)

    @classmethod
    def shared(cls, preload: tuple[str, ...]) -> TemplateClient:
        """The one template of this process for ``preload``."""
        with cls._shared_lock:
            if preload not in cls._shared:
                cls._shared[preload] = cls(preload)
            return cls._shared[preload]

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self) -> Future:
        """Start the template unless it runs; the future is its pid once it is warm."""
        with self._lock:
            if self._alive:
                return self._ready
            if self._failed:
                failed: Future = Future()
                failed.set_exception(RuntimeError(self._failed))
                return failed
            req_r, req_w = os.pipe()
            ans_r, ans_w = os.pipe()
            args = [sys.executable, "-m", "coachkit.kernels.template", f"--fds={req_r},{ans_w}",
                    *(f"--preload={p}" for p in self.preload)]
            try:
                proc = subprocess.Popen(args, pass_fds=(req_r, ans_w), stdin=subprocess.DEVNULL, start_new_session=True)
            finally:
                os.close(req_r)
                os.close(ans_w)
            self._proc, self._write_fd, self._ready, self._alive = proc, req_w, Future(), True
            threading.Thread(target=self._read, args=(proc, ans_r, req_w, self._ready), daemon=True,
                             name="coachkit-fork-template").start()
            return self._ready

    def _read(self, proc: subprocess.Popen, ans_r: int, req_w: int, ready: Future) -> None:
        with os.fdopen(ans_r, "rb") as answers:
            for line in answers:
                message = json.loads(line)
                if "exit" in message:
                    with self._lock:
                        self._exits[message["exit"]] = message["code"]
                        self._children.discard(message["exit"])
                elif "id" in message:
                    with self._lock:
                        waiter = self._pending.pop(message["id"], None)
                        if "pid" in message:
                            self._exits.pop(message["pid"], None)  # a pid used again
                            self._children.add(message["pid"])
                    if waiter is not None:
                        if "pid" in message:
                            waiter.set_result(message["pid"])
                        else:
                            waiter.set_exception(RuntimeError(message.get("error", "no answer")))
                elif "ready" in message:
                    ready.set_result(message["ready"])
                elif "failed" in message:
                    self._failed = f"the template could not load: {message['failed']}"
                    ready.set_exception(RuntimeError(self._failed))
        proc.wait()  # the template is this process's child: reap it
        with self._lock:
            if self._proc is proc:
                self._alive = False
                with contextlib.suppress(OSError):
                    os.close(req_w)
            pending, self._pending = self._pending, {}
        gone = RuntimeError(f"the template ended (exit code {proc.returncode})")
        if not ready.done():
            ready.set_exception(gone)
        for waiter in pending.values():
            waiter.set_exception(gone)

    def fork(self, argv: list[str], env: dict[str, str], cwd: str, timeout: float) -> int:
        """Fork a kernel (blocking: run it in an executor); its pid. Raises if the template cannot."""
        self.start().result(timeout)
        waiter: Future = Future()
        with self._lock:
            if not self._alive:
                raise RuntimeError("the template has ended")
            number = next(self._ids)
            self._pending[number] = waiter
            line = (json.dumps({"id": number, "argv": argv, "env": env, "cwd": cwd}) + "\n").encode()
            try:
                while line:
                    line = line[os.write(self._write_fd, line):]
            except OSError as exc:
                self._pending.pop(number, None)
                raise RuntimeError(f"the template does not answer: {exc}") from exc
        return waiter.result(timeout)

    def returncode(self, pid: int) -> int | None:
        """The exit code of a forked kernel, None while it runs."""
        with self._lock:
            if pid in self._exits:
                return self._exits[pid]
            if pid in self._children and self._alive:
                return None
        return _gone_code(pid)  # the template has ended: its children were handed to init

    def forget(self, pid: int) -> None:
        with self._lock:
            self._exits.pop(pid, None)

    def children(self) -> set[int]:
        """The pids of the forked kernels still running."""
        with self._lock:
            return set(self._children)

    def stop(self, timeout: float = 10.0) -> None:
        """End the template (its kernels end with it); wait for it."""
        with self._lock:
            proc, self._alive = self._proc, False
            with contextlib.suppress(OSError):
                os.close(self._write_fd)
        if proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout)


def _gone_code(pid: int) -> int | None:
    """Exit status of a process we can no longer wait for: None while it runs, -9 once it has gone."""
    try:
        import psutil

        return None if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE else -signal.SIGKILL
    except ImportError:
        try:
            os.kill(pid, 0)
            return None
        except ProcessLookupError:
            return -signal.SIGKILL
    except Exception:  # psutil.NoSuchProcess
        return -signal.SIGKILL


class ForkedKernel:
    """What ``LocalProvisioner`` expects of its ``process`` (a ``Popen``), for a kernel forked by the template."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, template: TemplateClient):
        self.pid = pid
        self.template = template
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.template.returncode(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        self.template.forget(self.pid)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """Starts each kernel as a fork of a warm template process; falls back to a new process (LocalProvisioner)."""

    fork = Bool(config=True, help="Fork each kernel from a warm template process that has already imported ipykernel, "
                "ipywidgets and the kit and read its content (a kernel starts in a fraction of the time and shares "
                "that memory). False: start each kernel as a new Python process, as jupyter_client does. Default: "
                f"True unless the environment variable {FORK_ENV} is 0, false, no or off.")
    preload = List(Unicode(), default_value=["coachkit.kernels.warm:warm"], config=True,
                   help="What the template loads before forking: modules to import, or module:function to call. Only "
                   "code and read-only content: nothing that starts a thread, an event loop or a zmq context.")
    fork_timeout = Float(60.0, config=True, help="Seconds a kernel start waits for the template (its warm-up the "
                         "first time included) before starting the kernel as a new process instead.")
    history = Bool(False, config=True, help="Whether the kernels keep IPython's input history: an SQLite file shared "
                   "by every kernel of the user, written by a thread of its own in each kernel. The apps never read "
                   "it; off (the default), each kernel starts no such thread, opens no such file and copies ~0.7 MB "
                   "less of the template (--HistoryManager.enabled=False). Forked and new-process kernels alike.")
    kernel_ports = Unicode("", config=True, help="TCP ports the kernels listen on, as LOW-HIGH. Default: the ports "
                           "above this machine's ephemeral range (Linux: 61000-65535), which no outgoing connection "
                           "takes between the server choosing a kernel's port and the kernel binding it "
                           "(coachkit.kernels.ports). Forked and new-process kernels alike.")

    @default("fork")
    def _fork_default(self) -> bool:
        return os.environ.get(FORK_ENV, "1").strip().lower() not in _OFF

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        """As LocalProvisioner, but a TCP kernel's five ports are drawn outside the ephemeral range (see
        coachkit.kernels.ports), recorded in jupyter_client's LocalPortCache and returned to it at shutdown."""
        km = self.parent
        if km is not None and km.transport == "tcp" and km.cache_ports and not self.ports_cached:
            span = ports.free_range(self.kernel_ports)
            if span is None:
                _log_once(self.log, "Kernel ports: jupyter_client's choice (no port range outside the ephemeral one)")
            else:
                picked = ports.pick(km.ip, span, LocalPortCache.instance())
                km.shell_port, km.iopub_port, km.stdin_port, km.hb_port, km.control_port = picked
                self.ports_cached = True  # LocalProvisioner keeps them across restarts and returns them at cleanup
        return await super().pre_launch(**kwargs)

    def why_not_fork(self, cmd: list[str]) -> str | None:
        """Why this kernel command cannot be forked (None: it can)."""
        if not self.fork:
            return f"forking is off (ForkProvisioner.fork, {FORK_ENV})"
        if not hasattr(os, "fork") or sys.platform == "darwin":
            return f"this platform ({sys.platform}) does not fork Python processes safely"
        if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"] or os.path.realpath(cmd[0]) != os.path.realpath(
                sys.executable):
            return f"the kernel command is not this Python's ipykernel_launcher: {cmd[:3]}"
        return None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        """Fork the kernel from the template; start it as a new process if it cannot be forked."""
        if not self.history:
            cmd = [*cmd, "--HistoryManager.enabled=False"]
        reason = self.why_not_fork(cmd)
        if reason is None:
            env = dict(kwargs.get("env") or os.environ)
            cwd = str(kwargs.get("cwd") or os.getcwd())
            template = TemplateClient.shared(tuple(self.preload))
            try:
                loop = asyncio.get_running_loop()
                pid = await loop.run_in_executor(None, template.fork, cmd[3:], env, cwd, self.fork_timeout)
            except Exception as exc:
                reason = f"the fork failed: {exc}"
            else:
                self.process = ForkedKernel(pid, template)
                self.pid = self.pgid = pid  # the child called setsid(): its process group is its pid
                self.cwd = cwd
                self.log.debug("Kernel %s forked from the warm template %s as pid %d", self.kernel_id, template.pid, pid)
                return self.connection_info
            self.log.warning("Kernel %s started as a new process: %s", self.kernel_id, reason)
        else:
            _log_once(self.log, f"Kernels start as new processes: {reason}")
        return await super().launch_kernel(cmd, **kwargs)

    async def send_signal(self, signum: int) -> None:
        """As LocalProvisioner (to the kernel's process group), never to a group whose kernel has ended."""
        if isinstance(self.process, ForkedKernel) and self.process.poll() is not None:
            return
        await super().send_signal(signum)


_logged: set[str] = set()


def _log_once(log, message: str) -> None:
    if message not in _logged:
        _logged.add(message)
        log.info(message)


def prestart(config=None, log=None) -> TemplateClient | None:
    """Start the template now (as the server starts), so that the first kernel does not wait for its warm-up."""
    settings = ForkProvisioner(config=config) if config is not None else ForkProvisioner()
    reason = settings.why_not_fork([sys.executable, "-m", "ipykernel_launcher"])
    if reason is not None:
        if log is not None:
            log.info("Kernels start as new processes: %s", reason)
        return None
    template = TemplateClient.shared(tuple(settings.preload))
    template.start()
    return template
