"""The editor's content model comes from the checker, the registries and the plugins' settings; its page and CSP."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from editor import model, page, settings
from hypothesis import given
from hypothesis import settings as settings_h
from hypothesis import strategies as st

from inmind import check, check_file
from inmind.errors import SettingsError
from inmind.fields import known_fields


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    from conftest import run_build

    base = tmp_path_factory.mktemp("editor-model")
    site = run_build(ROOT / "content", base / "output")
    assert site.status == 0, site.messages
    return site


def collection(config, name):
    return next(c for c in config["cms"]["collections"] if c["name"] == name)


def markdown_fields(cms):
    """Every markdown field of every collection: Decap 3 reads sanitize_preview from each, not from the top level."""
    return [f for c in cms["collections"] for f in c.get("fields", []) if f.get("widget") == "markdown"]


def field(config, coll, name):
    return next(f for f in collection(config, coll)["fields"] if f["name"] == name)


def test_the_build_writes_the_editor_with_its_own_csp(preview):
    admin = preview.output / "admin"
    assert (admin / "decap-cms.js").is_file() and (admin / "inmind-format.js").is_file()
    html = (admin / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "style=" not in html  # nothing inline: the CSP needs no hashes
    assert "http-equiv=\"Content-Security-Policy\"" in html and "http://127.0.0.1:8081" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    config = json.loads((admin / "config.json").read_text(encoding="utf-8"))
    assert config["cms"]["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"
    assert config["cms"]["publish_mode"] == "editorial_workflow"
    assert config["cms"]["media_folder"] == "content/images"
    assert config["cms"]["slug"] == {"encoding": "ascii", "clean_accents": True}  # new files' names: plain letters
    assert markdown_fields(config["cms"]) and all(f["sanitize_preview"] is True for f in markdown_fields(config["cms"]))


def test_authors_and_themes_are_chosen_only_from_the_registries(preview):
    from coproduction import vocabulary

    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    authors = vocabulary.load_authors(ROOT / "content/authors.toml")
    themes = vocabulary.load_themes(ROOT / "content/themes.toml")
    for coll in ("blog", "agm"):
        assert field(config, coll, "authors")["options"] == [a.name for a in authors]
        assert field(config, coll, "themes")["options"] == [{"label": t.label, "value": t.slug} for t in themes]
        assert field(config, coll, "themes")["widget"] == "select"  # a select cannot take a value outside its options
    groups = [o["value"] for o in field(config, "blog", "role_group")["options"]]
    assert groups == list(vocabulary.ROLE_GROUPS)


def test_required_fields_are_the_checkers_and_refused_in_its_words(preview, tmp_path):
    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    from inmind import check_settings

    required = check_settings.DEFAULTS["required"]
    for coll, folder in (("blog", "blog"), ("agm", "agm"), ("pages", "pages"), ("transcripts", "transcripts")):
        shown = {f["name"] for f in collection(config, coll)["fields"] if f.get("required")}
        # Venue: is the AGM plugin's own rule (see the test below), not the checker's.
        plugins_own = {"venue"} if coll == "agm" else set()
        assert shown == {model.field_name(k) for k in required[folder]} | plugins_own, coll
    # The words Decap shows for an empty required field are the ones `invoke check` prints.
    post = tmp_path / "content/blog/2024/x.md"
    post.parent.mkdir(parents=True)
    post.write_text("Title: X\nDate: 2024-01-02 09:00\nSummary:\n\nText.\n", encoding="utf-8")
    from inmind.build import load_settings

    problems = check.check_site(load_settings(ROOT / "pelicanconf.py", {"PATH": str(tmp_path / "content")}))
    said = config["messages"]["required"].replace("%{fieldLabel}", field(config, "blog", "summary")["label"])
    assert any(p.message.startswith(said + " [summary-missing]") for p in problems), [p.message for p in problems]


def test_every_key_the_checker_knows_is_shown_or_kept_as_written(preview):
    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    shown = {f["name"] for coll in ("blog", "pages", "agm") for f in collection(config, coll)["fields"]}
    from inmind.build import load_settings

    known = known_fields(load_settings(ROOT / "pelicanconf.py"))
    for key in known:
        assert key in model.INTERNAL or model.field_name(key) in shown, key
    assert {f["key"] for f in config["format"]["fields"]} >= set(known) - set(model.INTERNAL) - {"authors"}


def test_every_field_is_a_key_the_checker_knows():
    from inmind.build import load_settings

    known = known_fields(load_settings(ROOT / "pelicanconf.py"))
    spec = model.format_spec([], known)
    assert {f["key"] for f in spec["fields"]} <= set(known)
    assert next(f for f in spec["fields"] if f["key"] == "highlight")["kind"] == "repeat"
    # With the project's plugins every field the editor lays out is read, so none is dropped by a typo in SHOWN.
    assert model.shown_keys(known) == list(model.SHOWN)


def test_agm_fields_are_the_agm_plugins_keys(preview):
    from agm import model as agm_model

    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    names = {f["name"] for f in collection(config, "agm")["fields"]} - {"body"}
    from inmind.build import load_settings

    declared = {model.field_name(d["key"]) for d in model.declarations(load_settings(ROOT / "pelicanconf.py"))
                if "agm" in d["folders"]}
    assert names <= {model.field_name(k) for k in agm_model.KNOWN_KEYS} | declared
    assert {"venue", "attendance", "highlight", "annual_report", "minutes", "transcript"} <= names
    assert field(config, "agm", "attendance")["options"] == sorted(agm_model.ATTENDANCE)


def test_a_field_the_agm_plugin_refuses_to_leave_empty_is_required_in_the_editor(preview):
    # Venue was "(optional)" in the editor, so a summary without one was saved and the build then failed on it.
    from agm import model as agm_model

    from inmind.source import parse

    text = "Title: Annual General Meeting 2025\nDate: 2025-09-25 14:00\nSummary: What happened.\n\nWords.\n"
    said = [p.message for p in agm_model.check("agm/2025.md", parse(text))]
    assert any("Venue:" in m for m in said), said
    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    assert field(config, "agm", "venue")["required"] is True


def test_uploads_follow_the_file_vetting_rules(preview):
    from file_vetting import kinds
    from file_vetting import settings as vetting

    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    limit = vetting.FileVetting().max_mb * kinds.MB
    assert field(config, "blog", "body")["media_library"]["config"]["max_file_size"] == limit
    assert set(config["messages"]["pictures"]) == {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"}
    smaller = model.upload_rules({"FILE_VETTING": {"max_mb": 2, "kinds": ["png", "pdf"]}})
    assert {k: smaller[k] for k in ("max_bytes", "max_mb", "pictures")} == {"max_bytes": 2 * kinds.MB, "max_mb": 2,
                                                                           "pictures": [".png"]}
    # A file the picture library refuses is told what to do in the build's own words (file_vetting.vet).
    from file_vetting import vet

    assert smaller["instead"][".heic"] == vet.instead_table()[".heic"] == "save the picture as a JPEG or PNG"
    assert ".png" not in smaller["instead"] and ".mp4" in smaller["instead"]
    assert config["messages"]["not_a_picture"]["instead"][".heic"] == "save the picture as a JPEG or PNG"


def _hosted_vocab():
    from coproduction import vocabulary

    return {"themes": vocabulary.load_themes(ROOT / "content/themes.toml"),
            "authors": vocabulary.load_authors(ROOT / "content/authors.toml"),
            "role_groups": dict(vocabulary.ROLE_GROUPS), "transcript_dir": "transcripts",
            "registries": {"authors": "authors.toml", "themes": "themes.toml"}}


def test_a_document_in_the_text_goes_where_the_site_keeps_documents_and_its_link_passes_the_build(preview, tmp_path):
    # The Document box inside the text put PDFs in content/images/: Decap gave it the pictures' folder.
    import pikepdf
    from agm.model import url_problem

    from inmind.build import load_settings

    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    limit = field(config, "blog", "body")["media_library"]["config"]["max_file_size"]
    for coll in ("blog", "agm", "pages", "transcripts"):
        body = field(config, coll, "body")
        assert body["fields"] == [{"label": "Document", "name": "document", "widget": "file", "required": False,
                                   "choose_url": False, "media_folder": "/content/documents",
                                   "public_folder": "{static}/documents",
                                   "media_library": {"config": {"max_file_size": limit}}}], coll
        assert collection(config, coll)["media_folder"] == "/content/images"  # pictures stay in images/
    # The AGM boxes upload to the same folder, under the same prefix.
    assert {k: field(config, "agm", "minutes")[k] for k in ("media_folder", "public_folder")} == {
        "media_folder": "/content/documents", "public_folder": "{static}/documents"}
    # A file saved where the box puts it, linked as the box writes it, is one the build publishes.
    declared = field(config, "blog", "body")["fields"][0]
    content = tmp_path / "content"
    saved = content / declared["media_folder"].removeprefix("/content/") / "annual-report-2026.pdf"
    saved.parent.mkdir(parents=True)
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(saved)
    link = f"{declared['public_folder']}/{saved.name}"
    site = load_settings(ROOT / "pelicanconf.py")
    assert url_problem(link, content, {**site, "PATH": str(content)}) is None
    assert url_problem(f"{{static}}/images/{saved.name}", content, {**site, "PATH": str(content)})  # looked for


def test_without_a_documents_folder_the_document_box_uses_the_pictures_folder():
    # A site that publishes no content/documents/ has nowhere else to put them: the box takes the one library folder.
    config = settings.merged({"EDITOR": {}})
    cms = model.decap_config({"PATH": str(ROOT / "content"), "STATIC_PATHS": ["images"]}, config, ROOT / "content",
                             _hosted_vocab(), local=False)
    assert not any("fields" in f for f in markdown_fields(cms))
    with_documents = model.decap_config({"PATH": str(ROOT / "content"), "STATIC_PATHS": ["images", "documents"]},
                                        config, ROOT / "content", _hosted_vocab(), local=False)
    assert all(f["fields"][0]["media_folder"] == "/content/documents" for f in markdown_fields(with_documents))


def test_each_kind_of_content_gives_a_title_example_of_its_own_kind(preview):
    # An AGM summary's and a transcript's Title box gave a blog post's example, 'Why co-production matters'.
    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    hints = {coll: field(config, coll, "title")["hint"] for coll in ("blog", "agm", "transcripts", "pages")}
    assert "Why co-production matters" in hints["blog"]
    assert "Annual General Meeting 2025" in hints["agm"] and "Transcript: Planting day" in hints["transcripts"]
    assert len(set(hints.values())) == 4
    # Each example is a title its kind really has: the AGM plugin's and the scaffold's pattern, the sample's pages.
    from datetime import datetime

    from inmind.scaffold import agm_text

    assert agm_text(year=2025, date=datetime(2025, 9, 24, 14)).startswith("Title: Annual General Meeting 2025\n")
    assert (ROOT / "content/pages/accessibility.md").read_text(encoding="utf-8").startswith("Title: Accessibility statement\n")


def test_only_the_local_editor_asks_a_guest_for_their_role_and_group(preview):
    # The hosted editor's Guest box also takes a registered writer's first post, whose role and group are in the
    # registry: there the build's checks say what is missing.
    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    needs = config["messages"]["guest_needs"]
    assert {name: need["label"] for name, need in needs.items()} == {
        name: field(config, "blog", name)["label"] for name in ("author_role", "role_group")}
    assert all(need["message"].startswith(config["messages"]["required"]) for need in needs.values())
    uploads = model.upload_rules({})
    assert model.messages(check.check_settings.merged({}), uploads, local=False)["guest_needs"] is None


def test_the_publish_csp_has_no_local_backend():
    config = settings.merged({"EDITOR": {"local_backend": None, "base_url": "https://auth.example.org/"}})
    policy = page.csp(config, local=False)
    assert "127.0.0.1" not in policy and "connect-src 'self' blob: https://api.github.com https://auth.example.org" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


@pytest.mark.parametrize("setting", [
    {"path": "../x"}, {"path": ""}, {"repo": "no-slash"}, {"local_backend": "file:///x"},
    {"csp": "default-src 'self'\nX: y"}, {"enabled": "yes"}, {"colour": "red"},
])
def test_bad_settings_are_named(setting):
    with pytest.raises(SettingsError) as caught:
        settings.merged({"EDITOR": setting})
    assert "EDITOR" in str(caught.value)


def test_page_escapes_what_it_is_given():
    html = page.html_page('<script>alert(1)</script>', "default-src 'self'", icon='x" onload="y')
    assert "<script>alert" not in html and 'onload="y' not in html


def test_the_hosted_editor_signs_in_to_github_with_the_editorial_workflow(tmp_path):
    import os
    import subprocess
    import sys

    from coproduction import vocabulary

    env = {**os.environ, "EDITOR_REPO": "trust/in-mind", "EDITOR_AUTH_URL": "https://auth.example.org",
           "SITE_URL": "https://inmind.example.org"}
    done = subprocess.run([sys.executable, "-c", "import json, publishconf; print(json.dumps(publishconf.EDITOR))"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    config = settings.merged({"EDITOR": json.loads(done.stdout)})
    vocab = {"themes": vocabulary.load_themes(ROOT / "content/themes.toml"),
             "authors": vocabulary.load_authors(ROOT / "content/authors.toml"),
             "role_groups": dict(vocabulary.ROLE_GROUPS), "transcript_dir": "transcripts",
             "registries": {"authors": "authors.toml", "themes": "themes.toml"}}
    cms = model.decap_config({"PATH": str(ROOT / "content")}, config, ROOT / "content", vocab, local=False)
    assert cms["backend"] == {"name": "github", "repo": "trust/in-mind", "branch": "main", "base_url": "https://auth.example.org"}
    assert cms["publish_mode"] == "editorial_workflow" and "local_backend" not in cms
    assert all(f["sanitize_preview"] is True for f in markdown_fields(cms))
    policy = page.csp(config, local=False)
    assert "https://auth.example.org" in policy and "127.0.0.1" not in policy
    assert config.problems_url is None


def test_the_fields_plugins_add_are_laid_out_where_they_apply(preview):
    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    names = {coll: {f["name"] for f in collection(config, coll)["fields"]} for coll in ("blog", "pages", "agm")}
    assert {"consent", "content_note", "share_image", "share_image_alt", "captions"} <= names["blog"]
    assert {"content_note", "reviewed", "review_due", "crisis_help"} <= names["pages"]
    assert {"content_note", "reviewed", "review_due", "captions"} <= names["agm"]
    assert not {"reviewed", "review_due", "crisis_help"} & names["blog"]
    assert not {"consent", "share_image"} & (names["pages"] | names["agm"])
    for coll in ("blog", "pages", "agm"):
        assert collection(config, coll)["fields"][-1]["name"] == "body"
    assert field(config, "pages", "reviewed")["widget"] == "inmind-date" and field(config, "pages", "reviewed")["time_format"] is False
    assert field(config, "blog", "content_note")["widget"] == "text"
    assert "This post talks about" in field(config, "blog", "content_note")["hint"]  # the safeguarding plugin's words
    assert field(config, "blog", "share_image")["widget"] == "image"
    assert "hourly" in field(config, "blog", "date")["hint"]  # the scheduling plugin's words, not the editor's


def test_every_hint_speaks_of_the_form_never_of_lines_in_a_file(preview):
    # A hint saying "add a line such as 'Consent: CF-2026-001'" had officers type "Consent:" into the Consent box.
    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    for coll in ("blog", "pages", "agm", "transcripts"):
        for f in collection(config, coll)["fields"]:
            hint = f.get("hint", "")
            assert f"{f['label']}:".lower() not in hint.lower(), (coll, f["name"], hint)
            assert not re.search(r"a line such as|at the top|of the file", hint, re.IGNORECASE), (coll, f["name"], hint)
            assert hint[:1] == hint[:1].upper(), (coll, f["name"], hint)
    assert field(config, "blog", "consent")["hint"].startswith("Such as 'CF-")
    assert field(config, "blog", "title")["hint"].startswith("Such as '")


def test_statuses_are_ones_the_checker_accepts_and_withdrawn_only_where_it_acts(preview):
    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    for coll in ("blog", "pages", "agm"):
        values = [o["value"] for o in field(config, coll, "status")["options"]]
        assert set(values) <= set(check_file.STATUSES), coll
        assert values[:2] == ["draft", "published"]
        assert ("withdrawn" in values) == (coll != "agm"), coll  # AGM summaries are not withdrawn by safeguarding


def test_captions_are_the_video_plugins_choices(preview):
    from video_embeds import captions

    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    chosen = field(config, "blog", "captions")
    assert chosen["widget"] == "list" and chosen["field"]["options"] == list(captions.KINDS)
    assert next(f for f in config["format"]["fields"] if f["key"] == "captions")["kind"] == "repeat"


def _consent_field(pattern):
    from inmind.build import load_settings

    site = load_settings(ROOT / "pelicanconf.py", {"SAFEGUARDING": {"consent_pattern": pattern}})
    return next(d for d in model.declarations(site) if d["key"] == "consent"), site


@pytest.mark.parametrize("pattern", ["CF-YYYY-NNN", "Ref.YY/NNNN", "[C]+YYYY(NN)"])
@settings_h(max_examples=150, deadline=None)
@given(value=st.one_of(st.text(max_size=16), st.from_regex(r"CF-20\d\d-\d{3}", fullmatch=True),
                       st.from_regex(r"Ref\.\d\d/\d{4}", fullmatch=True), st.from_regex(r"\[C\]\+20\d\d\(\d\d\)", fullmatch=True)))
def test_the_consent_pattern_accepts_exactly_what_the_checker_accepts(pattern, value):
    import re

    from safeguarding import settings as safeguarding_settings

    declared, site = _consent_field(pattern)
    regex = safeguarding_settings.merged(site).consent_regex
    # Decap tests the pattern with RegExp.test; this pattern is written so Python's search means the same.
    editor_accepts = re.search(declared["pattern"], value) is not None
    assert editor_accepts == (regex.fullmatch(value.strip()) is not None)


def test_a_wrong_consent_is_refused_in_the_checkers_words(tmp_path):
    declared, site = _consent_field("CF-YYYY-NNN")
    post = tmp_path / "content/blog/2024/x.md"
    post.parent.mkdir(parents=True)
    post.write_text("Title: X\nDate: 2024-01-02 09:00\nSummary: S.\nConsent: 2024/7\n\nText.\n", encoding="utf-8")
    from inmind.build import load_settings

    problems = check.check_site(load_settings(ROOT / "pelicanconf.py", {"PATH": str(tmp_path / "content")}))
    said = next(p.message for p in problems if "[consent-invalid]" in p.message)
    words = declared["message"].removeprefix("Consent: ").split(",")[0]
    assert words in said, (words, said)
    assert "CF-YYYY-NNN" in declared["message"]


def test_share_image_alt_is_needed_when_a_picture_is_set(preview):
    from share_cards import handlers

    config = json.loads((preview.output / "admin/config.json").read_text(encoding="utf-8"))
    rule = config["messages"]["required_with"]
    assert rule == [{"field": "share_image_alt", "when": "share_image", "message": f"{handlers.NO_ALT[0]}: {handlers.NO_ALT[1]}"}]


def test_a_plugin_left_out_takes_its_fields_with_it():
    from inmind.build import load_settings

    site = load_settings(ROOT / "pelicanconf.py")
    plugins = [p for p in site["PLUGINS"] if p != "share_cards"]
    keys = {d["key"] for d in model.declarations({**site, "PLUGINS": plugins})}
    assert "share-image" not in keys and "consent" in keys
    assert "share-image" in {d["key"] for d in model.declarations(site)}
