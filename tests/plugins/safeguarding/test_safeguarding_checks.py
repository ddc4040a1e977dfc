"""Severity in the builds: missing consent and content notes block publishing; safe language and reviews never do."""

import subprocess
import sys

from conftest import ROOT

POST = """\
Title: What helped me
Date: 2019-05-01 09:00
Author: Danny Whitfield
Summary: A short post.
{extra}
{body}
"""


def _post(body="I learned to cook again.", extra=""):
    return POST.format(body=body, extra=extra)


def test_missing_consent_stops_publish_with_path_and_line(build_site):
    site = build_site({"blog/help.md": _post()}, settings_file="publishconf.py", fatal_warnings=True)
    assert site.status != 0
    assert f"{site.content / 'blog' / 'help.md'}:3: error: " in site.messages
    assert "[consent-missing]" in site.messages and "Traceback" not in site.messages
    assert not (site.output / "index.html").exists(), "a failed build must not leave an output"


def test_missing_consent_is_a_warning_in_preview(build_site):
    site = build_site({"blog/help.md": _post()})
    assert site.status == 0, site.messages
    assert ":3: warning: " in site.messages and "[consent-missing]" in site.messages

    # The officer reading this is often the Communications Team: it says where the reference is, not whom to ask.
    assert "the reference printed on the writer's signed consent form" in site.messages
    assert "ask the Communications Team" not in site.messages


def test_staff_need_no_consent(build_site):
    site = build_site({"blog/help.md": _post().replace("Danny Whitfield", "Communications Team")},
                      settings_file="publishconf.py", fatal_warnings=True)
    assert site.status == 0, site.messages


def test_a_self_harm_post_without_a_content_note_gets_the_warning_and_cannot_be_published(build_site):
    body = "For two years I hid that I was self-harming.\n"
    site = build_site({"blog/help.md": _post(body, "Consent: CF-2019-001\n")})
    assert site.status == 0
    assert ":7: warning: this post talks about \"self-harming\" and has no Content-note: line" in site.messages
    published = build_site({"blog/help.md": _post(body, "Consent: CF-2019-001\n")}, settings_file="publishconf.py",
                           fatal_warnings=True)
    assert published.status != 0 and "[content-note-missing]" in published.messages


def test_safe_language_and_overdue_reviews_are_listed_but_never_block_publishing(build_site):
    body = "My friend committed suicide the year before.\n"
    site = build_site({
        "blog/help.md": _post(body, "Consent: CF-2019-001\nContent-note: This post mentions a death by suicide.\n"),
        "pages/about.md": "Title: About\nSummary: About us.\nReviewed: 2020-01-01\nReview-due: 2021-01-01\n\nText.\n",
    }, settings_file="publishconf.py", fatal_warnings=True)
    assert site.status == 0, site.messages
    assert ':8: notice: "committed suicide": write "died by suicide" or "took their own life" instead' \
           " [safe-language]" in site.messages
    assert "about.md:4: notice: the review was due on 1 January 2021 [review-overdue]" in site.messages


def test_invoke_check_publish_reports_the_same(tmp_path):
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    (content / "blog" / "help.md").write_text(_post("I committed suicide? No: I survived.\n"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "inmind.check", "--settings", "publishconf.py", "--path",
                             str(content), "--fatal-warnings"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "help.md:3: error: this post is by a writer outside" in result.stdout
    assert "help.md:6: error: this post talks about" in result.stdout
    assert "help.md:6: notice:" in result.stdout


def test_check_publish_ends_with_the_checklist(tmp_path):
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    (content / "pages").mkdir()
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    (content / "blog" / "help.md").write_text(_post("He committed suicide.\n"), encoding="utf-8")
    (content / "pages" / "old.md").write_text("Title: Old\nSummary: Old.\nReviewed: 2020-01-01\nReview-due: 2021-01-01"
                                              "\n\nText.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "inmind.check", "--settings", "publishconf.py", "--path",
                             str(content), "--fatal-warnings"], cwd=ROOT, capture_output=True, text=True)
    tail = result.stdout.split("Before publishing:")[1].splitlines()
    assert "[MISSING] Consent on posts by writers outside staff and leadership: 1 to do in 1 file" in tail[1]
    assert "[MISSING] Content notes" in tail[2] and "[ok] Alt text" in tail[3] and "[ok] Transcripts" in tail[4]
    assert "[check] Review dates" in tail[5] and "[check] Safe language" in tail[6]
    assert "2 errors, 0 warnings, 2 notices" in result.stdout
    preview = subprocess.run([sys.executable, "-m", "inmind.check", "--settings", "publishconf.py", "--path",
                              str(content)], cwd=ROOT, capture_output=True, text=True)
    assert "Before publishing:" not in preview.stdout


def test_checks_severity_rules_the_consent_checks_as_it_rules_every_other_check(build_site, tmp_path):
    from inmind.build import load_settings
    from inmind.check import check_site

    files = {"blog/help.md": _post(), "blog/other.md": _post(extra="Consent: 42\n").replace("What helped", "Other")}
    strict = build_site(files, CHECKS={"severity": {"consent-missing": "error"}})
    assert strict.status != 0 and "help.md:3: error: this post is by a writer outside" in strict.messages
    lenient = build_site(files, CHECKS={"severity": {"consent-invalid": "warning"}})
    assert lenient.status == 0 and 'other.md:5: warning: "42" is not a consent reference' in lenient.messages
    settings = {**load_settings(ROOT / "pelicanconf.py"), "PATH": str(strict.content),
                "CACHE_PATH": str(tmp_path / "check-cache"), "CHECKS": {"severity": {"consent-missing": "error"}}}
    assert [p.severity for p in check_site(settings) if "[consent-missing]" in p.message] == ["error"]
    quiet = build_site(files, CHECKS={"severity": {"consent-missing": "off", "consent-invalid": "off"}})
    assert quiet.status == 0 and "[consent-" not in quiet.messages, quiet.messages


def test_a_misspelt_plugin_check_in_checks_severity_is_named_with_the_right_spelling(build_site):
    site = build_site({"blog/help.md": _post()}, CHECKS={"severity": {"consent-mising": "error"}})
    assert site.status != 0
    assert "unknown check 'consent-mising'. Did you mean \"consent-missing\"?" in site.messages, site.messages
    assert "Traceback" not in site.messages


def test_the_registry_is_read_again_whenever_its_text_changes(tmp_path):
    from safeguarding import checks

    from inmind.source import parse

    registry = tmp_path / "authors.toml"
    block = '[[author]]\nname = "Danny Whitfield"\nslug = "danny-whitfield"\nroles = ["Nurse"]\nrole_group = "{}"\n'
    source = parse(_post())
    settings = {"PATH": str(tmp_path)}
    for group in ["staff", "carer", "staff", "carer"]:  # the same size each time: only the text tells them apart
        registry.write_text(block.format(group), encoding="utf-8")
        assert checks.writer_groups(source, settings) == {group}
    registry.write_text(block.format("nobody"), encoding="utf-8")
    assert checks.writer_groups(source, settings) is None  # a broken registry: reported by co-production
    registry.unlink()
    assert checks.writer_groups(source, settings) is None
