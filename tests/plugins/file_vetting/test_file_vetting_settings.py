"""FILE_VETTING: one dict merged over the defaults; a wrong key or value stops the build with a message."""

from __future__ import annotations

import pytest
from file_vetting import settings

from inmind.errors import SettingsError


def test_defaults_allow_every_kind_the_vetting_knows():
    config = settings.merged({})
    assert config.kinds == frozenset(settings.KINDS) and config.max_mb == 10


@pytest.mark.parametrize(("value", "words"), [
    ({"max_size": 3}, "unknown key 'max_size'"),
    ({"kinds": ["jpeg", "html"]}, "'html', which the site cannot check"),
    ({"kinds": "jpeg"}, "must be a list of kinds"),
    ({"max_mb": 0}, "positive number"),
    ({"max_mb": True}, "positive number"),
    ({"max_unzipped_mb": "big"}, "positive number"),
    ("all", "must be a dictionary"),
])
def test_a_wrong_setting_names_the_key(value, words):
    with pytest.raises(SettingsError, match="FILE_VETTING") as caught:
        settings.merged({"FILE_VETTING": value})
    assert words in str(caught.value)
