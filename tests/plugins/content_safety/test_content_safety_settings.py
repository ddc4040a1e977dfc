"""CONTENT_SAFETY: merged over its defaults, and a clear error for anything that would weaken it."""

import pytest
from content_safety import settings

from inmind.errors import SettingsError


def test_defaults_apply_when_the_setting_is_absent():
    assert settings.merged({}) == settings.ContentSafety()


def test_a_partial_setting_keeps_the_other_defaults():
    config = settings.merged({"CONTENT_SAFETY": {"extra_tags": ["address"]}})
    assert config.extra_tags == ("address",)
    assert config.url_schemes == settings.ContentSafety().url_schemes


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("strict", "CONTENT_SAFETY must be a dictionary"),
        ({"extra_tag": ["kbd"]}, "CONTENT_SAFETY has an unknown key 'extra_tag'"),
        ({"extra_tags": "kbd"}, "CONTENT_SAFETY['extra_tags'] must be a list of non-empty strings"),
        ({"extra_tags": ["Script"]}, "CONTENT_SAFETY['extra_tags'] cannot allow <script>"),
        ({"extra_tags": ["form"]}, "CONTENT_SAFETY['extra_tags'] cannot allow <form>"),
        ({"extra_attributes": {"p": ["onClick"]}}, "CONTENT_SAFETY['extra_attributes'] cannot allow 'onClick'"),
        ({"extra_attributes": {"p": ["style"]}}, "CONTENT_SAFETY['extra_attributes'] cannot allow 'style'"),
        ({"extra_attributes": ["lang"]}, "must map an element name to a list of attribute names"),
        ({"class_patterns": ["app-("]}, "CONTENT_SAFETY['class_patterns'] has a broken pattern 'app-('"),
        ({"link_rel": 1}, "CONTENT_SAFETY['link_rel'] must be a string"),
    ],
)
def test_a_wrong_setting_names_the_key(value, message):
    with pytest.raises(SettingsError) as caught:
        settings.merged({"CONTENT_SAFETY": value})
    assert message in caught.value.message
