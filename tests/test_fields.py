"""The fields the site reads: every one a plugin reads is known, and a field nothing reads is named as such."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, copy_registries, write_files
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_h
from hypothesis import strategies as st

from inmind.build import load_settings
from inmind.check import check_site
from inmind.fields import INTERNAL, REPEATED, UNUSED, fields_in, folder_nouns, known_fields, label, read_only_in

# Each way the plugins read a field of a file: metadata.get("key"), source.values("key"), values_of(post, "key"), …
READS = re.compile(
    r"""\b(?:metadata|source|src|meta)\.(?:get|value|values|line)\(\s*"([a-z][a-z_-]*)"|"""
    r"""\b(?:values_of|_values)\(\s*\w+,\s*"([a-z][a-z_-]*)"|\bmetadata\["([a-z][a-z_-]*)"\]"""
)


@pytest.fixture(scope="module")
def site():
    return load_settings(ROOT / "pelicanconf.py")


def fields_read_by_plugins():
    found = {}
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        for match in READS.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(next(g for g in match.groups() if g), path.relative_to(ROOT).as_posix())
    return found


def test_every_field_a_plugin_reads_is_known(site):
    from agm.upcoming import NEXT_KEYS

    known = known_fields(site)
    read = fields_read_by_plugins()
    # The scan finds what it must, so an empty or broken pattern cannot pass.
    assert {"captions", "transcript", "content-note", "share-image-alt", "role-group", "venue", "access"} <= set(read)
    # The next meeting's own fields (End:, Online:, …) are read in that one file, which the AGM plugin checks itself.
    missing = {key: where for key, where in read.items() if key not in known and key not in NEXT_KEYS}
    assert not missing, missing


def test_the_next_meetings_own_fields_are_not_known_anywhere_else(site):
    from agm.upcoming import NEXT_KEYS

    assert {"end", "access", "online", "questions"} <= NEXT_KEYS
    assert not {"end", "access", "online", "questions"} & set(known_fields(site))


def test_every_field_the_editor_lays_out_is_known(site):
    from editor import model

    known = known_fields(site)
    assert {d["key"] for d in model.declarations(site)} <= set(known)
    assert set(model.SHOWN) <= set(known)


@pytest.mark.parametrize(("plugin", "fields"), [
    ("video_embeds", {"captions", "transcript"}),
    ("agm", {"venue", "attendance", "minutes", "highlight"}),
    ("safeguarding", {"consent", "content-note", "crisis-help"}),
    ("share_cards", {"share-image", "share-image-alt"}),
])
def test_a_plugin_that_is_not_enabled_reads_no_fields(site, plugin, fields):
    assert fields <= set(known_fields(site))
    others = [p for p in site["PLUGINS"] if p != plugin]
    assert not fields & set(known_fields({**site, "PLUGINS": others}))


def test_each_folder_lists_only_the_fields_read_there(site):
    known = known_fields(site)
    blog, agm, pages = (set(fields_in(known, folder)) for folder in ("blog", "agm", "pages"))
    assert {"Title", "Summary", "Consent", "Captions", "Share-image", "Series"} <= blog
    assert not {"Venue", "Crisis-help", "Reviewed"} & blog
    assert {"Venue", "Minutes", "Content-note", "Captions"} <= agm and "Consent" not in agm
    assert {"Crisis-help", "Review-due"} <= pages and not {"Series", "Consent", "Venue"} & pages
    # Pelican's own fields for the build's workings are never offered to a writer.
    assert not {key.capitalize() for key in INTERNAL} & (blog | agm | pages)


POST = "Title: A post\nDate: 2019-05-01 09:00\nAuthor: Communications Team\nSummary: A short summary.\n{field}\n\nText.\n"


@settings_h(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,24}", fullmatch=True),
       value=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip))
def test_any_field_nothing_reads_is_named_at_its_line(tmp_path, site, name, value):
    known = known_fields(site)
    if name.lower() in known or name.lower().startswith("-"):
        return
    content = tmp_path / f"c{abs(hash((name, value)))}"
    content.mkdir()
    copy_registries(content)
    write_files(content, {"blog/2019/a.md": POST.format(field=f"{name}: {value}")}, dedent=False)
    problems = check_site({**site, "PATH": str(content)})
    found = [p for p in problems if p.message.endswith("[field-unknown]")]
    assert [(p.line, p.severity) for p in found] == [(5, "warning")], [str(p) for p in problems]
    assert found[0].message.startswith(f'"{name}:" is not a field the site reads, so it does nothing')
    if "Did you mean" not in found[0].message:
        assert found[0].hint.startswith("delete the line, or use one of the fields the site reads in blog/: Title, ")


@pytest.mark.parametrize("folder", ["blog", "agm", "pages"])
def test_a_file_writing_every_field_its_folder_reads_has_none_named_unknown(tmp_path, site, folder):
    known = known_fields(site)
    labels = fields_in(known, folder) + [label.capitalize() for label in INTERNAL]  # written as Pelican users write them
    assert len(labels) > 15
    top = "\n".join(f"{name}: {'2019-05-01 09:00' if name in ('Date', 'Modified') else 'x'}" for name in labels)
    write_files(tmp_path, {f"{folder}/a.md": f"{top}\n\nText.\n"}, dedent=False)
    copy_registries(tmp_path)
    problems = check_site({**site, "PATH": str(tmp_path)})
    assert not [str(p) for p in problems if "[field-unknown]" in p.message]
    # The same file with one field nothing reads names that one alone, so the check above can fail.
    write_files(tmp_path, {f"{folder}/a.md": f"{top}\nByline: x\n\nText.\n"}, dedent=False)
    found = [p for p in check_site({**site, "PATH": str(tmp_path)}) if "[field-unknown]" in p.message]
    assert [p.line for p in found] == [len(labels) + 1]


@pytest.mark.parametrize("line", ["Settings: x", "settings: x", "Metadata: x", "Source_path: index.html",
                                  "Override_save_as: index.html", "Byline_x: x", "Content_note: x", "_x: x"])
def test_a_field_that_would_choose_the_pages_file_gets_one_message(tmp_path, site, line):
    write_files(tmp_path, {"blog/2019/a.md": POST.format(field=line)}, dedent=False)
    copy_registries(tmp_path)
    found = [p for p in check_site({**site, "PATH": str(tmp_path)}) if p.line == 5]
    assert [p.message.rsplit("[", 1)[-1] for p in found] == ["field-override]"], [str(p) for p in found]
    assert found[0].severity == "error" and "cannot be set in a content file" in found[0].message
    # A field nothing reads, with no part in choosing the file, is still named unknown (so the check above can fail).
    write_files(tmp_path, {"blog/2019/a.md": POST.format(field="Setting: x")}, dedent=False)
    found = [p for p in check_site({**site, "PATH": str(tmp_path)}) if p.line == 5]
    assert [p.message.rsplit("[", 1)[-1] for p in found] == ["field-unknown]"]


def _misplaced(site):
    """Return {folder: [keys read only in other folders]}, from what the plugins declare (so no field is missed)."""
    known, read = known_fields(site), read_only_in(site)
    assert {"venue", "minutes", "highlight", "series", "themes"} <= read  # the declarations are read at all
    assert not {"reviewed", "crisis-help", "title"} & read  # laid out by the editor only, or read everywhere
    return {folder: sorted(key for key in read if folder not in known[key]) for folder in ("blog", "agm", "pages")}


@pytest.mark.parametrize("folder", ["blog", "agm", "pages"])
def test_a_field_of_another_kind_of_content_is_named_with_where_it_belongs(tmp_path, site, folder):
    keys = _misplaced(site)[folder]
    assert keys  # every folder lacks some field another one reads
    nouns = folder_nouns(site)
    lines = [f"{label(key)}: {'2' if key == 'series_index' else 'x'}" for key in keys]
    write_files(tmp_path, {f"{folder}/a.md": POST.format(field="\n".join(lines))}, dedent=False)
    copy_registries(tmp_path)
    problems = check_site({**site, "PATH": str(tmp_path)})
    for number, key in enumerate(keys, start=5):
        found = [p for p in problems if p.line == number and "[field-unknown]" in p.message]
        assert len(found) == 1, (key, [str(p) for p in problems if p.line == number])
        message, hint = found[0].message, found[0].hint
        assert message.startswith(f"{label(key)}: is only for ") and found[0].severity == "warning"
        assert f"this file is {nouns[folder][0]}, so the line does nothing" in message
        for where in known_fields(site)[key]:
            assert f"{nouns[where][1]} (content/{where}/)" in message
            assert f"to content/{where}/ if it is {nouns[where][0]}" in hint
        assert hint.startswith("remove the line, or move the file to content/")


def test_the_misplaced_field_message_follows_the_folders_the_plugins_declare(tmp_path, site):
    moved = {**site, "AGM": {**(site.get("AGM") or {}), "path": "meetings"}}
    assert folder_nouns(moved)["meetings"] == ("an AGM summary", "AGM summaries") and "agm" not in folder_nouns(moved)
    write_files(tmp_path, {"blog/2019/a.md": POST.format(field="Venue: Town hall")}, dedent=False)
    copy_registries(tmp_path)
    found = [p for p in check_site({**moved, "PATH": str(tmp_path)}) if p.line == 5]
    assert [p.message for p in found] == ["Venue: is only for AGM summaries (content/meetings/); this file is a blog "
                                          "post, so the line does nothing [field-unknown]"]
    assert found[0].hint == "remove the line, or move the file to content/meetings/ if it is an AGM summary"
    # Without the AGM plugin nothing reads Venue:, so it is a field the site does not read at all.
    alone = {**site, "PLUGINS": [p for p in site["PLUGINS"] if p != "agm"]}
    found = [p for p in check_site({**alone, "PATH": str(tmp_path)}) if p.line == 5]
    assert [p.message for p in found] == ['"Venue:" is not a field the site reads, so it does nothing [field-unknown]']


@pytest.mark.parametrize("line", ["Reviewed: 2019-05-01", "Review-due: 2030-05-01", "Content-note: Self-harm.",
                                  "Transcript: x.txt", "Title: Again"])
def test_a_field_read_in_a_blog_post_too_is_not_called_misplaced(tmp_path, site, line):
    write_files(tmp_path, {"blog/2019/a.md": POST.format(field=line)}, dedent=False)
    copy_registries(tmp_path)
    assert not [str(p) for p in check_site({**site, "PATH": str(tmp_path)}) if "is only for" in p.message]


def test_the_fields_that_may_repeat_are_read_and_translation_is_not(site):
    known = known_fields(site)
    assert set(REPEATED) <= set(known)  # one line per value: Highlight:, Transcript:, Captions:
    assert not set(UNUSED) & set(known) and not set(UNUSED) & set(INTERNAL)  # the site has no translations
