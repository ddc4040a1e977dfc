"""A problem's words never quote an anonymous writer's real name: they reach the terminal, CI logs, pull-request
annotations, the dev server's panel and the editor's. The real-name check names the line without quoting it, but
other checks quoted the value they refused ('unknown theme "philippa-marchbanks-oduya"') in full."""

from __future__ import annotations

import json
import logging

import pytest
from conftest import ROOT, SAMPLE_REAL_NAME
from coproduction.privacy import normalise

from inmind import check

SURNAME = normalise(SAMPLE_REAL_NAME).split()[1]
SLUG = "-".join(normalise(SAMPLE_REAL_NAME).split())
# (field lines, body): each value is refused by another check too, whose message used to quote it.
CASES = {
    "theme": (f"Themes: {SLUG}\n", ""),
    "series-index": (f"Series: In Mind\nSeries_index: {SAMPLE_REAL_NAME}\n", ""),
    "status": (f"Status: {SAMPLE_REAL_NAME}\n", ""),
    "consent": (f"Consent: {SAMPLE_REAL_NAME}\n", ""),
    "captions": (f"Captions: {SAMPLE_REAL_NAME}\n", ""),
    "transcript": (f"Transcript: transcripts/{SLUG}.md\n", ""),
    "share-image": (f"Share-image: {{static}}/images/{SLUG}.png\nShare-image-alt: A picture\n", ""),
    "slug": (f"Slug: {SAMPLE_REAL_NAME.replace(' ', '_')}\n", ""),
    "language": (f"Lang: {SAMPLE_REAL_NAME}\n", ""),
    "link": ("", f"Read [the other post]({{filename}}/blog/{SLUG}.md).\n"),
    "role-group": ("Author-role: Peer worker\nRole-group: " + SAMPLE_REAL_NAME + "\n", ""),
}


def _post(fields, body):
    author = "Sam Guest" if "Role-group" in fields else "Communications Team"
    return (f"Title: A post\nDate: 2018-01-02 10:00\nAuthor: {author}\nSummary: A plain summary.\n{fields}\n"
            f"Some plain words.\n{body}")


def _assert_withheld(text):
    assert SURNAME not in normalise(text), text


@pytest.mark.parametrize("case", list(CASES))
def test_no_message_of_check_or_build_quotes_a_real_name(build_site, case, capsys):
    site = build_site({"blog/2018/a.md": _post(*CASES[case])})
    assert site.status == 1
    _assert_withheld(site.messages)
    assert 'the real name of the anonymous author "A carer"' in site.messages
    # Every other problem of that line is still there, in words that withhold the name.
    assert len([line for line in site.messages.splitlines() if "a.md:" in line]) >= 2, site.messages
    for fmt in ("text", "github", "json"):
        status = _check_main(["--path", str(site.content), "--format", fmt, "--settings", str(ROOT / "pelicanconf.py")])
        out = capsys.readouterr()
        assert status == 1
        _assert_withheld(out.out + out.err)
    problems = check.file_problems({**_settings(site.content)}, "blog/2018/a.md")
    assert len(problems) >= 2
    _assert_withheld(json.dumps(problems))


def _check_main(argv):
    # invoke check quietens the root logger for its process; the builds of later tests need their warnings.
    level = logging.getLogger().level
    try:
        return check.main(argv)
    finally:
        logging.getLogger().setLevel(level)


def _settings(content):
    from inmind.build import load_settings

    return load_settings(ROOT / "pelicanconf.py", {"PATH": str(content)})


def test_a_message_without_a_real_name_is_left_as_it_was(build_site):
    site = build_site({"blog/2018/a.md": _post("Themes: gardenz\n", "")})
    assert 'unknown theme "gardenz" in Themes.' in site.messages

