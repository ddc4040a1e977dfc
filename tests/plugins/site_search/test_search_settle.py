"""The indexer waits until Pagefind's files are whole before the build goes on."""

import asyncio
import concurrent.futures

import pytest
from site_search.indexer import IndexerError, _settled


def run(coroutine):
    # In a thread of its own: Playwright's sync API may already run an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_an_empty_entry_file_is_never_taken_as_finished(tmp_path):
    (tmp_path / "pagefind-entry.json").write_bytes(b"")
    (tmp_path / "pagefind.js").write_bytes(b"export {}")
    with pytest.raises(IndexerError, match="did not finish writing"):
        run(_settled(tmp_path, timeout=0.3))


def test_an_empty_index_file_is_never_taken_as_finished(tmp_path):
    (tmp_path / "pagefind-entry.json").write_text('{"version": "1.5.2", "languages": {}}')
    (tmp_path / "wasm.unknown.pagefind").write_bytes(b"")
    with pytest.raises(IndexerError):
        run(_settled(tmp_path, timeout=0.3))


def test_whole_files_that_stay_the_same_are_finished(tmp_path):
    (tmp_path / "pagefind-entry.json").write_text('{"version": "1.5.2", "languages": {}}')
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "en_1.pf_index").write_bytes(b"\x01\x02")
    run(_settled(tmp_path, timeout=2))


def test_files_still_growing_are_waited_for(tmp_path):
    entry = tmp_path / "pagefind-entry.json"
    entry.write_text('{"version": "1.5.2", "languages": {}}')
    chunk = tmp_path / "fragment.pf_fragment"
    chunk.write_bytes(b"a")

    async def scenario():
        async def keep_writing():
            for _ in range(5):
                await asyncio.sleep(0.03)
                chunk.write_bytes(chunk.read_bytes() + b"a")

        writer = asyncio.create_task(keep_writing())
        await _settled(tmp_path, timeout=5, interval=0.05)
        done_when_settled = writer.done()
        await writer
        return done_when_settled

    assert run(scenario()) is True
