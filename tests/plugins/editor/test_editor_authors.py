"""The hosted editor's public config.json names only writers the published site already shows."""

from __future__ import annotations

import json

import pytest

SITE_URL = "https://inmind.example.org"

AUTHORS = """\
[[author]]
name = "Communications Team"
slug = "communications-team"
roles = ["Writer"]
role_group = "staff"

[[author]]
name = "A carer"
slug = "a-carer"
roles = ["Writer"]
role_group = "carer"
anonymous = true

[[author]]
name = "Wren <b>Ashdown</b> &amp; Co"
slug = "wren-ashdown"
roles = ["Writer"]
role_group = "volunteer"

[[author]]
name = "Hal Quennell"
slug = "hal-quennell"
roles = ["Writer"]
role_group = "partner"

[[author]]
name = "Ivo Penhallow"
slug = "ivo-penhallow"
roles = ["Writer"]
role_group = "staff"
"""


def post(title, author, extra=""):
    slug = title.lower().replace(" ", "-")
    return (f"Title: {title}\nDate: 2021-03-04 10:00\nAuthor: {author}\nSlug: {slug}\n{extra}"
            f"Consent: CF-2021-001\nSummary: A short piece.\n\nSome words.\n")


AGM = ("Title: Annual General Meeting 2021\nDate: 2021-09-25 14:00\nAuthor: Communications Team\n"
       "Summary: What happened.\nVenue: Town Hall\n\nThe meeting was held.\n")

FILES = {
    "authors.toml": AUTHORS,
    "agm/2021.md": AGM,  # the Communications Team's only listed writing is an AGM summary
    "blog/2021/carer.md": post("A carers day", "A carer"),
    "blog/2021/wren.md": post("First steps", "Wren <b>Ashdown</b> &amp; Co", "Status: draft\n"),
    "blog/2021/hal.md": post("Quiet notes", "Hal Quennell", "Status: hidden\n"),
}


def _authors(site):
    text = (site.output / "admin/config.json").read_text(encoding="utf-8")
    config = json.loads(text)
    blog = next(c for c in config["cms"]["collections"] if c["name"] == "blog")
    options = next(f for f in blog["fields"] if f["name"] == "authors")["options"]
    assert options == config["format"]["authors"]
    return options, text


@pytest.fixture
def published(build_site, monkeypatch, tmp_path):
    names = tmp_path / "names.toml"
    names.write_text('[a-carer]\nreal_name = "Morwenna Trelawny-Pascoe"\n', encoding="utf-8")
    monkeypatch.setenv("INMIND_PRIVATE_NAMES", str(names))
    monkeypatch.setenv("SITE_URL", SITE_URL)
    site = build_site(FILES, settings_file="publishconf.py", SITEURL=SITE_URL, FEED_DOMAIN=SITE_URL)
    assert site.status == 0, site.messages
    return site


def test_the_published_config_names_only_writers_with_a_listed_post(published):
    options, text = _authors(published)
    assert options == ["Communications Team", "A carer"]
    # An anonymous writer is named by their public name only: the editor never reads the private names file.
    for hidden in ("Morwenna", "Trelawny", "Wren", "Ashdown", "Hal Quennell", "hal-quennell", "wren-ashdown", "Ivo Penhallow"):
        assert hidden not in text, hidden


def test_the_local_editor_offers_every_registered_writer(build_site):
    site = build_site(FILES)
    assert site.status == 0, site.messages
    options, _text = _authors(site)
    assert options == ["Communications Team", "A carer", "Wren <b>Ashdown</b> &amp; Co", "Hal Quennell", "Ivo Penhallow"]


def _hints(site, coll):
    config = json.loads((site.output / "admin/config.json").read_text(encoding="utf-8"))
    fields = next(c for c in config["cms"]["collections"] if c["name"] == coll)["fields"]
    return {f["name"]: f.get("hint", "") for f in fields}


def test_the_hosted_editor_says_where_the_writer_is_chosen_why_some_are_missing_and_what_to_type(published):
    # A writer whose only post is a draft is not in the hosted list: the officer is told so where they look for them.
    blog = _hints(published, "blog")
    assert blog["authors"].startswith("Only writers with a published post are listed here, because this list is public.")
    assert "type their name in 'Guest' below" in blog["authors"]
    assert "exactly as it is spelt in 'Authors and themes', 'Authors list'" in blog["guest"]
    assert "never their real name" in blog["guest"]
    # An AGM summary has no Guest box, so its hint does not send the officer to one.
    agm = _hints(published, "agm")
    assert agm["authors"].startswith("Only writers with a published post") and "Guest" not in agm["authors"]
    assert "guest" not in agm


def test_the_local_editor_lists_everyone_and_does_not_say_otherwise(build_site):
    site = build_site(FILES)
    blog, agm = _hints(site, "blog"), _hints(site, "agm")
    assert "published" not in blog["authors"] and "published" not in blog["guest"]
    assert blog["authors"] == "Choose from the authors list. Someone writing once goes in 'Guest' below instead."
    assert agm["authors"] == "Choose from the authors list."
