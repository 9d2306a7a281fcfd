"""A TCP proxy on 127.0.0.1 that delays every chunk, both ways: a slow link.

    with DelayedProxy("127.0.0.1", 6379, delay=0.005) as proxy:
        url = f"redis://127.0.0.1:{proxy.port}/0"

An asyncio server in a thread of its own. Each chunk read from one side is
written to the other ``delay`` seconds after it arrived, in order, so a
request and its answer each take at least ``delay`` longer: a Redis on
another machine, for a server whose link to it is slow.
"""

import asyncio
import threading


class DelayedProxy:
    def __init__(self, host, port, delay):
        self.target, self.delay = (host, port), delay
        self.port = None
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the proxy did not start")
        return self

    def __exit__(self, *exc):
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def _run(self):
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._connect, "127.0.0.1", 0)
        )
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()
            for task in asyncio.all_tasks(self._loop):
                task.cancel()
            self._loop.run_until_complete(asyncio.sleep(0))
            self._loop.close()

    async def _connect(self, client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            self._pipe(client_reader, server_writer),
            self._pipe(server_reader, client_writer),
            return_exceptions=True,
        )

    async def _pipe(self, reader, writer):
        """Forward chunks in order, each ``delay`` after it arrived."""
        queue = asyncio.Queue()

        async def send():
            while (item := await queue.get()) is not None:
                arrived, chunk = item
                await asyncio.sleep(max(0.0, arrived + self.delay - _now()))
                writer.write(chunk)
                await writer.drain()
            writer.close()

        sender = asyncio.ensure_future(send())
        try:
            while chunk := await reader.read(65536):
                queue.put_nowait((_now(), chunk))
        finally:
            queue.put_nowait(None)
            await sender


def _now():
    return asyncio.get_running_loop().time()
