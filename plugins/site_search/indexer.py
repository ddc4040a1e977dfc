"""Feed pages to Pagefind in a background thread while Pelican keeps rendering.

Pelican renders on one core; the Pagefind binary parses and indexes on the other. This module owns
a thread with its own asyncio loop, a Pagefind service process and one ``PagefindIndex`` in it.
``add()`` returns at once; ``finish()`` waits for every page and writes the index files.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import concurrent.futures
import contextlib
import json
import logging
import os
import shutil
import threading
from pathlib import Path

from pagefind.service import PagefindService

logger = logging.getLogger(__name__)

# How long finish() waits for Pagefind to index the last pages and write the files.
FINISH_TIMEOUT = 900
# How long Pagefind may take to finish writing its files after it says it has.
SETTLE_TIMEOUT = 60
# How long Pagefind may take to flush its files and exit once its input is closed.
CLOSE_TIMEOUT = 60
# Pagefind runs at a lower priority: it should use the core Pelican leaves free, never slow Pelican.
NICENESS = 10


class IndexerError(Exception):
    """Pagefind refused a page or could not write the index; ``page`` names the page when known."""

    def __init__(self, message, page=None, *, whole_index=False):
        super().__init__(message)
        self.message = message
        self.page = page
        # True when Pagefind itself stopped: no one page is to blame, so none is named.
        self.whole_index = whole_index


class _Service(PagefindService):
    """Pagefind's service with a lean sender and a reply reader that keeps up and fails loudly when Pagefind stops.

    The packaged reader sleeps 0.1 s before each reply, which caps indexing at ten pages a second,
    and waits for ever if the binary exits. This one reads replies as they come and, if the binary
    stops or says something that is not a reply, fails every waiting request with what it said.
    """

    async def _wait_for_responses(self):
        stdout = self._backend.stdout
        try:
            while True:
                try:
                    chunk = await stdout.readuntil(b",")
                except asyncio.IncompleteReadError as exc:
                    raise IndexerError(_stopped_message(exc.partial), whole_index=True) from None
                try:
                    reply = json.loads(base64.b64decode(chunk[:-1], validate=True))
                except (binascii.Error, ValueError):
                    # Not a reply: Pagefind is printing an error (a panic message, say), which may
                    # itself contain commas, so collect all of it before reporting.
                    try:
                        chunk += await asyncio.wait_for(stdout.read(), timeout=5)
                    except (TimeoutError, OSError):
                        pass
                    raise IndexerError(_stopped_message(chunk), whole_index=True) from None
                self._deliver(reply)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - every waiting request must hear why
            error = exc if isinstance(exc, IndexerError) else IndexerError(f"{exc.__class__.__name__}: {exc}", whole_index=True)
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(error)
                    # A request whose sender already gave up must not be logged as "never retrieved".
                    future.exception()
            self._responses.clear()
            self.failure = error

    def _deliver(self, reply):
        payload = reply.get("payload") or {}
        message_id = reply.get("message_id")
        if message_id is None and payload.get("original_message"):
            try:
                message_id = json.loads(payload["original_message"]).get("message_id")
            except (ValueError, AttributeError):
                message_id = None
        future = self._responses.pop(message_id, None)
        if future is None or future.done():
            if payload.get("type") == "Error":
                logger.error("site_search: Pagefind: %s", payload.get("message"))
            return
        if payload.get("type") == "Error":
            future.set_exception(IndexerError(payload.get("message") or "Pagefind reported an error"))
        else:
            future.set_result(payload)

    async def send(self, payload):
        # As the packaged send(), minus its debug messages, which format the whole page (twice)
        # even when debug logging is off: that alone cost more than encoding the request.
        failure = getattr(self, "failure", None)
        if failure is not None:
            raise failure
        self._message_id += 1
        message_id = self._message_id
        future = self._loop.create_future()
        self._responses[message_id] = future
        request = json.dumps({"message_id": message_id, "payload": payload}, ensure_ascii=False)
        try:
            self._backend.stdin.write(base64.b64encode(request.encode("utf-8")) + b",")
            await self._backend.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            self._responses.pop(message_id, None)
            # The process has gone; give the reader a moment to collect what it said on the way out.
            try:
                await asyncio.wait_for(asyncio.shield(self._poll_task), timeout=5)
            except (TimeoutError, asyncio.CancelledError):
                pass
            raise getattr(self, "failure", None) or IndexerError(
                "the Pagefind process stopped unexpectedly", whole_index=True
            ) from None
        return await future

    async def close(self):
        self._poll_task.cancel()
        try:
            await self._poll_task
        except (asyncio.CancelledError, Exception):  # noqa: BLE001 - already reported through the futures
            pass
        if self._backend.stdin is not None:
            self._backend.stdin.close()
        # Pagefind answers write_files before every file is flushed to disk; terminating it at once
        # left empty index files now and then. At the end of its input it finishes and exits by itself.
        try:
            await asyncio.wait_for(self._backend.wait(), timeout=CLOSE_TIMEOUT)
        except TimeoutError:
            self._backend.terminate()
            await self._backend.wait()


async def _settled(folder, timeout=SETTLE_TIMEOUT, interval=0.05):
    """Wait until Pagefind's files in ``folder`` are whole and no longer changing.

    Pagefind 1.5.2 answers write_files before every file is on disk (a build that stopped it at
    once now and then shipped an empty pagefind-entry.json), so watch the folder settle instead.
    """
    folder = Path(folder)
    previous = None
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        current = _snapshot(folder)
        if current is not None and current == previous:
            return
        previous = current
        await asyncio.sleep(interval)
    raise IndexerError(f"Pagefind did not finish writing the index files within {timeout} seconds", whole_index=True)


def _snapshot(folder):
    """Return {file: size} when the index looks complete (entry file parses, no empty file), else None."""
    try:
        json.loads((folder / "pagefind-entry.json").read_bytes())
        sizes = {str(p): p.stat().st_size for p in folder.rglob("*") if p.is_file()}
    except (OSError, ValueError):
        return None
    return sizes if sizes and all(sizes.values()) else None


def _stopped_message(output):
    text = bytes(output or b"").decode("utf-8", "replace").split("stack backtrace:")[0]
    # Rust's advice about backtraces is for Pagefind's developers, not for us.
    text = " ".join(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("note:"))
    if not text:
        return "the Pagefind process stopped unexpectedly"
    return f"the Pagefind process stopped: {text[-2000:]}"


class BackgroundIndexer:
    """One Pagefind index, fed from Pelican's thread and built in a thread of its own."""

    def __init__(self, config):
        self._config = dict(config)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name="site-search-indexer", daemon=True)
        self._service = None
        self._index = None
        self._pending = []
        self._early_write = None
        self._dirty = True
        self._closed = False
        self._thread.start()
        self._ready = self._submit(self._open())

    def _run_loop(self):
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()
        self._loop.close()

    def _submit(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def _open(self):
        self._service = await _Service().launch()
        if NICENESS:
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, self._service._backend.pid, NICENESS)
        # create_index() gives a pagefind.index.PagefindIndex bound to our service.
        self._index = await self._service.create_index(self._config)

    async def _add(self, html, url):
        await asyncio.wrap_future(self._ready)
        return await self._index.add_html_file(content=html, url=url)

    def add(self, html, url, page=None):
        """Queue one page's HTML for indexing at ``url``; returns at once."""
        self._pending.append((self._submit(self._add(html, url)), page or url))
        self._dirty = True

    async def _write(self, output_path, after=()):
        await asyncio.wrap_future(self._ready)
        # Pagefind handles requests concurrently, so the pages must be in before the index is built.
        for future in after:
            with contextlib.suppress(Exception):  # finish() reports a page's failure
                await asyncio.wrap_future(future)
        await self._index.write_files(output_path=str(output_path))
        await _settled(output_path)

    def write_soon(self, output_path):
        """Start writing the index of the pages queued so far, while Pelican carries on; returns at once."""
        self._early_write = self._submit(self._write(output_path, [f for f, _ in self._pending]))
        self._dirty = False

    def finish(self, output_path):
        """Wait for every queued page, write the index into ``output_path`` and stop; return the page count."""
        try:
            self._ready.result(timeout=FINISH_TIMEOUT)
            done, not_done = concurrent.futures.wait([f for f, _ in self._pending], timeout=FINISH_TIMEOUT)
            if not_done:
                raise IndexerError(f"Pagefind did not finish indexing within {FINISH_TIMEOUT} seconds")
            for future, page in self._pending:
                error = future.exception()
                if error is not None:
                    raise _as_indexer_error(error, page)
            if self._early_write is not None:
                self._early_write.result(timeout=FINISH_TIMEOUT)
                if self._dirty:
                    # Pages came after the early write: write the whole index again, without leftovers.
                    shutil.rmtree(output_path, ignore_errors=True)
            if self._dirty or self._early_write is None:
                self._submit(self._write(output_path)).result(timeout=FINISH_TIMEOUT)
            return len(self._pending)
        except concurrent.futures.TimeoutError:
            raise IndexerError(f"Pagefind did not finish within {FINISH_TIMEOUT} seconds") from None
        except IndexerError:
            raise
        except Exception as exc:  # noqa: BLE001 - start-up or write failures, in words
            raise _as_indexer_error(exc) from None
        finally:
            self.close()

    async def _shutdown(self):
        if self._service is not None:
            await self._service.close()

    def close(self):
        """Stop the Pagefind process and the thread (safe to call twice, and after a failure)."""
        if self._closed:
            return
        self._closed = True
        for future, _ in self._pending:
            future.cancel()
        try:
            self._submit(self._shutdown()).result(timeout=30)
        except Exception as exc:  # noqa: BLE001 - closing after a failure must not hide that failure
            logger.debug("site_search: closing Pagefind: %s", exc)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)


def _as_indexer_error(error, page=None):
    if isinstance(error, IndexerError):
        if page and not error.page and not error.whole_index:
            error.page = page
        return error
    if isinstance(error, FileNotFoundError):
        return IndexerError(f"the Pagefind program was not found ({error})", page)
    message = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
    return IndexerError(message or error.__class__.__name__, page)

