"""inmind.source's readers of values and its shared parse: what the plugins' checks build on."""

import threading

import pytest

from inmind.source import as_list, first, parse, parse_shared

TEXT = "Title: A post\nCaptions: checked\nCaptions: none\n\nBody.\n"


@pytest.mark.parametrize(
    ("value", "listed"),
    [(None, []), ("one", ["one"]), ("  ", []), (["a", " ", " b "], ["a", "b"]), (("x",), ["x"]), ([], [])],
)
def test_a_value_given_once_or_repeated_reads_as_a_list(value, listed):
    assert as_list(value) == listed
    assert first(value) == (listed[0] if listed else "")


def test_the_same_text_is_parsed_once_for_every_check_that_asks():
    text = "".join(TEXT)  # a text object of its own
    shared = parse_shared(text)
    assert parse_shared(text) is shared
    assert shared.metadata == parse(text).metadata == {"title": "A post", "captions": ["checked", "none"]}


def test_another_text_is_parsed_afresh_even_when_equal():
    first_text, second_text = "".join(["Title: A\n", "\nBody.\n"]), "".join(["Title: A\n", "\nBody.\n"])
    assert first_text == second_text and first_text is not second_text
    assert parse_shared(first_text) is not parse_shared(second_text)
    other = parse_shared("Title: B\n\nOther.\n")
    assert other.value("title") == "B"


def test_threads_never_get_another_texts_source():
    texts = [f"Title: Post {n}\n\nBody {n}.\n" for n in range(40)]
    wrong = []

    def ask(offset):
        for _ in range(200):
            for n in range(offset, len(texts), 4):
                if parse_shared(texts[n]).value("title") != f"Post {n}":
                    wrong.append(n)

    threads = [threading.Thread(target=ask, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_a_field_given_twice_is_read_once_and_one_that_takes_a_line_per_value_whole():
    source = parse("Title: A post\nSeries: In Mind\nseries: Other\nHighlight: One.\nHighlight: Two.\n"
                   "Role-group: carer\nRole-group: carer\n\nBody.\n")
    assert source.grouped() == {"title": ["A post"], "series": ["In Mind"], "highlight": ["One.", "Two."],
                                "role-group": ["carer"]}
    assert source.metadata == {"title": "A post", "series": "In Mind", "highlight": ["One.", "Two."],
                               "role-group": "carer"}
    assert source.values("series") == [("In Mind", 2), ("Other", 3)]  # the checks still see both lines
