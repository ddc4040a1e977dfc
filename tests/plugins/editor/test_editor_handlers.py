"""The editor's receivers: it stops plainly without the plugin it is filled from, and offers only fields the site reads."""

import json

from conftest import DEV_POST, ROOT

from inmind.build import load_settings

PLUGINS = load_settings(ROOT / "pelicanconf.py")["PLUGINS"]
WITHOUT_COPRODUCTION = [name for name in PLUGINS if name != "coproduction"]


def test_the_editor_without_the_coproduction_plugin_stops_with_what_to_do(build_site):
    site = build_site({"blog/a.md": DEV_POST}, PLUGINS=WITHOUT_COPRODUCTION)
    assert site.status != 0
    assert 'needs the "coproduction" plugin' in site.messages
    assert 'add "coproduction" to PLUGINS in pelicanconf.py' in site.messages
    assert "Traceback" not in site.messages and "ValueError" not in site.messages
    assert not (site.output / "index.html").exists()


def test_a_site_without_the_coproduction_plugin_builds_once_the_editor_is_off(build_site):
    site = build_site({"blog/a.md": DEV_POST}, PLUGINS=WITHOUT_COPRODUCTION, EDITOR={"enabled": False})
    assert site.status == 0, site.messages
    assert (site.output / "index.html").is_file()
    assert not (site.output / "admin" / "config.json").exists()


def test_a_turned_off_plugins_fields_are_not_offered_by_the_editor(build_site):
    site = build_site({"blog/a.md": DEV_POST}, PLUGINS=[name for name in PLUGINS if name not in ("video_embeds", "agm")])
    assert site.status == 0, site.messages
    editor = json.loads((site.output / "admin" / "config.json").read_text(encoding="utf-8"))
    keys = {field["key"] for field in editor["format"]["fields"]}
    boxes = {field["name"] for collection in editor["cms"]["collections"] for field in collection.get("fields", [])}
    assert "title" in keys and "themes" in keys and "themes" in boxes
    assert not {"transcript", "venue", "highlight", "captions"} & keys
    assert not {"transcript", "venue", "highlight", "captions"} & boxes
