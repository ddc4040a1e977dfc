"""SITE_SEARCH: defaults merge cleanly, and every bad value stops with a message naming its key."""

import pytest
from site_search import settings

from inmind.errors import SettingsError


def test_defaults_are_valid():
    config = settings.merged({})
    assert config == settings.SiteSearch()
    assert config.force_language == "en"
    assert config.output_dir == "pagefind"


def test_user_values_override_defaults():
    config = settings.merged({"SITE_SEARCH": {"enabled": False, "exclude": ["drafts/*", "secret/*"]}})
    assert config.enabled is False
    assert config.exclude == ("drafts/*", "secret/*")
    assert config.include == settings.SiteSearch().include


def test_unknown_key_is_named_with_a_suggestion():
    with pytest.raises(SettingsError) as caught:
        settings.merged({"SITE_SEARCH": {"enabeld": True}})
    assert "'enabeld'" in caught.value.message
    assert 'Did you mean "enabled"?' in caught.value.message
    assert "force_language" in caught.value.hint


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("enabled", "yes"),
        ("output_dir", ""),
        ("output_dir", "/var/www/pagefind"),
        ("output_dir", "../pagefind"),
        ("page_save_as", None),
        ("page_save_as", "../search.html"),
        ("page_template", ""),
        ("include", "*.html"),
        ("include", ["*.html", ""]),
        ("exclude", [3]),
        ("exclude_selectors", ".app-nav"),
        ("filters", None),
        ("force_language", "English"),
        ("force_language", "EN"),
        ("types", ["article"]),
        ("types", {"article": ""}),
    ],
)
def test_bad_values_name_their_key(key, value):
    with pytest.raises(SettingsError) as caught:
        settings.merged({"SITE_SEARCH": {key: value}})
    assert f"SITE_SEARCH[{key!r}]" in caught.value.message


@pytest.mark.parametrize("value", [None, "en", "cy"])
def test_force_language_accepts_a_code_or_none(value):
    assert settings.merged({"SITE_SEARCH": {"force_language": value}}).force_language == value


def test_empty_page_save_as_means_no_search_page():
    assert settings.merged({"SITE_SEARCH": {"page_save_as": ""}}).page_save_as == ""


def test_setting_must_be_a_dict():
    with pytest.raises(SettingsError, match="SITE_SEARCH must be a dictionary"):
        settings.merged({"SITE_SEARCH": ["enabled"]})


def test_a_bad_setting_fails_the_build_with_its_key(build_site):
    site = build_site({}, SITE_SEARCH={"output_folder": "search-index"})
    assert site.status == 1
    assert "SITE_SEARCH has an unknown key 'output_folder'" in site.messages
    assert "Traceback" not in site.messages
