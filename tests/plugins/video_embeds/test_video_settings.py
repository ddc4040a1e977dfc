"""The VIDEO_EMBEDS setting: a typed object, checked once, with today's messages for each wrong value."""

import dataclasses

import pytest
from video_embeds import captions, settings

from inmind import typed_settings
from inmind.errors import SettingsError


def test_defaults_and_forgiven_slashes():
    config = settings.merged({"VIDEO_EMBEDS": {"transcript_dir": "/words/", "transcript_required": "error"}})
    assert (config.transcript_dir, config.transcript_required) == ("words", "error")
    # The note under a video whose file says nothing about captions is the captions module's one sentence.
    assert settings.merged({}).captions_note == captions.sentence(None)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"transcript_required": "sometimes"},
         "VIDEO_EMBEDS['transcript_required'] must be \"warning\" or \"error\", not 'sometimes'"),
        ({"transcript_required": "eror"}, 'Did you mean "error"?'),
        ({"transcript_dir": ""}, "VIDEO_EMBEDS['transcript_dir'] must be a non-empty text, not ''"),
        ({"captions_note": ["x"]}, "VIDEO_EMBEDS['captions_note'] must be a non-empty text, not ['x']"),
        ({"captions": "x"}, "VIDEO_EMBEDS has an unknown key 'captions'"),
    ],
)
def test_a_wrong_value_is_named_with_its_key(value, words):
    with pytest.raises(SettingsError) as raised:
        settings.merged({"VIDEO_EMBEDS": value})
    assert words in raised.value.message


def test_checked_once_per_settings_object():
    typed_settings.forget()
    pelican_settings = {"VIDEO_EMBEDS": {"transcript_required": "error"}}
    for _ in range(50):
        settings.merged(pelican_settings)
    assert typed_settings.VALIDATED["VIDEO_EMBEDS"] == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.merged(pelican_settings).transcript_dir = "x"
