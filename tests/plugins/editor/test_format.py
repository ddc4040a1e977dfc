"""The editor's "Key: value" format (plugins/editor/static/inmind-format.js), run in node as the browser runs it."""

from __future__ import annotations

import base64
import difflib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, require_tool
from hypothesis import given, settings
from hypothesis import strategies as st

RUNNER = Path(__file__).resolve().parent / "format_runner.js"


def _spec():
    from coproduction import vocabulary
    from editor import model

    from inmind.build import load_settings

    # The site's own plugins: their declared fields (Consent, Captions, the day-first Date, …) are in the spec.
    site = load_settings(ROOT / "pelicanconf.py")
    return model.format_spec(vocabulary.load_authors(ROOT / "content" / "authors.toml"), model.known_fields(site),
                             model.declarations(site))


@pytest.fixture(scope="session")
def run_format():
    """Return run(cases) -> (outputs, data): each case is {"text": bytes, "edits": {...}, "new": bool}."""
    node = shutil.which("node")
    require_tool(node, "node (nodejs)")
    spec = _spec()

    def run(cases):
        payload = {"spec": spec, "cases": [
            {"text": base64.b64encode(c.get("text", b"")).decode(), "edits": c.get("edits", {}), "new": c.get("new", False)}
            for c in cases
        ]}
        done = subprocess.run([node, str(RUNNER)], input=json.dumps(payload), capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        outputs = [base64.b64decode(o["text"]) if "text" in o else o for o in result["outputs"]]
        return outputs, result["data"]

    return run


SAMPLES = sorted(p for p in (ROOT / "content").rglob("*.md"))


def test_every_sample_file_round_trips_byte_for_byte(run_format):
    assert len(SAMPLES) >= 20
    outputs, data = run_format([{"text": p.read_bytes()} for p in SAMPLES])
    for path, output, opened in zip(SAMPLES, outputs, data, strict=True):
        assert output == path.read_bytes(), path
        assert opened["title"], path  # the header really was read, not passed through as body


def test_fields_are_read_as_the_site_reads_them(run_format):
    agm = (ROOT / "content/agm/2019.md").read_bytes()
    post = (ROOT / "content/blog/2017/a-seat-at-the-table-for-carers.md").read_bytes()
    _, (agm_data, post_data) = run_format([{"text": agm}, {"text": post}])
    assert len(agm_data["highlight"]) == 4 and agm_data["highlight"][1].startswith("Service users and carers")
    assert agm_data["annual_report_title"] == "Annual report and accounts 2018/19"
    assert post_data["authors"] == ["Maureen Costigan"] and "guest" not in post_data
    assert post_data["themes"] == ["carers", "co-production", "trust-and-relationships"]
    assert post_data["series_index"] == "3"
    assert post_data["body"].startswith("My son was 19")


def changed_lines(before: bytes, after: bytes):
    diff = difflib.ndiff(before.decode().splitlines(), after.decode().splitlines())
    return [line for line in diff if line[:1] in "+-"]


def test_changing_one_field_changes_only_its_line(run_format):
    post = (ROOT / "content/blog/2017/a-seat-at-the-table-for-carers.md").read_bytes()
    (out,), _ = run_format([{"text": post, "edits": {"title": "A seat at the table for every carer"}}])
    assert changed_lines(post, out) == ["- Title: A seat at the table for carers", "+ Title: A seat at the table for every carer"]


def test_repeated_keys_are_rewritten_in_place(run_format):
    agm = (ROOT / "content/agm/2019.md").read_bytes()
    _, (data,) = run_format([{"text": agm}])
    highlights = [*data["highlight"][:2], "A new highlight", data["highlight"][3]]
    (out,), _ = run_format([{"text": agm, "edits": {"highlight": highlights}}])
    lines = out.decode().splitlines()
    assert changed_lines(agm, out)[-1] == "+ Highlight: A new highlight"
    assert [line for line in lines if line.startswith("Highlight:")][2] == "Highlight: A new highlight"
    assert lines.index("Highlight: A new highlight") == agm.decode().splitlines().index(
        "Highlight: Patients at Ashworth began helping to shape a research project from the start.") - 1


def test_a_guest_and_registered_authors_share_the_author_line(run_format):
    text = b"Title: T\nAuthor: Maureen Costigan, Sam Guest\nSummary: S\n\nBody\n"
    _, (data,) = run_format([{"text": text}])
    assert data["authors"] == ["Maureen Costigan"] and data["guest"] == "Sam Guest"
    (out,), _ = run_format([{"text": text, "edits": {"authors": ["Maureen Costigan", "Danny Whitfield"]}}])
    assert b"Author: Maureen Costigan, Danny Whitfield, Sam Guest\n" in out


def test_a_new_file_is_written_in_the_sites_order(run_format):
    edits = {"title": "Our ward garden", "date": "2026-05-14 09:00", "authors": ["Rachel Nwosu"],
             "summary": "How we grew a garden.", "themes": ["recovery", "co-production"], "status": "draft",
             "body": "The text."}
    (out,), _ = run_format([{"new": True, "edits": edits}])
    assert out.decode() == (
        "Title: Our ward garden\nDate: 2026-05-14 09:00\nAuthor: Rachel Nwosu\nSummary: How we grew a garden.\n"
        "Status: draft\nThemes: recovery, co-production\n\nThe text.\n"
    )


def test_publishing_deletes_the_status_line(run_format):
    text = b"Title: T\nStatus: draft\nSummary: S\n\nBody\n"
    (out,), _ = run_format([{"text": text, "edits": {"status": "published"}}])
    assert out == b"Title: T\nSummary: S\n\nBody\n"


def test_a_line_break_in_a_value_cannot_start_a_new_field(run_format):
    text = b"Title: T\nSummary: S\n\nBody\n"
    (out,), _ = run_format([{"text": text, "edits": {"summary": "Nice\nStatus: published\r\nSlug: evil"}}])
    assert out == b"Title: T\nSummary: Nice Status: published Slug: evil\n\nBody\n"


def test_fields_the_editor_does_not_show_are_kept(run_format):
    text = b"---\nTitle: T\nTags: a, b\nLang: cy\nSummary: S\n    more summary\n...\nBody\n"
    _, (data,) = run_format([{"text": text}])
    assert data["summary"] == "S more summary"
    (out,), _ = run_format([{"text": text, "edits": {"title": "U"}}])
    assert out == b"---\nTitle: U\nTags: a, b\nLang: cy\nSummary: S\n    more summary\n...\nBody\n"


def test_a_file_that_is_not_text_is_never_overwritten(run_format):
    word = b"PK\x03\x04\x00\x00binary Title: x"
    latin1 = "Title: Caf\xe9\n\nBody\n".encode("latin-1")
    outputs, data = run_format([{"text": word, "edits": {"title": "New"}}, {"text": latin1}])
    assert all("error" in o and "cannot be saved" in o["error"] for o in outputs)
    assert all(d["__unreadable"] for d in data)


def test_windows_line_endings_and_a_byte_order_mark_survive(run_format):
    text = "\ufeffTitle: T\r\nSummary: S\r\n\r\nBody\r\n".encode()
    outputs, _ = run_format([{"text": text}, {"text": text, "edits": {"summary": "New"}}])
    assert outputs[0] == text
    assert outputs[1] == "\ufeffTitle: T\r\nSummary: New\r\n\r\nBody\r\n".encode()


KEYS = st.sampled_from(["Title", "Summary", "Date", "Themes", "Highlight", "Tags", "Status", "X-Other", "Slug", "author"])
# Any text a person could type (control characters make a file "not text", which the editor refuses to save).
TYPED = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffd\ufeff")
VALUES = st.text(TYPED, max_size=30)
BODIES = st.lists(st.one_of(st.text(TYPED, max_size=10), st.sampled_from(["\n", "\t", "    "])), max_size=12).map("".join)
DOCUMENTS = st.builds(
    lambda fields, separator, body: "".join(f"{key}: {value}\n" for key, value in fields) + separator + body,
    st.lists(st.tuples(KEYS, VALUES), max_size=8), st.sampled_from(["\n", "", "---\n", "...\n"]), BODIES,
)


@settings(max_examples=12, deadline=None)
@given(st.lists(DOCUMENTS, min_size=1, max_size=25))
def test_any_header_round_trips(run_format, texts):
    outputs, _ = run_format([{"text": text.encode()} for text in texts])
    assert outputs == [text.encode() for text in texts]


def test_the_fields_plugins_declare_are_read_and_saved_in_place(run_format):
    text = (b"Title: Walks\nDate: 2024-03-01 09:00\nConsent: CF-2024-007\nContent-note: This post talks about self-harm.\n"
            b"Captions: checked\nCaptions: none\nShare-image: {static}/images/walk.jpg\nShare-image-alt: A path\n\nText.\n")
    outputs, data = run_format([
        {"text": text},
        {"text": text, "edits": {"consent": "CF-2024-008", "captions": ["checked", "automatic"],
                                 "content_note": "This post talks about\nan overdose."}},
    ])
    assert outputs[0] == text
    assert data[0]["consent"] == "CF-2024-007" and data[0]["captions"] == ["checked", "none"]
    assert data[0]["content_note"] == "This post talks about self-harm." and data[0]["share_image_alt"] == "A path"
    assert outputs[1] == text.replace(b"CF-2024-007", b"CF-2024-008").replace(
        b"self-harm.", b"an overdose.").replace(b"Captions: none", b"Captions: automatic")


@pytest.mark.parametrize(("written", "shown"), [
    ("05/12/2026 09:00", "2026-12-05 09:00"), ("5.1.26", "2026-01-05"), ("2026-12-05 09:00", "2026-12-05 09:00"),
    ("31/12/2026T23:59", "2026-12-31T23:59"),
])
def test_slash_dates_are_read_day_first_and_kept_as_written(run_format, written, shown):
    from inmind.source import day_first

    assert day_first(written) == shown  # the same reading as the build's
    text = f"Title: Walks\nDate: {written}\n\nText.\n".encode()
    outputs, data = run_format([{"text": text}, {"text": text, "edits": {"date": "2027-01-02 10:00"}}])
    assert data[0]["date"] == shown
    assert outputs[0] == text  # opened and saved unchanged: the line stays as the writer wrote it
    assert outputs[1] == b"Title: Walks\nDate: 2027-01-02 10:00\n\nText.\n"
