"""Where a problem is: the line of a metadata field, counted as Markdown counts lines."""

import pytest

from inmind.errors import counted, line_of, metadata_line

HEADER = "Title: A post\u2028with a line separator\x85and a NEL\r\nSummary: Words.\r\nShare-image: x.png\n\nShare-image: in the body\n"


@pytest.fixture
def post(tmp_path):
    path = tmp_path / "post.md"
    path.write_text(HEADER, encoding="utf-8")
    return path


def test_a_field_is_found_at_its_line_in_the_header_only(post):
    assert metadata_line(post, "Share-image") == 3
    assert metadata_line(post, "summary") == 2
    # Not in the header: line 1, never a body line that looks like a field.
    assert metadata_line(post, "Slug") == 1


def test_line_of_counts_only_real_line_ends(post):
    assert line_of(post, r"^Summary:") == 2


def test_a_missing_file_is_line_one(tmp_path):
    assert metadata_line(tmp_path / "missing.md", "Title") == 1
    assert metadata_line(None, "Title") == 1


@pytest.mark.parametrize(("number", "said"), [(0, "0 errors"), (1, "1 error"), (2, "2 errors"), (21, "21 errors")])
def test_a_count_is_said_in_plain_words(number, said):
    assert counted(number, "error") == said
    assert counted(number, "line still has", "lines still have").startswith(f"{number} line")
    assert "(s)" not in counted(number, "file")
