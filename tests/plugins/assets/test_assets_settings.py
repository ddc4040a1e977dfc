"""ASSETS: a typed setting over its defaults; bundles stay inside the output and each wrong value is named."""

import pytest
from assets import settings

from inmind.errors import SettingsError


def test_defaults_bundle_the_theme_files():
    config = settings.merged({})
    assert config.bundles["css/site.css"][0] == "css/tokens.css" and config.hash is False


def test_user_values_override_defaults():
    config = settings.merged({"ASSETS": {"hash": True, "bundles": {"js/a.js": ["js/a.js"]}}})
    assert config.hash is True and config.bundles == {"js/a.js": ("js/a.js",)}


@pytest.mark.parametrize(("value", "words"), [
    ({"hash": "yes"}, "ASSETS['hash'] must be True or False, not 'yes'"),
    ({"bundles": ["css/site.css"]}, "ASSETS['bundles'] must map a bundle name to a list of source files"),
    ({"bundles": {"css/site.css": "css/base.css"}}, "ASSETS['bundles'] must map a bundle name to a list of source files"),
    ({"bundles": {"../../etc/x.css": ["css/base.css"]}}, "ASSETS['bundles'] must map a bundle name"),
    ({"output_dir": "/var/www"}, "ASSETS['output_dir'] must be a path inside the output folder, not '/var/www'"),
    ({"source": "../elsewhere"}, "ASSETS['source'] must be a path inside the theme folder"),
    ({"hsh": True}, "ASSETS has an unknown key 'hsh'. Did you mean \"hash\"?"),
])
def test_a_wrong_value_is_named(value, words):
    with pytest.raises(SettingsError) as caught:
        settings.merged({"ASSETS": value})
    assert words in caught.value.message
