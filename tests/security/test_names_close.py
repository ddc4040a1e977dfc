"""A misspelt real name is never quoted back: not by the checker in any format, its cache, the build or ./dev new.

The session's private names file (conftest) names "Philippa Marchbanks-Oduya" as the writer "A carer".
Each variant below is a letter or two away from it, written the ways a careless or hostile contributor might.
"""

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE_REAL_NAME, copy_registries, run_build, write_files
from coproduction import privacy

from inmind.errors import ContentError
from inmind.scaffold import new_post

MATCHER = privacy.Matcher([privacy.HiddenName("a-carer", "A carer", privacy.name_forms(SAMPLE_REAL_NAME))])
VARIANTS = [
    "Philipa Marchbanks-Oduya",  # a letter missing
    "Рhilippa Mаrchbank\u200d-Oduya",  # Cyrillic Р and а, a zero-width joiner, a letter missing
    "Ｐｈｉｌｉｐａ Marchbanks-Odu\u0301ya",  # full-width letters, a combining accent, a letter missing
]


def post(variant):
    return (f"Title: Caring from far away\nDate: 2019-04-01 09:00\nAuthor: {variant}\nSummary: Caring at a "
            f"distance.\nThemes: {variant}\n\nI care for my brother.\nWith thanks to {variant} for this.\n")


def leaks(text, variant):
    """Return whether ``text`` quotes the variant, or anything close to the real name."""
    return variant in text or MATCHER.close(text) is not None or MATCHER.find(text) is not None


def run_check(tmp_path, fmt):
    return subprocess.run(
        [sys.executable, "-m", "inmind.check", "--settings", str(ROOT / "pelicanconf.py"), "--path",
         str(tmp_path / "content"), "--format", fmt], cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'plugins'}"},
    )


@pytest.fixture
def site(tmp_path, request):
    variant = request.param
    write_files(tmp_path / "content", {"blog/2019/a.md": post(variant)}, dedent=False)
    for name in ("authors.toml", "themes.toml"):
        (tmp_path / "content" / name).write_bytes((ROOT / "content" / name).read_bytes())
    return tmp_path, variant


@pytest.mark.parametrize("site", VARIANTS, indirect=True)
def test_the_checker_names_line_and_column_and_never_the_spelling(site):
    tmp_path, variant = site
    text = run_check(tmp_path, "text")
    assert "content/blog/2019/a.md:8:16: warning: a spelling close to the real name of the anonymous author " \
           '"A carer" is written here [real-name-close]' in text.stdout
    assert 'author [a spelling close to the real name of the anonymous author "A carer"]' in text.stdout
    # The writer is told what they can do themselves first; the setting is named for the web team.
    assert "if it is someone else, reword it, or ask the web team to turn this check off" in text.stdout
    github = run_check(tmp_path, "github")
    assert "line=8,col=16," in github.stdout
    found = json.loads(run_check(tmp_path, "json").stdout)
    assert {(p["line"], p["column"]) for p in found if "[real-name-close]" in p["message"]} >= {(8, 16)}
    for done in (text, github):
        assert not leaks(done.stdout + done.stderr, variant), done.stdout
    assert not any(leaks(json.dumps(p, ensure_ascii=False), variant) for p in found)


@pytest.mark.parametrize("site", [VARIANTS[1]], indirect=True)
def test_the_check_cache_keeps_only_the_withheld_words(site):
    tmp_path, variant = site
    first, second = run_check(tmp_path, "text"), run_check(tmp_path, "text")  # the second answers from the cache
    assert first.stdout == second.stdout
    cache = (tmp_path / "cache" / "inmind-check.json").read_text(encoding="utf-8")
    stored = json.loads(cache)["files"]["blog/2019/a.md"]["problems"]
    assert stored and not any(leaks(json.dumps(fields, ensure_ascii=False), variant) for _own, fields in stored)


@pytest.mark.parametrize("variant", VARIANTS[:2])
def test_the_build_and_a_publish_build_never_quote_it(tmp_path, variant):
    content = tmp_path / "content"
    write_files(content, {"blog/2019/a.md": post(variant)}, dedent=False)
    copy_registries(content)
    site = run_build(content, tmp_path / "output", "publishconf.py", fatal_warnings=True)
    assert site.status == 1 and "a spelling close to the real name" in site.messages
    assert not leaks(site.messages, variant), site.messages


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("field", ["author", "title"])
def test_dev_new_refuses_it_without_quoting_it(tmp_path, variant, field):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    options = {"title": "Caring from far away", "author": "A carer", field: variant}
    with pytest.raises(ContentError) as refused:
        new_post(content, role="Carer", role_group="carer", **options)
    shown = refused.value.format()
    assert f"the {field} contains a spelling close to the real name" in shown
    assert not leaks(shown, variant) and not list(content.rglob("*.md"))
