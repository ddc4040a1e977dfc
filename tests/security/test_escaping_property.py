"""Property: whatever text fills every metadata field of a post, an AGM summary and an author, every output
file has exactly the element structure it has with plain words, and nothing in it can run or redirect."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run_build, write_files
from escaping_tools import Page, assert_output_harmless, plugins_without_editor, read_bytes, site_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Pieces that have broken HTML, XML, JSON or Markdown somewhere; hypothesis joins them with odd characters.
FRAGMENTS = [
    "<", ">", "&", '"', "'", "`", "/", "\\", "=", ";", ":", "<!--", "-->", "]]>", "<![CDATA[", "</script>",
    "<script>", "</title>", "</textarea>", "<style>", "<base href=//x.example/>", "<img src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=https://x.example/">', "&lt;", "&gt;", "&amp;", "&#60;", "&#x3C;",
    "&#0;", "&quot;", "&nbsp;", "&bogus;", "{static}", "{filename}", "[a](javascript:x)", "*", "_", "#", "|",
    "\t", "\x1b", "\x85", "\u200b", "\u200d", "\u202e", "\u2028", "\ufeff", "\u0301", "\U0001f331", "ﬁ", "Å",
    "%00", "\\u003c", "${x}", "{{ x }}", "{% x %}",
]
CONTROLS = set("\x1b\x85")
hostile = (
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="xyzXYZ 0-.,", max_size=4)), min_size=1, max_size=8)
    .map(lambda parts: "Q " + "".join(parts))  # a letter first, so no field is empty
    .filter(lambda value: sum(c in CONTROLS for c in value) <= 1)  # the checker calls a file with many controls binary
)
PLAIN = "Plain words"
# A role's page address is made from the role's name; the hostile role gets another (safe) slug.
ROLE_PAGE = re.compile(r"^roles/(?!peer-worker/)[a-z0-9-]+/")
NO_TITLE_CHECK = {"CHECKS": {"severity": {"title-html": "off"}}, "PLUGINS": plugins_without_editor("publishconf.py")}


def files_with(values):
    """Return a tiny site with every metadata field of a post, an AGM summary and an author set from ``values``."""
    post = [("Title", values[0]), ("Summary", values[1]), ("Series", values[2]), ("Auto-themes", "off")]
    agm = [
        ("Title", values[3]), ("Summary", values[4]), ("Venue", values[5]), ("Highlight", values[6]),
        ("Highlight", values[7]), ("Annual-report", "https://www.example.org/report.pdf"),
        ("Annual-report-title", values[8]), ("Auto-themes", "off"),
    ]
    # The name must match the post's Author: line exactly, which loses control characters on reading.
    name = "".join(c for c in values[9] if c not in CONTROLS and c != ",").strip() or "Q"
    author = {"name": f"Sam {name}", "bio": values[10], "roles": [values[11], "Peer worker"]}
    return site_files(post=post, agm=agm, author=author)


def structure(output: Path):
    """Return each output file's element structure: the tag names of every page and feed, by file name."""
    shapes = {}
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        rel = ROLE_PAGE.sub("roles/ROLE/", path.relative_to(output).as_posix())
        name = rel.removesuffix(".gz").removesuffix(".br")
        if rel.startswith(("pagefind/", "share-cards/")):
            # The index's and the share cards' file names are hashes of what they hold; count them instead.
            folder = rel.split("/", 1)[0] + "/"
            shapes[folder] = shapes.get(folder, 0) + 1
        elif name.endswith(".html"):
            shapes[rel] = Page(read_bytes(path).decode("utf-8")).names
        elif name.endswith(".xml"):
            root = ET.fromstring(read_bytes(path))
            html = [Page(e.text or "").names for e in root.iter() if e.get("type") == "html"]
            shapes[rel] = ([e.tag for e in root.iter()], html)
        else:
            shapes[rel] = None  # present in both: images, styles, scripts, the search index
    return shapes


_counter = itertools.count()


def build(tmp_root: Path, files):
    base = tmp_root / f"site-{next(_counter)}"
    content = base / "content"
    content.mkdir(parents=True)
    for name in ("themes.toml",):
        (content / name).write_text((Path(__file__).resolve().parents[2] / "content" / name).read_text("utf-8"), "utf-8")
    write_files(content, files)
    return run_build(content, base / "output", "publishconf.py", **NO_TITLE_CHECK)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("escaping-property")


@pytest.fixture(scope="module")
def plain(workdir):
    site = build(workdir, files_with([PLAIN] * 12))
    assert site.status == 0, site.messages
    return structure(site.output)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(hostile, min_size=12, max_size=12))
def test_hostile_metadata_never_changes_the_structure(workdir, plain, values):
    site = build(workdir, files_with(values))
    assert site.status == 0, site.messages
    assert "Traceback" not in site.messages
    assert_output_harmless(site.output)
    shapes = structure(site.output)
    assert sorted(shapes) == sorted(plain), "the hostile build wrote other files"
    for rel, shape in plain.items():
        assert shapes[rel] == shape, f"{rel}: the element structure changed"
