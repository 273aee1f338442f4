"""A TCP relay for browser tests: the browser reaches a server through it, and the test can cut the network."""

from __future__ import annotations

import asyncio
import threading
import urllib.parse

__all__ = ["Relay"]


class Relay:
    """127.0.0.1:<port> -> the server, on a loop of its own; ``cut()`` ends every connection and refuses new ones
    until ``restore()``."""

    def __init__(self, target: str):
        parts = urllib.parse.urlsplit(target)
        self.host, self.target_port = parts.hostname, parts.port
        self.loop = asyncio.new_event_loop()
        self.up = True
        self.writers: set[asyncio.StreamWriter] = set()
        self.cuts = 0
        ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self.thread.start()
        ready.wait(10)
        self.url = f"http://127.0.0.1:{self.port}/"

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        ready.set()
        self.loop.run_forever()

    async def _serve(self, reader, writer) -> None:
        if not self.up:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(self.host, self.target_port)
        except OSError:
            writer.close()
            return
        self.writers |= {writer, up_writer}

        async def pipe(src, dst):
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self.writers -= {writer, up_writer}

    def cut(self) -> None:
        def drop():
            self.up = False
            self.cuts += 1
            for writer in list(self.writers):
                writer.transport.abort()  # no goodbye: the connection just ends
        self.loop.call_soon_threadsafe(drop)

    def restore(self) -> None:
        self.loop.call_soon_threadsafe(setattr, self, "up", True)

    async def _shutdown(self) -> None:
        self.server.close()
        for writer in list(self.writers):
            writer.transport.abort()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        if tasks:  # every pipe ends once its connection is aborted
            await asyncio.wait(tasks, timeout=5)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()
