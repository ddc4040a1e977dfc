"""The hosted editor's public config.json names only writers the published site already shows."""

from __future__ import annotations

import json

import pytest

SITE_URL = "https://inmind.example.org"

def writer(name, slug, group, *, anonymous=False):
    """Return one writer's entry in authors.toml."""
    return (f'[[author]]\nname = "{name}"\nslug = "{slug}"\nroles = ["Writer"]\nrole_group = "{group}"\n'
            + ("anonymous = true\n" if anonymous else ""))


AUTHORS = "\n".join([
    writer("Communications Team", "communications-team", "staff"),
    writer("A carer", "a-carer", "carer", anonymous=True),
    writer("Wren <b>Ashdown</b> &amp; Co", "wren-ashdown", "volunteer"),
    writer("Hal Quennell", "hal-quennell", "partner"),
    writer("Ivo Penhallow", "ivo-penhallow", "staff"),
])


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


def _config(site):
    """Return the editor's config.json of a built site: its text, and what it says."""
    text = (site.output / "admin/config.json").read_text(encoding="utf-8")
    return text, json.loads(text)


def _fields(config, coll):
    return next(c for c in config["cms"]["collections"] if c["name"] == coll)["fields"]


def _authors(site):
    text, config = _config(site)
    options = next(f for f in _fields(config, "blog") if f["name"] == "authors")["options"]
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


@pytest.fixture
def local(build_site):
    site = build_site(FILES)
    assert site.status == 0, site.messages
    return site


def test_the_local_editor_offers_every_registered_writer(local):
    options, _text = _authors(local)
    assert options == ["Communications Team", "A carer", "Wren <b>Ashdown</b> &amp; Co", "Hal Quennell", "Ivo Penhallow"]


def _hints(site, coll):
    return {f["name"]: f.get("hint", "") for f in _fields(_config(site)[1], coll)}


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


def test_the_local_editor_lists_everyone_and_does_not_say_otherwise(local):
    blog, agm = _hints(local, "blog"), _hints(local, "agm")
    assert "published" not in blog["authors"] and "published" not in blog["guest"]
    assert blog["authors"] == "Choose from the authors list. Someone writing once goes in 'Guest' below instead."
    assert agm["authors"] == "Choose from the authors list."
