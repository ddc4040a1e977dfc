"""``invoke themes PATH.md``: the themes one file would get, with evidence, without a build."""

import io
import subprocess
import sys

import pytest
from conftest import ROOT
from coproduction import cli


def run(capsys, *args):
    out = io.StringIO()
    status = cli.main([*args], stream=out)
    return status, out.getvalue(), capsys.readouterr().err


def test_prints_one_theme_per_line_with_evidence(tmp_path, capsys):
    draft = tmp_path / "Downloads" / "draft.md"  # anywhere, not only in content/
    draft.parent.mkdir()
    draft.write_text(
        "Title: Carers and recovery\nThemes: co-production\n\n"
        "Being a carer is hard. Carers' assessments help a carer. My recovery took time.\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, str(draft))
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Co-production (from Themes:; not found in the text)"
    assert lines[1].startswith("Carers (automatic; score ")
    assert '"carer" ×' in lines[1] and "(title 1, body " in lines[1]
    assert lines[2].startswith('Recovery (automatic; score 4.00): "recovery" ×2 (title 1, body 1)')


def test_all_lists_themes_below_the_threshold(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text("Title: A walk\n\nWe talked about research once.\n", encoding="utf-8")
    status, out, _ = run(capsys, "--all", str(draft))
    assert status == 0
    assert out.splitlines()[0].startswith("No themes")
    assert 'below the threshold or over the limit: Research: score 1.00: "research" ×1 (body 1)' in out


def test_auto_themes_off_is_said(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text("Title: Carers\nThemes: carers\nAuto-themes: off\n\nRecovery, recovery, recovery.\n", encoding="utf-8")
    status, out, _ = run(capsys, str(draft))
    assert status == 0
    assert out.splitlines() == [
        "Carers (from Themes:; score 3.00): \"carer\" ×1 (title 1)",
        "(Automatic themes are off for this post: Auto-themes: off.)",
    ]


def file_with(data):
    def make(folder):
        path = folder / "draft.md"
        path.write_bytes(data)
        return path

    return make


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.md", "error: cannot find this file"),
        (lambda p: p, "error: this is a folder, not a Markdown file"),
        (file_with(b"\x89PNG\x00\x01"), "error: this is not a text file"),
        (file_with("Title: Caf\xe9\n".encode("cp1252")), "error: the file is not saved as UTF-8"),
        (file_with(b"Title: x\nThemes: carer\n\nText.\n"), ':2: error: unknown theme "carer" in Themes. Did you mean "carers"?'),
    ],
)
def test_bad_files_get_a_clear_message(tmp_path, capsys, make, message):
    status, out, err = run(capsys, str(make(tmp_path)))
    assert status == 1
    assert message in err
    assert "Traceback" not in err and out == ""


def test_the_invoke_task(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("Title: Peer support\n\nPeer support workers share their lived experience.\n", encoding="utf-8")
    invoke = [sys.executable, "-m", "invoke"]
    done = subprocess.run([*invoke, "themes", str(draft)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Lived experience (automatic; score ")
    missing = subprocess.run([*invoke, "themes", str(tmp_path / "nope.md")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1
    assert "nope.md: error: cannot find this file" in missing.stderr
    assert "Traceback" not in missing.stderr + missing.stdout


def test_the_first_in_mind_post_finds_its_themes_on_its_own(tmp_path):
    # Without its Themes: line the opening post still gets co-production and three more fitting themes.
    from pelican.settings import read_settings

    source = (ROOT / "content" / "blog" / "2017" / "importance-of-co-production.md").read_text(encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text("\n".join(line for line in source.splitlines() if not line.startswith("Themes:")), encoding="utf-8")
    themes, auto, _ = cli.themes_for(draft, read_settings(str(ROOT / "pelicanconf.py")))
    labels = [t.label for t in themes]
    assert auto and all(t.automatic for t in themes)
    assert labels[0] == "Co-production" and len(labels) >= 4
    assert {"Spiritual and pastoral care", "Choice and mental capacity", "Research"} <= set(labels)
