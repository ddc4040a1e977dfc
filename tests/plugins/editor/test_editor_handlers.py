"""The editor's receivers: a site that enables the editor without the plugin it is filled from stops plainly."""

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
