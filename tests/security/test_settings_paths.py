"""A setting that names a file or folder keeps it inside the output (or content) folder: anything else is a SettingsError."""

from __future__ import annotations

import pytest
from agm import settings as agm_settings
from conftest import write_files
from publish_extras import settings as extras_settings
from video_embeds import settings as video_settings

from inmind.errors import SettingsError

ESCAPES = ["../escape.txt", "/tmp/escape.txt", "agm/../../escape.txt", "agm/\x00x.txt", "a\\..\\b.txt", ""]
FIELDS = [
    (agm_settings, "AGM", "calendar_save_as"),
    (agm_settings, "AGM", "hub_save_as"),
    (agm_settings, "AGM", "feed_atom"),
    (agm_settings, "AGM", "save_as"),
    (agm_settings, "AGM", "next_file"),
    (agm_settings, "AGM", "path"),
    (video_settings, "VIDEO_EMBEDS", "transcript_dir"),
    (extras_settings, "PUBLISH_EXTRAS", "sitemap"),
    (extras_settings, "PUBLISH_EXTRAS", "headers_file"),
]


@pytest.mark.parametrize("value", ESCAPES)
@pytest.mark.parametrize(("module", "name", "key"), FIELDS, ids=[f"{n}-{k}" for _m, n, k in FIELDS])
def test_a_path_setting_that_leaves_its_folder_is_refused_in_words(module, name, key, value):
    if key == "save_as" and value:
        value = value.replace(".txt", "-{date:%Y}.txt")
    if key in ("path", "transcript_dir") and value.startswith("/"):  # a folder's slashes at either end are forgiven: it stays inside
        assert getattr(module.merged({name: {key: value}}), key) == value.strip("/")
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


PLUGINS = ["agm", "article_extras", "assets", "content_safety", "coproduction", "editor", "file_vetting", "pictures",
           "publish_extras", "safeguarding", "scheduling", "share_cards", "site_search", "video_embeds"]
ODD = [None, "", "\x00", "../..", "/etc/passwd", 10**400, -(10**400), 2**64, float("nan"), float("inf"), -1, True,
       [], {}, ["\x00"], {"\x00": 1}, "x" * 100_000, b"bytes", object()]


def _kinds():
    import dataclasses
    import importlib

    from inmind import check_settings

    yield check_settings, check_settings.Checks
    for name in PLUGINS:
        module = importlib.import_module(f"{name}.settings")
        for kind in vars(module).values():
            if isinstance(kind, type) and dataclasses.is_dataclass(kind) and hasattr(kind, "NAME"):
                yield module, kind


@pytest.mark.parametrize(("module", "kind"), list(_kinds()), ids=lambda v: getattr(v, "NAME", ""))
def test_every_field_takes_an_odd_value_or_refuses_it_in_words_never_with_a_traceback(module, kind):
    import dataclasses

    faults = []
    for field in dataclasses.fields(kind):
        for value in ODD:
            try:
                module.merged({kind.NAME: {field.name: value}})
            except SettingsError as error:
                assert f"{kind.NAME}['{field.name}']" in str(error)
            except Exception as error:  # noqa: BLE001 - what the test looks for
                faults.append(f"{field.name}={value!r:.30}: {error!r}")
    assert not faults


def test_a_font_that_is_not_a_font_is_named_as_a_setting_not_a_fault(build_site, tmp_path):
    not_a_font = tmp_path / "font.ttf"
    not_a_font.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    site = build_site({"blog/2019/a.md": "Title: A post\nDate: 2019-05-01 09:00\nAuthor: Communications Team\n"
                       "Summary: A summary.\n\nText.\n"}, SHARE_CARDS={"font": str(not_a_font)})
    assert site.status == 1
    assert f"the font for share cards cannot be read: {not_a_font}" in site.messages
    assert "fault in the site's code" not in site.messages


POST = "Title: A post\nDate: 2019-05-01 09:00\nAuthor: Communications Team\nSummary: A summary.\n\nText.\n"


@pytest.mark.parametrize("contacts", ["{tmp}/nowhere/crisis_contacts.toml", "{tmp}", "missing-contacts.toml"])
def test_a_crisis_contacts_file_that_does_not_exist_stops_the_build_in_words_and_keeps_the_last_good_site(
        build_site, tmp_path, contacts):
    write_files(tmp_path / "output", {"index.html": "the last good build"})
    site = build_site({"blog/2019/a.md": POST}, SAFEGUARDING={"contacts": contacts.format(tmp=tmp_path)})
    assert site.status == 1
    assert "SAFEGUARDING['contacts'] must name an existing file, but " in site.messages
    assert "hint: write the file's path from the project folder" in site.messages
    assert "Traceback" not in site.messages and "fault in the site's code" not in site.messages
    assert (tmp_path / "output" / "index.html").read_text() == "the last good build"


PACKAGE_ESCAPES = ["/etc", "/tmp/decap", "../decap/dist", "node_modules/../content/images", "content/images", "",
                   "node_modules", "node_modules/", "./node_modules/decap-cms/dist", "node_modules/./x",
                   "node_modules\\..\\x", "node_modules/x\x00", "~/decap", 7, None, ["node_modules/x"]]


@pytest.mark.parametrize("value", PACKAGE_ESCAPES, ids=repr)
def test_the_editor_package_folder_stays_inside_node_modules(value):
    from editor import settings as editor_settings

    with pytest.raises(SettingsError) as caught:
        editor_settings.merged({"EDITOR": {"package_dir": value}})
    assert caught.value.message.startswith("EDITOR['package_dir'] must be a folder inside node_modules/ (the npm "
                                           "packages pinned in package-lock.json), not ")
    assert "leave package_dir out" in caught.value.hint


def test_a_link_inside_node_modules_is_judged_by_where_it_leads(tmp_path, monkeypatch):
    from editor import settings as editor_settings

    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "node_modules/decap-cms").mkdir(parents=True)
    (tmp_path / "node_modules/decap-cms/dist").mkdir()
    (tmp_path / "node_modules/evil").symlink_to(tmp_path / "elsewhere")
    monkeypatch.setattr(editor_settings, "PROJECT", tmp_path)
    with pytest.raises(SettingsError, match=r"EDITOR\['package_dir'\] must be a folder inside node_modules/"):
        editor_settings.merged({"EDITOR": {"package_dir": "node_modules/evil"}})
    assert editor_settings.merged({"EDITOR": {"package_dir": "node_modules/decap-cms/dist"}}).package_dir \
        == "node_modules/decap-cms/dist"


def test_an_editor_package_folder_of_ones_own_stops_the_build_and_keeps_the_last_good_site(build_site, tmp_path):
    write_files(tmp_path / "output", {"index.html": "the last good build"})
    write_files(tmp_path / "mine", {"decap-cms.js": "alert('PAYLOAD-decap-7Q')"})
    site = build_site({"blog/2019/a.md": POST}, EDITOR={"package_dir": str(tmp_path / "mine")})
    assert site.status == 1
    assert "EDITOR['package_dir'] must be a folder inside node_modules/" in site.messages
    assert "Traceback" not in site.messages
    assert (tmp_path / "output" / "index.html").read_text() == "the last good build"
