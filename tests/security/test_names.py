"""An anonymous writer's real name never reaches git-tracked content unnoticed, nor any output byte or path.

Each row writes the name the way a careless or hostile contributor might, builds a tiny site with the
private names file configured through INMIND_PRIVATE_NAMES, and expects the build to stop at the right
``path:line`` without quoting the name, leaving no output behind. Clean rows build, and then no output
file (Pagefind's compressed index included) nor any output path holds any form of the name.
"""

import gzip
import io
import re
import struct
import unicodedata
import zlib
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest
from conftest import ROOT
from coproduction import output_scan, privacy
from file_samples import lzw, run_length

from inmind.errors import ContentError

REAL = "Philippa Marchbanks-Óduya"  # made up; the private file's spelling has an accent
PRIVATE = f'[a-carer]\nreal_name = "{REAL}"\nalso = ["Pip Oduya"]\n'
FORMS = privacy.name_forms(REAL, also=["Pip Oduya"], slugs=["philippa-marchbanks-oduya"])


def post(body="I care for my brother from another city.", *, title="Caring from far away", author="A carer",
         summary="Caring at a distance.", extra=""):
    extra = f"{extra}\n" if extra else ""
    return f"Title: {title}\nDate: 2019-04-01 09:00\nAuthor: {author}\nSummary: {summary}\n{extra}\n{body}\n"


def agm(extra):
    return ("Title: Annual General Meeting 2019\nDate: 2019-09-25 14:00\nAuthor: Communications Team\n"
            "Summary: Our meeting in Bootle.\nVenue: Bootle Town Hall, Oriel Road, Bootle L20 7AE\n"
            f"{extra}\n\nWe met and talked about co-production.\n")


def png():
    """Return a valid one-pixel PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def themes_with(block):
    return (ROOT / "content" / "themes.toml").read_text(encoding="utf-8") + "\n" + block


def authors_with(text_before, text_after):
    return (ROOT / "content" / "authors.toml").read_text(encoding="utf-8").replace(text_before, text_after)


A = "blog/2019/a.md"
# (id, files, file the error is reported in, a piece of the line it is reported at (None: line 1))
LEAKS = [
    ("slug", {A: post(extra="Slug: philippa-marchbanks-oduya")}, A, "Slug:"),
    ("title", {A: post(title="Philippa Marchbanks-Oduya on caring")}, A, "Title:"),
    ("summary", {A: post(summary="A note by Philippa Marchbanks-Oduya.")}, A, "Summary:"),
    ("summary with markup", {A: post(summary="<em>Philippa</em> Marchbanks-Oduya writes.")}, A, "Summary:"),
    ("author field", {A: post(author="Philippa Marchbanks-Oduya")}, A, "Author:"),
    ("author surname first", {A: post(author="Marchbanks-Oduya, Philippa")}, A, "Author:"),
    ("split by emphasis", {A: post("Thanks to **Philippa** Marchbanks-Oduya.")}, A, "Thanks"),
    ("emphasis inside a word", {A: post("Thanks to Phil**ippa** Marchbanks-Oduya.")}, A, "Thanks"),
    ("link inside the name", {A: post("Thanks to Philippa [Marchbanks](https://example.org/)-Oduya.")}, A, "Thanks"),
    ("raw HTML inside a word", {A: post("Thanks to <span>Phil</span>ippa Marchbanks-Oduya.")}, A, "Thanks"),
    ("spelt out letter by letter", {A: post("Thanks to P h i l i p p a  M a r c h b a n k s - O d u y a.")}, A, "Thanks"),
    # Hidden: in no feed or search index, whose escaped copies were the only ones the output check could read.
    ("a tag with a quoted >", {A: post('Thanks to Phil<span title="a>b">ippa Marchbanks-Oduya.', extra="Status: hidden")},
     A, "Thanks"),
    ("a link by reference inside a word", {A: post("Thanks to Phil[ip]pa Marchbanks-Oduya.\n\n[ip]: https://example.org/")},
     A, "Thanks"),
    ("a comment holding a tag inside a word", {A: post("Thanks to Phil<!-- <b>x</b> -->ippa Marchbanks-Oduya.")}, A,
     "Thanks"),
    ("zero-width space", {A: post("Thanks to Phil\u200bippa Marchbanks-Oduya.")}, A, "Thanks"),
    ("soft hyphen", {A: post("Thanks to Philippa March\u00adbanks-Oduya.")}, A, "Thanks"),
    ("soft hyphen for the hyphen", {A: post("Thanks to Philippa Marchbanks\u00adOduya.")}, A, "Thanks"),
    ("non-breaking hyphen", {A: post("Thanks to Philippa Marchbanks\u2011Oduya.")}, A, "Thanks"),
    ("NFD", {A: post(unicodedata.normalize("NFD", f"Thanks to {REAL}."))}, A, "Thanks"),
    ("full-width letters (NFKC)", {A: post("Thanks to Ｐｈｉｌｉｐｐａ Marchbanks-Oduya.")}, A, "Thanks"),
    ("no accents", {A: post("Thanks to Philippa Marchbanks-Oduya.")}, A, "Thanks"),
    ("capitals", {A: post("THANKS TO PHILIPPA MARCHBANKS-ODUYA.")}, A, "THANKS"),
    ("Cyrillic look-alike letters", {A: post("Thanks to Philippа Mаrchbanks-Oduya.")}, A, "Thanks"),
    ("small capitals", {A: post("Thanks to \u1d18\u029c\u026a\u029f\u026a\u1d18\u1d18\u1d00 \u1d0d\u1d00\u0280\u1d04\u029c\u0299\u1d00\u0274\u1d0b\ua731-"
                                "\u1d0f\u1d05\u1d1c\u028f\u1d00.")}, A, "Thanks"),
    ("letters with a hook or a stroke", {A: post("Thanks to \u01a4hilippa March\u0180an\u0138s-Odu\u024fa.")}, A, "Thanks"),
    ("surname first", {A: post("Thanks to Marchbanks-Oduya, Philippa.")}, A, "Thanks"),
    ("entities", {A: post("Thanks to Philipp&#97; Marchbanks&#x2D;Oduya.")}, A, "Thanks"),
    ("wrapped over two lines", {A: post("Thanks to Philippa\nMarchbanks-Oduya for this.")}, A, "Thanks"),
    ("link URL", {A: post("Read [her page](https://example.org/philippa-marchbanks-oduya/).")}, A, "Read"),
    ("percent-encoded URL", {A: post("Read [her page](https://example.org/?who=Philippa%20Marchbanks-Oduya).")},
     A, "Read"),
    ("mailto autolink", {A: post("Write to <philippa.marchbanks-oduya@example.org>.")}, A, "Write"),
    ("image file name in the text", {A: post("![A garden](/images/philippa-marchbanks-oduya.png)"),
                                     "images/philippa-marchbanks-oduya.png": png()}, A, "![A garden]"),
    ("image file on its own", {A: post(), "images/Philippa_Marchbanks_Oduya.png": png()},
     "images/Philippa_Marchbanks_Oduya.png", None),
    ("post file name", {"blog/2019/philippa-marchbanks-oduya.md": post()}, "blog/2019/philippa-marchbanks-oduya.md", None),
    ("save_as", {A: post(extra="Save_as: people/philippa-marchbanks-oduya.html")}, A, "Save_as:"),
    ("another form from the private file", {A: post("Thanks to Pip Oduya.")}, A, "Thanks"),
    ("a middle name", {A: post("Thanks to Philippa Jane Marchbanks-Oduya.")}, A, "Thanks"),
    ("a middle initial in the title", {A: post(title="Philippa J. Marchbanks-Oduya on caring")}, A, "Title:"),
    ("a nickname in the middle", {A: post("With love, Philippa 'Pip' Marchbanks-Oduya")}, A, "With love"),
    ("transcript file", {A: post(), "transcripts/talk.md": "Title: Transcript of a talk\n\nPhilippa Marchbanks-Oduya "
                         "spoke first.\n"}, "transcripts/talk.md", "spoke"),
    ("AGM highlight", {A: post(), "agm/2019.md": agm("Highlight: Philippa Marchbanks-Oduya opened the meeting.")},
     "agm/2019.md", "Highlight:"),
    ("AGM venue", {A: post(), "agm/2019.md": agm("Venue: The Marchbanks-Oduya, Philippa room").replace(
        "Venue: Bootle Town Hall, Oriel Road, Bootle L20 7AE\n", "", 1)}, "agm/2019.md", "Venue:"),
    ("themes.toml description", {A: post(), "themes.toml": themes_with(
        '[[theme]]\nslug = "new"\nlabel = "New"\ndescription = "As Philippa Marchbanks-Oduya says."\nphrases = ["newt"]\n')},
     "themes.toml", "description = \"As"),
    ("themes.toml real_name key", {A: post(), "themes.toml": themes_with(
        '[[theme]]\nslug = "new"\nlabel = "New"\ndescription = "New."\nreal_name = "Someone"\n')},
     "themes.toml", "real_name ="),
    ("authors.toml bio", {A: post(), "authors.toml": authors_with(
        'bio = "Tom has been', 'bio = "Tom works with Philippa Marchbanks-Oduya. Tom has been')}, "authors.toml",
     "Tom works with"),
    ("authors.toml real_name key", {A: post(), "authors.toml": authors_with(
        "anonymous = true\n", 'anonymous = true\nreal_name = "Philippa Marchbanks-Oduya"\n')}, "authors.toml",
     "real_name ="),
    ("Real-name metadata", {A: post(extra="Real-name: Someone Else")}, A, "Real-name:"),
    # Files the site never publishes are still in git, as public as the repository: every file in content/ is read.
    ("notes beside a post", {A: post(), "blog/notes.txt": "To do:\nCall Philippa Marchbanks-Oduya.\n"}, "blog/notes.txt",
     "Call"),
    ("an editor's backup copy", {A: post(), "blog/a.md~": post("Thanks to Philippa Marchbanks-Oduya.")}, "blog/a.md~",
     "Thanks"),
    ("a hidden draft", {A: post(), "blog/.draft.md": post("Thanks to Philippa Marchbanks-Oduya.")}, "blog/.draft.md",
     "Thanks"),
    ("a file outside the checked folders", {A: post(), "notes/todo.json": '{\n"who": "Philippa Marchbanks-Oduya"\n}\n'},
     "notes/todo.json", '"who"'),
    ("a stray file's name", {A: post(), "blog/philippa-marchbanks-oduya.txt": "Nothing here.\n"},
     "blog/philippa-marchbanks-oduya.txt", None),
    ("a folder's name", {A: post(), "old/Philippa Marchbanks-Oduya/readme.txt": "Nothing here.\n"},
     "old/Philippa Marchbanks-Oduya/readme.txt", None),
]


@pytest.fixture
def private_file(tmp_path, monkeypatch):
    path = tmp_path / "private" / "names.toml"
    path.parent.mkdir()
    path.write_text(PRIVATE, encoding="utf-8")
    monkeypatch.setenv("INMIND_PRIVATE_NAMES", str(path))
    return path


def _texts(path):
    """Yield every reading of an output file an independent reader would try: decompressed, Pagefind unpacked."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    elif path.suffix == ".br":
        data = brotli.decompress(data)
    if data[:2] == b"\x1f\x8b":  # Pagefind's files
        data = gzip.decompress(data)
    yield data.decode("utf-8", "replace")


def assert_no_form_anywhere(output):
    matcher = privacy.Matcher([privacy.HiddenName("a-carer", "A carer", FORMS)])
    files = [p for p in output.rglob("*")]
    assert any(p.suffix == ".pf_fragment" for p in files), "the search index was not written"
    for path in files:
        rel = path.relative_to(output).as_posix()
        assert matcher.find(rel) is None, rel
        if path.is_file():
            for text in _texts(path):
                assert matcher.find(text) is None, rel
                assert "marchbanks" not in text.casefold() and "oduya" not in text.casefold(), rel


@pytest.mark.parametrize(("files", "rel", "marker"), [row[1:] for row in LEAKS], ids=[row[0] for row in LEAKS])
def test_a_leak_stops_the_build_at_its_line(build_site, private_file, files, rel, marker):
    site = build_site(files)
    content = site.content
    line = 1
    if marker is not None:
        text = (content / rel).read_text(encoding="utf-8")
        line = next(n for n, t in enumerate(text.splitlines(), start=1) if marker in t)
    assert site.status == 1, site.messages
    assert "Traceback" not in site.messages
    assert re.search(rf"content/{re.escape(rel)}:{line}: error: ", site.messages), site.messages
    # The name is never quoted; only a file's own path may hold it (the file has to be named to be renamed).
    messages = site.messages.replace(rel, "<the file>")
    assert privacy.Matcher([privacy.HiddenName("a-carer", "A carer", FORMS)]).find(messages) is None
    assert "private names file" in site.messages or "real name of the anonymous author" in site.messages
    assert not site.output.exists(), "a failed build must leave no output"


def test_there_are_enough_rows():
    assert len(LEAKS) >= 25


@pytest.mark.parametrize(
    "body",
    ["I care for my brother from another city.", "Philippa is a common first name; so is Pip.", "Marchbanks Road."],
)
def test_clean_sites_build_and_no_output_byte_or_path_holds_the_name(build_site, private_file, body):
    site = build_site({A: post(body.replace("Marchbanks Road.", "Our road.")), "blog/2019/b.md": post(
        "Another post.", title="Another post", author="Maureen Costigan")})
    assert site.status == 0, site.messages
    assert_no_form_anywhere(site.output)


def test_the_output_check_reads_compressed_copies_and_pagefind_files(tmp_path, private_file):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_text((ROOT / "content" / name).read_text(encoding="utf-8"), encoding="utf-8")
    pelican = SimpleNamespace(settings={"PATH": str(content)}, output_path=str(tmp_path / "output"))
    cases = {
        "index.html.br": brotli.compress(b"<p><b>Philippa</b> Marchbanks-Oduya</p>"),
        "feed.xml.gz": gzip.compress(b"<title>Marchbanks-Oduya, Philippa</title>"),
        "pagefind/fragment/en_1.pf_fragment": gzip.compress(b'pagefind_dcd{"content":"Pip Oduya"}'),
        "pagefind/filter/en_2.pf_filter": gzip.compress(b"pagefind_dcd" + __import__("cbor2").dumps(["x", "pip oduya"])),
        "people/philippa-marchbanks-oduya/index.html": b"nothing here",
    }
    for rel, data in cases.items():
        output = Path(pelican.output_path)
        if output.exists():
            import shutil

            shutil.rmtree(output)
        (output / rel).parent.mkdir(parents=True)
        (output / rel).write_bytes(data)
        with pytest.raises(ContentError) as caught:
            output_scan.check_output(pelican)
        shown = caught.value.message.rpartition("reached the output file ")[2]
        assert shown and rel.startswith(shown), caught.value.message
        assert "Marchbanks" not in caught.value.format() and "Oduya" not in caught.value.format()


def _scan_site(tmp_path, files):
    """Return a stand-in for Pelican over an output folder holding ``files`` (relative path: bytes)."""
    content = tmp_path / "content"
    content.mkdir()
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_text((ROOT / "content" / name).read_text(encoding="utf-8"), encoding="utf-8")
    output = tmp_path / "output"
    for rel, data in files.items():
        (output / rel).parent.mkdir(parents=True, exist_ok=True)
        (output / rel).write_bytes(data)
    return SimpleNamespace(settings={"PATH": str(content)}, output_path=str(output))


def _reported(pelican):
    with pytest.raises(ContentError) as caught:
        output_scan.check_output(pelican)
    return caught.value.message.rpartition("reached the output file ")[2]


# A page's copies go together; the rest are shared by size, so leaks land in both processes.
CLEAN = {f"blog/{n:03}/index.html": b"<p>nothing here</p>" * (n + 1) for n in range(40)}
CLEAN.update({f"blog/{n:03}/index.html.gz": gzip.compress(CLEAN[f"blog/{n:03}/index.html"]) for n in range(40)})


@pytest.mark.parametrize("parallel", [False, True], ids=["one process", "two processes"])
@pytest.mark.parametrize("leaks", [["blog/007/index.html.gz", "blog/031/index.html"], ["blog/030/index.html",
                                   "blog/031/index.html"], ["blog/039/index.html.gz", "blog/002/index.html.gz"],
                                   ["blog/005/pip-oduya.txt", "blog/004/index.html"],
                                   ["blog/003/pip-oduya.txt", "blog/004/index.html"]])
def test_the_output_check_reports_the_first_leak_in_walk_order(tmp_path, private_file, monkeypatch, parallel,
                                                               leaks):
    monkeypatch.setattr(output_scan, "PARALLEL_BYTES", 0 if parallel else 1 << 60)
    files = dict(CLEAN)
    for rel in leaks:
        text = b"<p>Philippa <i>Marchbanks</i>-Oduya</p>"
        files[rel] = gzip.compress(text) if rel.endswith(".gz") else text
    shown = _reported(_scan_site(tmp_path, files))
    first = min(leaks, key=lambda rel: (rel.split("/")[:-1], rel))  # files before subfolders, sorted
    assert shown == first


def test_a_clean_output_passes_in_two_processes(tmp_path, private_file, monkeypatch):
    monkeypatch.setattr(output_scan, "PARALLEL_BYTES", 0)
    output_scan.check_output(_scan_site(tmp_path, CLEAN))


@pytest.mark.parametrize("how", ["fails", "is stuck"])
def test_the_part_of_a_second_process_that_fails_or_is_stuck_is_searched_here(tmp_path, private_file, monkeypatch,
                                                                               how):
    import os
    import time

    monkeypatch.setattr(output_scan, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(output_scan, "STUCK_AFTER", 0.5)
    parent, texts = os.getpid(), privacy.file_texts

    def broken_in_child(name, data, **kw):
        if os.getpid() != parent:
            if how == "fails":
                raise RuntimeError("the second process failed")
            time.sleep(3600)
        return texts(name, data, **kw)

    monkeypatch.setattr(privacy, "file_texts", broken_in_child)
    for n in range(0, 40, 3):  # each page alone holds the name: some are in the second process's part
        rel = f"blog/{n:03}/index.html"
        site = tmp_path / f"site{n}"
        site.mkdir()
        started = time.monotonic()
        assert _reported(_scan_site(site, dict(CLEAN, **{rel: b"<p>Pip Oduya</p>"}))) == rel
        assert time.monotonic() - started < 20


def _early(pelican, monkeypatch):
    """Run the early search (finalized) over the whole output and wait until it has searched every file."""
    monkeypatch.setattr(output_scan, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(output_scan, "EARLY_BYTES", 0)
    output_scan.start_early(pelican)
    for process, *_ in output_scan._EARLY["runs"]:
        process.join(timeout=60)
        assert not process.is_alive()


def test_deploy_passes_over_exactly_the_bytes_searched_early(tmp_path, private_file, monkeypatch):
    pelican = _scan_site(tmp_path, CLEAN)
    _early(pelican, monkeypatch)
    searched = []
    monkeypatch.setattr(privacy, "file_texts", lambda name, data, **kw: searched.append(name) or iter(()))
    output_scan.check_output(pelican)
    assert searched == [], "files searched early were searched again"


@pytest.mark.parametrize("rel", ["blog/003/index.html", "blog/003/index.html.gz", "blog/new.html"])
def test_a_file_changed_or_added_after_the_early_search_is_searched_at_deploy(tmp_path, private_file, monkeypatch,
                                                                             rel):
    pelican = _scan_site(tmp_path, CLEAN)
    _early(pelican, monkeypatch)
    text = b"<p>nothing here</p><p>Pip <b>Oduya</b></p>"
    (Path(pelican.output_path) / rel).write_bytes(gzip.compress(text) if rel.endswith(".gz") else text)
    assert _reported(pelican) == rel


def test_a_leak_the_early_search_met_is_reported_at_deploy_in_walk_order(tmp_path, private_file, monkeypatch):
    files = dict(CLEAN, **{"blog/020/index.html": b"Philippa Marchbanks-Oduya", "blog/030/index.html": b"Pip Oduya"})
    pelican = _scan_site(tmp_path, files)
    _early(pelican, monkeypatch)
    assert _reported(pelican) == "blog/020/index.html"


def test_the_early_search_counts_for_nothing_when_the_names_changed_since(tmp_path, private_file, monkeypatch):
    files = dict(CLEAN, **{"blog/020/index.html": b"<p>Rosalind Quennell-Abara</p>"})
    pelican = _scan_site(tmp_path, files)
    _early(pelican, monkeypatch)  # searched for Philippa: this page is clean then
    private_file.write_text(PRIVATE.replace(REAL, "Rosalind Quennell-Abara"), encoding="utf-8")
    assert _reported(pelican) == "blog/020/index.html"


def test_deploy_never_waits_for_a_stuck_early_search(tmp_path, private_file, monkeypatch):
    import time

    pelican = _scan_site(tmp_path, CLEAN)
    monkeypatch.setattr(output_scan, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(output_scan, "EARLY_BYTES", 0)
    monkeypatch.setattr(privacy, "file_texts", lambda name, data, **kw: time.sleep(3600) or iter(()))
    output_scan.start_early_pages(pelican)
    monkeypatch.undo()
    monkeypatch.setenv("INMIND_PRIVATE_NAMES", str(private_file))
    started = time.monotonic()
    output_scan.check_output(pelican)
    assert time.monotonic() - started < 30 and not output_scan._EARLY["runs"]


def test_without_the_private_file_the_build_works_and_says_the_check_was_skipped(build_site, monkeypatch):
    monkeypatch.delenv("INMIND_PRIVATE_NAMES", raising=False)
    site = build_site({A: post()})
    assert site.status == 0, site.messages
    lines = [line for line in site.messages.splitlines() if "real-name check was skipped" in line]
    assert len(lines) == 1 and "warning" in lines[0] and "INMIND_PRIVATE_NAMES" in lines[0], site.messages


def test_without_the_private_file_a_publish_build_stops(build_site, monkeypatch):
    monkeypatch.delenv("INMIND_PRIVATE_NAMES", raising=False)
    # A carer's post needs a consent reference to publish; with it, the only problem left is the skipped check.
    site = build_site({A: post(extra="Consent: CF-2019-001")}, fatal_warnings=True)
    assert site.status == 1
    assert "real-name check was skipped" in site.messages
    # What to type, as the checklist of ./dev check --publish says it, not "set it to the private names file".
    assert 'type export INMIND_PRIVATE_NAMES="$PWD/private/names.toml" in this terminal' in site.messages


@pytest.mark.parametrize("ci", ["true", ""])
def test_a_configured_but_missing_private_file_is_an_error(build_site, monkeypatch, tmp_path, ci):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("INMIND_PRIVATE_NAMES", str(tmp_path / "nowhere" / "names.toml"))
    site = build_site({A: post()})
    assert site.status == 1
    assert "the private names file it names does not exist" in site.messages


def test_a_registry_without_anonymous_authors_needs_no_private_file(build_site, monkeypatch):
    monkeypatch.delenv("INMIND_PRIVATE_NAMES", raising=False)
    authors = authors_with("anonymous = true\n", "anonymous = false\n")
    site = build_site({A: post(author="Maureen Costigan"), "authors.toml": authors})
    assert site.status == 0, site.messages
    assert "skipped" not in site.messages


def test_the_deploy_workflow_gives_only_the_publish_build_the_secret():
    from ruamel.yaml import YAML

    steps = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    write = next(i for i, s in enumerate(steps) if "secrets.INMIND_PRIVATE_NAMES" in str(s.get("env", {})))
    test = next(i for i, r in enumerate(runs) if r.strip() == "./dev test")
    publish = next(i for i, r in enumerate(runs) if "./dev publish" in r)
    assert test < write < publish
    assert '"$RUNNER_TEMP/private-names.toml"' in runs[write] and "GITHUB_ENV" in runs[write]
    assert "secrets." not in runs[write], "the secret reaches the script through env, never pasted into it"


def test_git_ignores_the_private_names_file():
    import subprocess

    ignored = subprocess.run(["git", "check-ignore", "-q", "private/names.toml"], cwd=ROOT)
    assert ignored.returncode == 0


def test_the_check_cache_notices_a_changed_private_file(tmp_path, monkeypatch):
    from inmind.build import load_settings
    from inmind.check import check_site

    content = tmp_path / "content"
    (content / "blog" / "2019").mkdir(parents=True)
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_text((ROOT / "content" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (content / A).write_text(post("Thanks to Zed Quillon for the idea."), encoding="utf-8")
    private = tmp_path / "names.toml"
    private.write_text('[a-carer]\nreal_name = "Someone Else"\n', encoding="utf-8")
    monkeypatch.setenv("INMIND_PRIVATE_NAMES", str(private))
    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache"),
                                                       "PLUGIN_PATHS": [str(ROOT / "plugins")]})

    def name_problems():
        return [p for p in check_site(settings) if "real name" in p.message]

    assert name_problems() == []
    private.write_text('[a-carer]\nreal_name = "Zed Quillon"\n', encoding="utf-8")  # the cached result is stale now
    assert [(Path(p.path).name, p.line, p.severity) for p in name_problems()] == [("a.md", 6, "error")]


def _docx_by(creator):
    from file_samples import office

    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{creator}</dc:creator></cp:coreProperties>')
    return office("docx", extra_parts=[("docProps/core.xml", core.encode())])


def _odt_by(creator):
    from file_samples import opendocument

    meta = ('<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:'
            f'oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta><meta:initial-creator>{creator}'
            "</meta:initial-creator></office:meta></office:document-meta>")
    return opendocument("odt", extra_parts=[("meta.xml", meta.encode())])


def _jpeg_by(author):
    """Return a JPEG whose EXIF names its author the Windows way (XPAuthor, UTF-16 little-endian)."""
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x9C9D] = (author + "\0").encode("utf-16-le")
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 94, 184)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def _pdf_by(author, hex_string):
    """Return a PDF whose Info names its author in UTF-16, as a hex string or as raw bytes."""
    from file_samples import pdf

    utf16 = ("\ufeff" + author).encode("utf-16-be")
    field = b"<" + utf16.hex().upper().encode() + b">" if hex_string else b"(" + utf16 + b")"
    return pdf().replace(b"trailer\n<<", b"trailer\n<< /Info << /Author " + field + b" >>", 1)


def _pdf_packed(text, pack, name, content=None):
    """Return a one-page PDF whose page text shows ``text``, its content stream packed by ``pack`` (filter ``name``)."""
    import pikepdf
    from file_samples import pdf

    document = pikepdf.open(io.BytesIO(pdf()))
    stream = pikepdf.Stream(document, pack(content or f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()))
    stream.Filter = pikepdf.Name(name)
    document.pages[0].Contents = document.make_indirect(stream)
    out = io.BytesIO()
    document.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def _pdf_linking(address):
    """Return a one-page PDF whose page has a link to ``address``."""
    import pikepdf
    from file_samples import pdf

    document = pikepdf.open(io.BytesIO(pdf()))
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
                              A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(address)))
    document.pages[0].Annots = pikepdf.Array([document.make_indirect(link)])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# Files whose own properties hold the name (a writer's draft saved on their computer): compressed inside a
# .docx, or written in UTF-16 as Windows and PDF programs write an author field.
DOCUMENT_LEAKS = [
    ("docx creator", "documents/notes.docx", lambda: _docx_by("Philippa Marchbanks-Oduya")),
    ("jpeg XPAuthor", "images/garden.jpg", lambda: _jpeg_by("Philippa Marchbanks-Oduya")),
    ("pdf UTF-16 author", "documents/report.pdf", lambda: _pdf_by("Philippa Marchbanks-Óduya", False)),
    ("pdf hex author", "documents/report.pdf", lambda: _pdf_by("Philippa Marchbanks-Oduya", True)),
    ("odt initial creator", "documents/minutes.odt", lambda: _odt_by("Marchbanks-Oduya, Philippa")),
    # Page text as old PDFs pack it: named at the file, not as a leak from the theme once the build has packed it anew.
    ("pdf LZW page text", "documents/old.pdf", lambda: _pdf_packed("By Philippa Marchbanks-Oduya", lzw, "/LZWDecode")),
    ("pdf link with an escaped name", "documents/newsletter.pdf",
     lambda: _pdf_linking("https://example.org/people/philippa-marchbanks-%C3%B3duya")),
    # Page text placed in pieces out of the order they are written: "ippa Marchbanks-Oduya", then "Phil" to its left.
    ("pdf text placed in pieces", "documents/poster.pdf", lambda: _pdf_packed("", zlib.compress, "/FlateDecode",
     b"BT /F1 12 Tf 142 700 Td (ippa Marchbanks-Oduya) Tj -42 0 Td (Phil) Tj ET")),
    ("pdf run-length page text", "documents/old.pdf",
     lambda: _pdf_packed("By Philippa Marchbanks-Oduya", run_length, "/RunLengthDecode")),
]


@pytest.mark.parametrize(("rel", "make"), [row[1:] for row in DOCUMENT_LEAKS], ids=[row[0] for row in DOCUMENT_LEAKS])
def test_a_name_in_a_documents_properties_stops_the_build_at_that_file(build_site, private_file, rel, make):
    site = build_site({A: post(), rel: make()})
    assert site.status == 1, site.messages
    assert f"content/{rel}" in site.messages and "Traceback" not in site.messages, site.messages
    assert privacy.Matcher([privacy.HiddenName("a-carer", "A carer", FORMS)]).find(site.messages) is None
    assert not site.output.exists()


# --- files copied verbatim from a pinned package (the editor's Decap CMS) ---


@pytest.fixture
def decap_copy(tmp_path, private_file):
    """An output folder holding the editor's Decap script as the editor copies it, with its .gz and .br copies."""
    from editor import handlers as editor
    from pelican.settings import read_settings

    from inmind import verbatim

    content = tmp_path / "content"
    content.mkdir()
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_text((ROOT / "content" / name).read_text(encoding="utf-8"), encoding="utf-8")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content),
                                                                     "CACHE_PATH": str(tmp_path / "cache")})
    copies = editor.package_copies(settings)
    rel = next(r for r in copies if r.endswith("/decap-cms.js"))
    package = copies[rel].read_bytes()
    output = tmp_path / "output"
    (output / rel).parent.mkdir(parents=True)
    (output / "index.html").write_bytes(b"<p>Nothing to see.</p>")
    for suffix, data in (("", package), (".gz", gzip.compress(package)), (".br", brotli.compress(package, quality=1))):
        (output / (rel + suffix)).write_bytes(data)
    verbatim.COPIES.connect(editor.package_copies)  # as the editor's register() does
    try:
        yield SimpleNamespace(settings=settings, output_path=str(output)), output / rel, package
    finally:
        verbatim.COPIES.disconnect(editor.package_copies)


def test_an_unchanged_copy_of_a_pinned_package_file_is_compared_not_read(decap_copy, monkeypatch):
    pelican, path, _package = decap_copy
    read = []
    original = privacy.file_texts

    def recording(name, data, **kwargs):
        read.append(name)
        return original(name, data, **kwargs)

    monkeypatch.setattr(privacy, "file_texts", recording)
    output_scan.check_output(pelican)
    assert read == ["index.html"]


@pytest.mark.parametrize("suffix", ["", ".gz", ".br"])
@pytest.mark.parametrize(
    "change",
    [
        lambda data: data + b"\n/* Philippa Marchbanks-Oduya */\n",
        lambda data: data.replace(b" decap-cms", b" Pip Oduya", 1),  # the same length
        lambda data: b"// Pip Oduya\n",
    ],
    ids=["appended", "same length", "replaced"],
)
def test_a_name_written_into_a_copied_package_file_is_still_caught(decap_copy, suffix, change):
    pelican, path, package = decap_copy
    changed = change(package)
    packed = {"": changed, ".gz": gzip.compress(changed), ".br": brotli.compress(changed, quality=1)}[suffix]
    target = path.with_name(path.name + suffix)
    target.write_bytes(packed)
    with pytest.raises(ContentError) as caught:
        output_scan.check_output(pelican)
    assert caught.value.message.endswith(f"reached the output file {target.relative_to(pelican.output_path).as_posix()}")


def test_a_copy_is_read_when_its_package_file_is_gone_or_undeclared(decap_copy, tmp_path):
    from inmind import verbatim

    pelican, path, package = decap_copy
    path.write_bytes(package + b"\n// Pip Oduya\n")
    assert output_scan.Copies({"admin/decap-cms.js": tmp_path / "missing.js"}).unchanged("admin/decap-cms.js", b"") is False
    assert output_scan.Copies({}).unchanged("admin/decap-cms.js", package) is False
    assert verbatim.declared(pelican.settings), "the editor declares its copies"
    with pytest.raises(ContentError):
        output_scan.check_output(pelican)


# --- what the last build found clean (output_scan.Ledger, in CACHE_PATH) ---


def _cached_site(tmp_path, files):
    """``_scan_site`` with a cache folder, as a real build has: the scan remembers what it found clean there."""
    pelican = _scan_site(tmp_path, files)
    pelican.settings["CACHE_PATH"] = str(tmp_path / "cache")
    return pelican


def _searched(pelican, monkeypatch):
    """Run the deploy check and return the names of the files whose bytes it searched."""
    searched, texts, inside = [], privacy.file_texts, []

    def recording(name, data, **kw):
        if not inside:  # a .gz file's text is read through a second call
            searched.append(name)
        inside.append(name)
        try:
            yield from texts(name, data, **kw)
        finally:
            inside.pop()

    monkeypatch.setattr(privacy, "file_texts", recording)
    output_scan.check_output(pelican)
    monkeypatch.setattr(privacy, "file_texts", texts)
    return searched


@pytest.mark.parametrize("parallel", [False, True], ids=["one process", "two processes"])
@pytest.mark.parametrize("rel", ["blog/003/index.html", "blog/003/index.html.gz", "blog/039/index.html", "new.html"])
def test_a_name_added_to_a_file_clean_last_build_is_caught(tmp_path, private_file, monkeypatch, parallel, rel):
    monkeypatch.setattr(output_scan, "PARALLEL_BYTES", 0 if parallel else 1 << 60)
    pelican = _cached_site(tmp_path, CLEAN)
    output_scan.check_output(pelican)  # clean: remembered
    assert list((tmp_path / "cache").iterdir()), "the clean files were not remembered"
    text = b"<p>nothing here</p><p>Pip <b>Oduya</b></p>"
    (Path(pelican.output_path) / rel).write_bytes(gzip.compress(text) if rel.endswith(".gz") else text)
    assert _reported(pelican) == rel
    assert _reported(pelican) == rel, "a file that held a name was remembered as clean"


def test_a_name_added_after_a_clean_build_is_caught_by_the_early_search_too(tmp_path, private_file, monkeypatch):
    pelican = _cached_site(tmp_path, CLEAN)
    output_scan.check_output(pelican)
    (Path(pelican.output_path) / "blog/010/index.html").write_bytes(b"<p>Philippa Marchbanks-Oduya</p>")
    _early(pelican, monkeypatch)
    assert _reported(pelican) == "blog/010/index.html"


def test_the_next_build_searches_only_what_changed(tmp_path, private_file, monkeypatch):
    pelican = _cached_site(tmp_path, CLEAN)
    assert len(_searched(pelican, monkeypatch)) == len(CLEAN)
    (Path(pelican.output_path) / "blog/005/index.html").write_bytes(b"<p>something else</p>")
    assert _searched(pelican, monkeypatch) == ["index.html"]
    assert _searched(pelican, monkeypatch) == []
    _early(pelican, monkeypatch)  # the early search passes over them too, and deploy takes its word
    assert _searched(pelican, monkeypatch) == []


def test_what_was_clean_for_other_names_is_searched_again(tmp_path, private_file, monkeypatch):
    pelican = _cached_site(tmp_path, dict(CLEAN, **{"blog/020/index.html": b"<p>Rosalind Quennell-Abara</p>"}))
    output_scan.check_output(pelican)  # searched for Philippa: clean then
    private_file.write_text(PRIVATE.replace(REAL, "Rosalind Quennell-Abara"), encoding="utf-8")
    assert _reported(pelican) == "blog/020/index.html"


def test_what_was_clean_for_another_version_of_the_search_is_searched_again(tmp_path, private_file, monkeypatch):
    pelican = _cached_site(tmp_path, CLEAN)
    output_scan.check_output(pelican)
    monkeypatch.setattr(output_scan, "SEARCH_VERSION", output_scan.SEARCH_VERSION + b"x")
    assert len(_searched(pelican, monkeypatch)) == len(CLEAN)


@pytest.mark.parametrize("damage", [b"", b"not json", b'{"clean": {"blog/000/index.html": "00"}}', b"[1, 2]",
                                    b'{"salt": "zz", "names": 3, "clean": []}'])
def test_a_damaged_memory_of_clean_files_is_ignored(tmp_path, private_file, monkeypatch, damage):
    pelican = _cached_site(tmp_path, CLEAN)
    output_scan.check_output(pelican)
    for path in (tmp_path / "cache").rglob("*"):
        if path.is_file():
            path.write_bytes(damage)
    assert len(_searched(pelican, monkeypatch)) == len(CLEAN)
    (Path(pelican.output_path) / "blog/000/index.html").write_bytes(b"Pip Oduya")
    assert _reported(pelican) == "blog/000/index.html"


def test_the_memory_of_clean_files_holds_no_form_of_the_name(tmp_path, private_file):
    pelican = _cached_site(tmp_path, dict(CLEAN, **{"people/a-carer/index.html": b"<p>A carer</p>"}))
    output_scan.check_output(pelican)
    matcher = privacy.Matcher([privacy.HiddenName("a-carer", "A carer", FORMS)])
    for path in (tmp_path / "cache").rglob("*"):
        assert matcher.find(path.name) is None
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            assert matcher.find(text) is None and "oduya" not in text.casefold() and "philippa" not in text.casefold()


def test_a_failed_check_remembers_nothing(tmp_path, private_file, monkeypatch):
    pelican = _cached_site(tmp_path, dict(CLEAN, **{"blog/039/index.html": b"Pip Oduya"}))
    _reported(pelican)
    assert not (tmp_path / "cache").exists() or not any(p.is_file() for p in (tmp_path / "cache").rglob("*"))


def test_a_rebuild_with_a_warm_cache_still_stops_a_name_added_since(build_site, private_file, tmp_path):
    site = build_site({A: post(), "images/garden.jpg": _jpeg_by("Someone Else")})
    assert site.status == 0, site.messages
    assert any(p.is_file() for p in (tmp_path / "cache").rglob("*"))
    site = build_site({"images/garden.jpg": _jpeg_by("Philippa Marchbanks-Oduya")})
    assert site.status == 1, site.messages
    assert "content/images/garden.jpg" in site.messages and "Traceback" not in site.messages, site.messages


# --- two early searches: Pelican's pages first, the rest at finalized ---


def _write(pelican, files):
    for rel, data in files.items():
        (Path(pelican.output_path) / rel).parent.mkdir(parents=True, exist_ok=True)
        (Path(pelican.output_path) / rel).write_bytes(data)


def test_the_second_early_search_takes_only_what_the_first_did_not_list(tmp_path, private_file, monkeypatch):
    first = {rel: data for rel, data in CLEAN.items() if rel < "blog/020"}
    pelican = _scan_site(tmp_path, first)
    monkeypatch.setattr(output_scan, "EARLY_BYTES", 0)
    output_scan.start_early_pages(pelican)
    _write(pelican, {rel: data for rel, data in CLEAN.items() if rel not in first})  # the first is reading those
    output_scan.start_early(pelican)
    runs = output_scan._EARLY["runs"]
    assert [sorted(run[4]) for run in runs] == [sorted(first), sorted(set(CLEAN) - set(first))]
    for process, *_ in runs:
        process.join(timeout=60)
    assert _searched(pelican, monkeypatch) == [], "files searched early were searched again"


@pytest.mark.parametrize("rel", ["blog/003/index.html", "blog/030/index.html", "blog/new.html"])
def test_a_name_written_between_or_after_the_two_early_searches_is_caught(tmp_path, private_file, monkeypatch, rel):
    first = {rel: data for rel, data in CLEAN.items() if rel < "blog/020"}
    pelican = _scan_site(tmp_path, first)
    monkeypatch.setattr(output_scan, "EARLY_BYTES", 0)
    output_scan.start_early_pages(pelican)
    for process, *_ in output_scan._EARLY["runs"]:
        process.join(timeout=60)
    _write(pelican, dict(CLEAN, **{rel: b"<p>nothing here</p><p>Pip <b>Oduya</b></p>"}))  # rewritten or new
    output_scan.start_early(pelican)
    assert _reported(pelican) == rel


def test_a_new_build_ends_the_early_searches_a_failed_one_left(tmp_path, private_file, monkeypatch):
    import time

    pelican = _scan_site(tmp_path, CLEAN)
    monkeypatch.setattr(output_scan, "EARLY_BYTES", 0)
    monkeypatch.setattr(privacy, "file_texts", lambda name, data, **kw: time.sleep(3600) or iter(()))
    output_scan.start_early_pages(pelican)  # a build that then failed: its search is stuck for an hour
    stale = output_scan._EARLY["runs"][0][0]
    output_scan.start_early_pages(pelican)  # the next build
    assert not stale.is_alive() and len(output_scan._EARLY["runs"]) == 1
    output_scan.stop_early()


def test_the_skipped_check_is_said_at_the_anonymous_writers_line_with_a_hint(build_site, monkeypatch):
    # "site: warning: …" named no file; the writer is told which line of authors.toml makes the file needed.
    monkeypatch.delenv("INMIND_PRIVATE_NAMES", raising=False)
    site = build_site({A: post()})
    registry = (site.content / "authors.toml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(registry, 1) if text.strip() == "anonymous = true")
    assert re.search(rf"content/authors\.toml:{line}: warning: the real-name check was skipped", site.messages), site.messages
    assert "\n  hint: with the file in private/names.toml, type export INMIND_PRIVATE_NAMES=" in site.messages
    assert "site: warning" not in site.messages
    anonymous = sum(text.strip() == "anonymous = true" for text in registry)
    said = "1 anonymous writer is" if anonymous == 1 else f"{anonymous} anonymous writers are"
    assert f"skipped: {said} in authors.toml, and INMIND_PRIVATE_NAMES is not set" in site.messages, site.messages
