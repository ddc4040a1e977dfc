"""PUBLISH_EXTRAS: defaults are valid, and each bad value stops the build with a message naming its key."""

import pytest
from publish_extras import settings

from inmind.errors import SettingsError


def test_defaults_are_valid():
    assert settings.merged({}) == settings.PublishExtras()


def test_user_values_override_defaults():
    config = settings.merged({"PUBLISH_EXTRAS": {"brotli_quality": 11, "robots_disallow": ["private/"]}})
    assert config.brotli_quality == 11
    assert config.robots_disallow == ("private/",)
    assert config.immutable == settings.PublishExtras().immutable


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ({"robot": True}, "'robot'"),
        ({"robots": "yes"}, "'robots'"),
        ({"brotli_quality": 12}, "brotli_quality"),
        ({"brotli_quality": True}, "brotli_quality"),
        ({"compress_extensions": ["html"]}, "compress_extensions"),
        ({"compress_extensions": [".gz"]}, "compress_extensions"),
        ({"immutable": "theme/css"}, "immutable"),
        ({"headers": {"Cache-Control": "no-store"}}, "Cache-Control"),
        ({"headers": {"Content-Security-Policy": "default-src *"}}, "Content-Security-Policy"),
        ({"headers": {"Referrer-Policy": "no-referrer"}}, "Referrer-Policy"),
        ({"headers": {"X-Bad": "a\nb"}}, "X-Bad"),
        ({"default_cache": ""}, "default_cache"),
        ({"max_rules": 2}, "max_rules"),
    ],
)
def test_bad_values_name_the_key(value, named):
    with pytest.raises(SettingsError, match="PUBLISH_EXTRAS") as error:
        settings.merged({"PUBLISH_EXTRAS": value})
    assert named in str(error.value)


def test_not_a_dict():
    with pytest.raises(SettingsError, match="must be a dictionary"):
        settings.merged({"PUBLISH_EXTRAS": ["robots"]})


@pytest.mark.parametrize("url", ["", "/", "inmind.example.nhs.uk", "//inmind.example.nhs.uk"])
def test_site_url_must_be_absolute(url):
    with pytest.raises(SettingsError, match="SITE_URL"):
        settings.site_url({"SITEURL": url})


def test_site_url_loses_its_trailing_slash():
    assert settings.site_url({"SITEURL": "https://org.github.io/inmind/"}) == "https://org.github.io/inmind"
