"""An address Python cannot take apart, written anywhere a post or AGM page has one, is the writer's mistake at its line.

A host in brackets that is no IPv6 address ("https://[zz]/"), a bracket left open ("https://[bad") or a letter that
NFKC turns into "#" make ``urlsplit`` raise ValueError. Unguarded, each stopped a check ("[plugin-fault]", "the
checks stopped on this file") or, with the checker clean, the build ("Could not process ...").
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import NEXT_AGM, ROOT
from file_vetting import links
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_sources import _check

from inmind import urls

HEAD = "Title: Post {name}\nDate: 2026-01-01\nAuthor: Joe Rafferty\nSummary: A post.\nConsent: CF-2026-001\n"
UNUSABLE = "is not a web address the site can use"
# Another site's picture and a [video: ...] line are named by their own checks, in their own words.
BODIES = {
    "link-host": ("[the page](//[zz]/)", UNUSABLE),
    "link-https": ("[the page](https://[zz]/)", UNUSABLE),
    "link-nfkc": ("[the page](https://ex\uff03ample@x/)", UNUSABLE),
    "link-port": ("[the page](https://www.example.org:99999/)", UNUSABLE),
    "link-backslash": ("[the page](https:\\\\[zz]\\a.pdf)", UNUSABLE),
    "link-reference": ("[the page][p]\n\n[p]: https://[zz]/", UNUSABLE),
    "static": ("[the report]({static}//[zz]/a.pdf)", UNUSABLE),
    "static-raw": ('<a href="{static}//[zz]/a.pdf">the report</a>', UNUSABLE),
    "attach": ("[the report]({attach}//[zz]/a.pdf)", UNUSABLE),
    "filename": ("[a post]({filename}//[zz]/a.md)", UNUSABLE),
    "tag": ("[the tag]({tag}//[zz])", UNUSABLE),
    "picture-static": ("![a garden]({static}//[zz]/a.png)", UNUSABLE),
    "picture-host": ("![a garden](//[zz]/a.png)", "picture from another site"),
    "picture-open": ("![a garden](https://[bad/a.png)", "picture from another site"),
    "picture-raw": ('<img src="https://[zz]/" alt="x">', "picture from another site"),
    "picture-raw-space": ('<img src=" //[zz]/a.png" alt="x">', "picture from another site"),
}


def _summary(year, field, value):
    """Return a copy of the 2019 meeting's summary for ``year`` with ``field`` (Minutes:, Annual-report:) set."""
    text = (ROOT / "content" / "agm" / "2019.md").read_text(encoding="utf-8").replace("2019", str(year))
    lines = text.split("\n")
    line = next(n for n, each in enumerate(lines, 1) if each.startswith(f"{field}: "))
    lines[line - 1] = f"{field}: {value}"
    return "\n".join(lines), line


def sources():
    """Return ``{path: (text, line of the address, words said there)}`` for every place an address is written."""
    made = {f"blog/{name}.md": (HEAD.format(name=name) + f"\nWords here. {body}\n", 7, said)
            for name, (body, said) in BODIES.items()}
    made["blog/video.md"] = (HEAD.format(name="video") + "\n[video: A talk | 1:00](https://[zz]/)\n\nWords.\n", 7,
                             f'this video link cannot be used: the address "https://[zz]/" {UNUSABLE}')
    for year, field in ((2024, "Minutes"), (2025, "Annual-report")):
        made[f"agm/{year}.md"] = (*_summary(year, field, "https://[zz]/"), UNUSABLE)
    made["agm/next.md"] = (NEXT_AGM.replace("https://meet.example.nhs.uk/agm-2031", "https://[bad"), 7, UNUSABLE)
    return made


def test_an_unsplittable_address_is_an_error_at_its_line_in_check_and_build(build_site):
    made = sources()
    site = build_site({rel: text for rel, (text, _, _) in made.items()})
    assert site.status != 0
    for said in (site.messages, "\n".join(p.format() for p in _check(site.content, "pelicanconf.py"))):
        for fault in ("fault in the site's code", "stopped", "Could not process", "Traceback", "ValueError"):
            assert fault not in said, said
        for rel, (_, line, words) in made.items():
            at = f"{rel}:{line}: error: "
            assert at in said and words in said.split(at, 1)[1].split("\n", 1)[0], (rel, said[-3000:])


def test_an_address_python_can_take_apart_still_builds(build_site):
    body = "[the report](https://[2001:db8::1]:8080/a.pdf), [the page](//www.nhs.uk/) and [the PDF](https://www.nhs.uk/a.pdf)"
    site = build_site({"blog/fine.md": HEAD.format(name="fine") + f"\nWords here: {body}.\n"})
    assert site.status == 0, site.messages
    assert "(PDF)" in site.path("blog/2026/post-fine/index.html").read_text(encoding="utf-8")


def test_the_build_labels_links_without_taking_an_unsplittable_address_apart(tmp_path):
    # The build labels document links ("PDF, 2 MB") while Pelican reads: there "//[zz]/" was "Could not process".
    body = '<a href="//[zz]/a.pdf">the report</a> <a href="https://[bad/b.docx">minutes</a>'
    assert links.label(body, lambda address: 1024) == body
    assert links.linked_file("{static}//[zz]/a.pdf", "blog") is None
    assert links.is_external("https://[zz]/") is False
    assert links.document_type("https://www.example.org/a.pdf")[0] == "PDF"


@pytest.mark.parametrize("address", ["https://[zz]/", "https://[bad", "//[zz]/a.png", "https://ex\uff03ample@x/",
                                     "https://www.example.org:abc/", "https://www.example.org:99999/", "http://a]b/"])
def test_an_address_python_cannot_take_apart_is_refused_in_words(address):
    assert urls.split(address) is None and urls.path_of(address) == "" and urls.host_of(address) == ""
    assert not urls.is_safe_url(address)
    assert urls.url_problem(address) in (urls.unusable(address), "an address starting with // leaves the site "
                                         "without saying how; write https:// in full")


# Letters that are, or that NFKC turns into, the parts urlsplit looks at.
PIECES = st.text(alphabet=st.sampled_from("az09.:/?#@[]%\\ \t\uff03\uff0f\uff1a\uff20\u2100\ufe6b"), max_size=30)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), PIECES, PIECES.map(lambda s: "https://" + s), PIECES.map(lambda s: "//" + s)))
@example("https://[zz]/")
@example("https://[::1]:8080/a")
def test_splitting_never_raises_and_splits_as_python_does_when_it_can(address):
    parts = urls.split(address)
    if parts is not None:
        assert parts == urlsplit(address) and (parts.port is None or 0 <= parts.port <= 65535)
        assert urls.path_of(address) == parts.path and urls.host_of(address) == (parts.hostname or "")
    urls.url_problem(address)
    links.note(address, lambda found: 1024)
    links.linked_file("{static}" + address, "blog")


HOSTS = st.lists(st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True), min_size=2, max_size=4)
PATHS = st.lists(st.from_regex(r"[A-Za-z0-9._~-]{1,12}", fullmatch=True), max_size=4)


@settings(max_examples=200, deadline=None)
@given(HOSTS, PATHS, st.sampled_from(["", "?page=2", "#top", "?a=1&b=2#x"]))
def test_a_plain_https_address_still_splits_the_same(host, path, rest):
    address = f"https://{'.'.join(host)}/{'/'.join(path)}{rest}"
    assert urls.split(address) == urlsplit(address)
    assert urls.host_of(address) == ".".join(host) and urls.url_problem(address) is None
