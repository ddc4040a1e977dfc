"""A setting that names a file or folder keeps it inside the output (or content) folder: anything else is a SettingsError."""

from __future__ import annotations

import pytest
from agm import settings as agm_settings
from conftest import write_files
from publish_extras import settings as extras_settings

from inmind.errors import SettingsError

ESCAPES = ["../escape.txt", "/tmp/escape.txt", "agm/../../escape.txt", "agm/\x00x.txt", "a\\..\\b.txt", ""]
FIELDS = [
    (agm_settings, "AGM", "calendar_save_as"),
    (agm_settings, "AGM", "hub_save_as"),
    (agm_settings, "AGM", "feed_atom"),
    (agm_settings, "AGM", "save_as"),
    (agm_settings, "AGM", "next_file"),
    (agm_settings, "AGM", "path"),
    (extras_settings, "PUBLISH_EXTRAS", "sitemap"),
    (extras_settings, "PUBLISH_EXTRAS", "headers_file"),
]


@pytest.mark.parametrize("value", ESCAPES)
@pytest.mark.parametrize(("module", "name", "key"), FIELDS, ids=[f"{n}-{k}" for _m, n, k in FIELDS])
def test_a_path_setting_that_leaves_its_folder_is_refused_in_words(module, name, key, value):
    if key == "save_as" and value:
        value = value.replace(".txt", "-{date:%Y}.txt")
    if key == "path" and value.startswith("/"):  # a folder's slashes at either end are forgiven: it stays inside
        assert module.merged({name: {key: value}}).path == value.strip("/")
        return
    with pytest.raises(SettingsError) as caught:
        module.merged({name: {key: value}})
    assert f"{name}['{key}']" in str(caught.value)


def test_the_defaults_still_load():
    assert agm_settings.merged({}).calendar_save_as == "agm/next-meeting.ics"
    assert agm_settings.merged({"AGM": {"feed_atom": None}}).feed_atom is None
    assert extras_settings.merged({}).headers_file == "_headers"


def test_a_calendar_file_outside_the_output_folder_is_never_written(build_site, tmp_path):
    meeting = ("Title: AGM 2027\nDate: 2027-03-24 14:00\nEnd: 2027-03-24 16:30\nVenue: The Hall, Liverpool\n"
               "Summary: Our meeting.\n")
    write_files(tmp_path / "output", {"index.html": "the last good build"})
    site = build_site({"agm/next.md": meeting}, settings_file="publishconf.py",
                      AGM={"calendar_save_as": "../escape.ics"})
    assert site.status == 1
    assert "AGM['calendar_save_as'] must be a path inside the output folder" in site.messages
    assert "Traceback" not in site.messages and not (tmp_path / "escape.ics").exists()
    assert (tmp_path / "output" / "index.html").read_text() == "the last good build"
