"""A file in content/images/ whose name starts with a dot ("..jpg", ".garden.jpg") is named for what it is: hidden."""

from __future__ import annotations

import pytest
from conftest import ROOT, copy_registries, write_files
from file_samples import picture

from inmind.check import check_site
from inmind.config import load_settings


def post(link):
    return (f"Title: Pictures\nDate: 2019-04-01 09:00\nAuthor: Communications Team\nSummary: A post.\n\n"
            f"![A garden in summer]({{static}}/{link})\n")


@pytest.mark.parametrize(
    ("rel", "message", "hint"),
    [
        ("images/..jpg", '"..jpg" has no name before its ending, only dots',
         "rename it to say what it shows, such as ward-garden.jpg, and change the link to match"),
        ("images/.jpg", '".jpg" has no name before its ending, only dots', "such as ward-garden.jpg"),
        ("images/...png", '"...png" has no name before its ending, only dots', "such as ward-garden.png"),
        ("images/.garden.jpg", '".garden.jpg" starts with a dot, which makes it a hidden file',
         'rename it to "garden.jpg" and change the link to match'),
        ("images/.thumbs/garden.jpg", '".thumbs" starts with a dot, which makes it a hidden file',
         'rename the folder to "thumbs"'),
    ],
)
def test_a_hidden_name_is_named_as_such_with_how_to_rename_it(tmp_path, rel, message, hint):
    content = tmp_path / "content"
    write_files(content, {"blog/2019/a.md": post(rel), rel: picture(rel.rsplit(".", 1)[1].replace("jpg", "jpeg"))})
    copy_registries(content)
    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")})
    errors = [p for p in check_site(settings) if p.severity == "error"]
    assert errors  # the link's check, and for a picture the pictures' check, say the same
    for problem in errors:
        shown = problem.format()
        assert problem.line == 6 and message in shown and hint in problem.hint
        assert "outside the folders" not in shown and "without an ending" not in shown  # the old, wrong words


def test_the_build_refuses_it_in_the_same_words(build_site):
    site = build_site({"blog/2019/a.md": post("images/..jpg"), "images/..jpg": picture("jpeg")})
    assert site.status == 1
    assert '"..jpg" has no name before its ending, only dots' in site.messages and "Traceback" not in site.messages
