"""The AGM setting: a typed object, checked once, with today's messages for each wrong value."""

import dataclasses

import pytest
from agm import settings

from inmind import typed_settings
from inmind.errors import SettingsError


def test_defaults_and_forgiven_slashes():
    config = settings.merged({"AGM": {"path": "/meetings/", "feed_atom": None}})
    assert (config.path, config.feed_atom, config.url, config.hub_save_as) == (
        "meetings", None, "agm/{date:%Y}/", "agm/index.html")
    assert settings.merged({}).path == "agm"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"path": "  "}, "AGM['path'] must be a non-empty text, not '  '"),
        ({"hub_url": None}, "AGM['hub_url'] must be a non-empty text, not None"),
        ({"feed_atom": 3}, "AGM['feed_atom'] must be a file path such as 'feeds/agm.atom.xml', or None, not 3"),
        ({"url": "agm/"}, "AGM['url'] must contain {date:%Y} or {slug}, or every meeting would share one page"),
        ({"save_as": "agm.html"}, "AGM['save_as'] must contain {date:%Y} or {slug}"),
        ({"today": 2031}, "AGM['today'] must be a date such as '2027-01-31 09:00', or None, not 2031"),
        ({"feed": "x.xml"}, "AGM has an unknown key 'feed'"),
        (["agm"], "AGM must be a dictionary"),
    ],
)
def test_a_wrong_value_is_named_with_its_key(value, words):
    with pytest.raises(SettingsError) as raised:
        settings.merged({"AGM": value})
    assert words in raised.value.message
    assert raised.value.hint or "must contain" not in words


def test_the_default_is_the_hint_for_an_address_that_names_one_page():
    with pytest.raises(SettingsError) as raised:
        settings.merged({"AGM": {"url": "agm/"}})
    assert raised.value.hint == "the default is 'agm/{date:%Y}/'"


def test_checked_once_per_settings_object():
    typed_settings.forget()
    pelican_settings = {"AGM": {"feed_atom": None}}
    for _ in range(50):
        settings.merged(pelican_settings)
    assert typed_settings.VALIDATED["AGM"] == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.merged(pelican_settings).path = "x"
