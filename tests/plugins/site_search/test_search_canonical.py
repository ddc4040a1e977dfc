"""Pagefind's filter and metadata files are rewritten in one order, whatever order Pagefind chose."""

import gzip
import json
import random

import cbor2
import pytest

from plugins.site_search import canonical

FILTERS = {
    "theme": [["Recovery", [0, 1]], ["Carers", [2]], ["Digital", [1, 2]], ["Research", [0]]],
    "year": [["2019", [0]], ["2017", [1]], ["2018", [2]]],
    "type": [["Guest blog", [0, 1]], ["Page", [2]]],
}


def _blob(value, mtime):
    return gzip.compress(canonical.SIGNATURE + cbor2.dumps(value), mtime=mtime)


def _write_index(folder, seed):
    """Write a small index as Pagefind would, with filters and their values in a shuffled order."""
    rng = random.Random(seed)
    (folder / "filter").mkdir(parents=True)
    filters = []
    for name, values in FILTERS.items():
        shuffled = [[value, list(pages)] for value, pages in values]
        rng.shuffle(shuffled)
        old_hash = f"en_{rng.getrandbits(28):07x}"
        (folder / "filter" / f"{old_hash}.pf_filter").write_bytes(_blob([name, shuffled], mtime=seed))
        filters.append([name, old_hash])
    rng.shuffle(filters)
    meta = ["1.5.2", [["en_5e2a08c", 447], ["en_ecbff6c", 503]], [["a", "z", "en_a993f04"]], filters,
            [["date", [1, 0]]], ["title"]]
    meta_hash = f"en_{rng.getrandbits(40):010x}"
    (folder / f"pagefind.{meta_hash}.pf_meta").write_bytes(_blob(meta, mtime=seed))
    entry = {"version": "1.5.2", "languages": {"en": {"hash": meta_hash, "wasm": "en", "page_count": 3}},
             "include_characters": ["_", "‿"]}
    (folder / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (folder / "fragment").mkdir()
    (folder / "fragment" / "en_1.pf_fragment").write_bytes(_blob(["stable"], mtime=0))


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_shuffled_indexes_become_byte_identical(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    _write_index(one, seed=1)
    _write_index(two, seed=7)
    assert _files(one) != _files(two)
    canonical.canonicalise(one)
    canonical.canonicalise(two)
    assert _files(one) == _files(two)


def test_names_point_at_the_rewritten_files(tmp_path):
    _write_index(tmp_path, seed=3)
    fragment = (tmp_path / "fragment" / "en_1.pf_fragment").read_bytes()
    renamed = canonical.canonicalise(tmp_path)
    entry = json.loads((tmp_path / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_name = f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    assert meta_name in renamed.values() and (tmp_path / meta_name).exists()
    assert len(list(tmp_path.glob("*.pf_meta"))) == 1
    meta = canonical._read(tmp_path / meta_name)
    assert [name for name, _ in meta[canonical.META_FILTERS]] == sorted(FILTERS)
    assert sorted(p.name for p in (tmp_path / "filter").iterdir()) == sorted(f"{h}.pf_filter" for _, h in meta[3])
    for name, file_hash in meta[canonical.META_FILTERS]:
        data = canonical._read(tmp_path / "filter" / f"{file_hash}.pf_filter")
        assert data[0] == name
        assert data[1] == sorted(FILTERS[name], key=lambda item: item[0])
    # Files Pagefind already writes reproducibly are left byte for byte.
    assert (tmp_path / "fragment" / "en_1.pf_fragment").read_bytes() == fragment
    # A fixed gzip header: no time stamp.
    assert all(p.read_bytes()[4:8] == b"\0\0\0\0" for p in tmp_path.rglob("*.pf_*"))


def test_an_unknown_layout_is_refused_not_guessed(tmp_path):
    _write_index(tmp_path, seed=2)
    meta = next(tmp_path.glob("*.pf_meta"))
    meta.write_bytes(gzip.compress(b"something else"))
    with pytest.raises(canonical.FormatError):
        canonical.canonicalise(tmp_path)
