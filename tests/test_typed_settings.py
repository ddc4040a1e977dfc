"""The one settings loader: typed fields, today's messages, a did-you-mean, and one check per settings object."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inmind import typed_settings as ts
from inmind.errors import SettingsError

ROOT = Path(__file__).resolve().parents[1]


def _classes():
    """Return every setting declared for the loader: each plugin's settings.py, and the checker's CHECKS."""
    modules = [f"{path.parent.name}.settings" for path in sorted((ROOT / "plugins").glob("*/settings.py"))]
    found = []
    for name in [*modules, "inmind.check_settings"]:
        module = importlib.import_module(name)
        found += [value for value in vars(module).values()
                  if isinstance(value, type) and dataclasses.is_dataclass(value) and isinstance(getattr(value, "NAME", None), str)
                  and value.__module__ == module.__name__]
    return found


def test_every_converted_plugin_is_found():
    names = {kind.NAME for kind in _classes()}
    assert {"SCHEDULING", "ARTICLE_EXTRAS", "FILE_VETTING", "SHARE_CARDS", "PICTURES", "ASSETS", "EDITOR", "SITE_SEARCH",
            "PUBLISH_EXTRAS", "CONTENT_SAFETY", "SAFEGUARDING", "COPRODUCTION"} <= names


def _nonempty_words(value):
    if isinstance(value, tuple):
        return value
    raise ts.Invalid("must have a tuple")


@dataclass(frozen=True)
class Sample:
    """A setting with one field of every kind."""

    NAME: ClassVar[str] = "SAMPLE"
    EXAMPLE: ClassVar[str] = '{"on": True}'

    on: bool = ts.flag(True)
    title: str = ts.text("In Mind")
    note: str = ts.text("", empty=True)
    rel: str | None = ts.text("noopener", optional=True)
    tags: tuple = ts.strings(["a", "b"])
    filled: tuple = ts.strings(["x"], filled=True)
    level: str = ts.choice("warning", ("warning", "error"))
    count: int = ts.number(3, whole=True, above=0)
    minute: int = ts.number(7, whole=True, low=0, high=59)
    share: float = ts.number(0.5, low=0, high=1)
    size: float | None = ts.number(None, low=1, optional=True)
    folder: str = ts.relative_path("pagefind")
    page: str = ts.relative_path("search/index.html", empty=True)
    admin: str = ts.relative_path("admin", strip=True, must="must be a folder name such as 'admin'")
    labels: dict = ts.mapping({"article": "Guest blog"}, values=ts.is_filled_text)
    weights: dict = ts.mapping({"title": 3.0, "body": 1.0}, values=lambda v: ts.is_real_number(v), known=("title", "body"),
                               noun="place", merge=True)

    def check(self):
        """Refuse a title equal to the note: a rule across two fields."""
        if self.note and self.note == self.title:
            raise ts.Invalid("must differ from the title", key="note")


def load(value=None, **fields):
    return ts.load({"SAMPLE": fields if value is None else value}, Sample)


def message(value=None, **fields):
    with pytest.raises(SettingsError) as caught:
        load(value, **fields)
    return caught.value


@pytest.fixture(autouse=True)
def _fresh():
    ts.forget()
    yield
    ts.forget()


# ---- merging and the typed object ----

def test_absent_or_none_setting_gives_the_defaults():
    assert ts.load({}, Sample) == Sample() == ts.load({"SAMPLE": None}, Sample) == ts.load(None, Sample)
    assert Sample().tags == ("a", "b") and Sample().labels == {"article": "Guest blog"}


def test_user_values_override_defaults_and_keep_the_rest():
    config = load(title="Voices", tags=["c"], minute=0)
    assert (config.title, config.tags, config.minute, config.count) == ("Voices", ("c",), 0, 3)


def test_the_typed_object_cannot_be_changed():
    config = load(tags=["c"], labels={"page": "Page"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.title = "x"
    with pytest.raises(TypeError):
        config.labels["page"] = "Other"
    with pytest.raises(TypeError):
        config.labels.update(page="Other")
    assert isinstance(config.tags, tuple)


def test_the_typed_object_hashes_copies_and_pickles():
    config = load(labels={"page": "Page"}, weights={"title": 5})
    assert hash(config) == hash(load(labels={"page": "Page"}, weights={"title": 5}))
    assert pickle.loads(pickle.dumps(config)) == config
    assert copy.deepcopy(config) == config
    assert config.weights == {"title": 5, "body": 1.0}  # merged one level deep


def test_the_users_own_lists_and_dicts_are_not_shared():
    tags, labels = ["c"], {"page": "Page"}
    config = load(tags=tags, labels=labels)
    tags.append("d")
    labels["x"] = "y"
    assert config.tags == ("c",) and config.labels == {"page": "Page"}


# ---- today's messages ----

@pytest.mark.parametrize("value", ["strict", ["on"], 0, False, 3.5])
def test_a_setting_that_is_not_a_dict_says_how_to_write_it(value):
    error = message(value)
    assert error.message == "SAMPLE must be a dictionary"
    assert error.hint == 'write SAMPLE = {"on": True} in the settings file'


@pytest.mark.parametrize(("key", "suggestion"), [("tittle", "title"), ("Count", "count"), ("lables", "labels")])
def test_an_unknown_key_gets_a_did_you_mean_and_the_valid_keys(key, suggestion):
    error = message({key: 1})
    assert error.message == f"SAMPLE has an unknown key {key!r}. Did you mean \"{suggestion}\"?"
    assert error.hint.startswith("valid keys are: admin, count, filled, folder,")


@pytest.mark.parametrize("key", ["é\u0301", "\u202etitle", "<script>", "&amp;", "", " ", 5, None, ("a",)])
def test_odd_unknown_keys_are_named_not_raised(key):
    error = message({key: 1})
    assert error.message.startswith(f"SAMPLE has an unknown key {key!r}.")


@pytest.mark.parametrize(("fields", "words"), [
    ({"on": "yes"}, "SAMPLE['on'] must be True or False, not 'yes'"),
    ({"on": None}, "SAMPLE['on'] must be True or False, not None"),
    ({"title": "  "}, "SAMPLE['title'] must be a non-empty text, not '  '"),
    ({"title": None}, "SAMPLE['title'] must be a non-empty text, not None"),
    ({"note": 3}, "SAMPLE['note'] must be text, not 3"),
    ({"rel": 1}, "SAMPLE['rel'] must be a non-empty text, or None, not 1"),
    ({"tags": "a"}, "SAMPLE['tags'] must be a list of strings, not 'a'"),
    ({"tags": ["a", 1]}, "SAMPLE['tags'] must be a list of strings, not ['a', 1]"),
    ({"filled": ["x", " "]}, "SAMPLE['filled'] must be a list of non-empty strings, not ['x', ' ']"),
    ({"level": "eror"}, "SAMPLE['level'] must be \"warning\" or \"error\", not 'eror'. Did you mean \"error\"?"),
    ({"level": ["error"]}, "SAMPLE['level'] must be \"warning\" or \"error\", not ['error']"),
    ({"count": 0}, "SAMPLE['count'] must be a whole number above 0, not 0"),
    ({"count": True}, "SAMPLE['count'] must be a whole number above 0, not True"),
    ({"count": 2.0}, "SAMPLE['count'] must be a whole number above 0, not 2.0"),
    ({"minute": 60}, "SAMPLE['minute'] must be a whole number from 0 to 59, not 60"),
    ({"share": float("nan")}, "SAMPLE['share'] must be a number from 0 to 1, not nan"),
    ({"size": float("inf")}, "SAMPLE['size'] must be a number of at least 1, or None, not inf"),
    ({"folder": "/var/www"}, "SAMPLE['folder'] must be a path inside the output folder, not '/var/www'"),
    ({"folder": "a/../../b"}, "SAMPLE['folder'] must be a path inside the output folder, not 'a/../../b'"),
    ({"folder": ""}, "SAMPLE['folder'] must be a path inside the output folder, not ''"),
    ({"folder": "a\x00b"}, "SAMPLE['folder'] must be a path inside the output folder, not 'a\\x00b'"),
    ({"folder": "a\\..\\b"}, "SAMPLE['folder'] must be a path inside the output folder"),
    ({"admin": "//"}, "SAMPLE['admin'] must be a folder name such as 'admin', not '//'"),
    ({"admin": "a//b"}, "SAMPLE['admin'] must be a folder name such as 'admin', not 'a//b'"),
    ({"labels": ["article"]}, "SAMPLE['labels'] must be a dictionary, not ['article']"),
    ({"labels": {"article": ""}}, "SAMPLE['labels'] must be a dictionary, not {'article': ''}"),
    ({"weights": {"titel": 1}}, "SAMPLE['weights'] has an unknown place 'titel'. Did you mean \"title\"?"),
    ({"weights": {"title": "3"}}, "SAMPLE['weights'] must be a dictionary, not {'title': '3'}"),
    ({"note": "In Mind"}, "SAMPLE['note'] must differ from the title"),
])
def test_a_wrong_value_names_the_setting_and_key_in_todays_words(fields, words):
    assert words in message(**fields).message


def test_a_nested_rule_hints_at_the_valid_entries():
    assert message(weights={"titel": 1}).hint == "valid places are: title, body"


def test_paths_are_normalised():
    assert load(admin="/admin/").admin == "admin"
    assert load(page="").page == ""
    assert load(folder="a/b").folder == "a/b"


def test_a_long_or_hostile_value_is_shortened_in_the_message():
    class Hostile:
        def __repr__(self):
            raise RuntimeError("no")

    assert "not <Hostile>" in message(on=Hostile()).message
    long = message(title=["x" * 1000]).message
    assert len(long) < 200 and long.endswith("...")


def test_a_default_that_breaks_its_own_rule_fails_when_the_class_is_written():
    with pytest.raises(ts.Invalid):
        ts.number(0, above=0)


# ---- once per build ----

def test_one_settings_object_is_checked_once_however_often_asked():
    site = {"SAMPLE": {"title": "Voices"}}
    first = ts.load(site, Sample)
    assert all(ts.load(site, Sample) is first for _ in range(50))
    assert ts.VALIDATED["SAMPLE"] == 1 and ts.ASKED["SAMPLE"] == 51


def test_defaults_are_checked_once_per_process():
    for _ in range(5):
        ts.load({}, Sample)
        ts.load({"OTHER": 1}, Sample)
    assert ts.VALIDATED["SAMPLE"] == 1


def test_each_settings_object_is_checked_on_its_own():
    one, two = {"SAMPLE": {"count": 1}}, {"SAMPLE": {"count": 2}}
    assert (ts.load(one, Sample).count, ts.load(two, Sample).count) == (1, 2)
    assert ts.VALIDATED["SAMPLE"] == 2


def test_a_setting_changed_in_place_is_checked_again():
    site = {"SAMPLE": {"count": 1}}
    assert ts.load(site, Sample).count == 1
    site["SAMPLE"]["count"] = 0
    with pytest.raises(SettingsError, match="whole number above 0"):
        ts.load(site, Sample)
    site["SAMPLE"] = {"count": 4}
    assert ts.load(site, Sample).count == 4


def test_a_bad_setting_is_refused_every_time_it_is_asked_for():
    site = {"SAMPLE": {"count": 0}}
    for _ in range(3):
        with pytest.raises(SettingsError):
            ts.load(site, Sample)


def test_the_memo_keeps_only_recent_settings_objects():
    for count in range(1, 200):
        ts.load({"SAMPLE": {"count": count}}, Sample)
    assert len(ts._MEMO) <= ts._MEMO_SIZE


# ---- odd values: a message, never a traceback ----

_ATOMS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.binary(max_size=8),
    st.sampled_from(["&amp;", "&#0;", "<b>x</b>", "\u202e", "../..", "/", "\\", "\x00", "é\u0301", "🙂", " ",
                     "\ud800", "a\udcff", "CF-YYYY-NNN", "http://x", "//x", "/x", "*.html", "[", "(?P<"]),
)
_VALUES = st.recursive(
    _ATOMS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner),
                                    st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4)),
    max_leaves=10,
)


def _check_refused_politely(kind, user):
    try:
        made = ts.load({kind.NAME: user}, kind)
    except SettingsError as error:
        assert error.message.startswith(kind.NAME), error.message
        assert "Traceback" not in error.message
        return None
    assert isinstance(made, kind)
    hash(made)
    return made


@pytest.mark.parametrize("kind", [Sample, *_classes()], ids=lambda kind: kind.NAME)
@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_for_any_field_is_a_typed_object_or_a_message(kind, data):
    names = [spec.name for spec in dataclasses.fields(kind)]
    user = data.draw(st.dictionaries(st.sampled_from(names), _VALUES, max_size=3))
    _check_refused_politely(kind, user)


@settings(max_examples=150)
@given(data=st.data())
def test_any_key_or_whole_value_is_a_typed_object_or_a_message(data):
    kind = data.draw(st.sampled_from([Sample, *_classes()]))
    user = data.draw(st.one_of(_VALUES, st.dictionaries(st.text(), _VALUES, max_size=3)))
    _check_refused_politely(kind, user)


@pytest.mark.parametrize("kind", _classes(), ids=lambda kind: kind.NAME)
def test_every_plugin_setting_checks_its_own_defaults(kind):
    assert ts.load({}, kind) == kind()
    assert ts.load({kind.NAME: {}}, kind) == kind()


# ---- a real build ----

def _post(number):
    return (f"Title: Garden diary {number}\nDate: 2024-05-{number:02d} 09:00\nAuthor: Communications Team\n"
            f"Summary: What we grew in week {number}.\nThemes: recovery\n\n"
            + "We met in the ward garden and planned what to grow together. " * 15 + "\n")


@pytest.mark.parametrize("posts", [2, 7])
def test_a_build_checks_each_setting_once_however_many_posts(build_site, posts):
    ts.forget()
    site = build_site({f"blog/2024/diary-{n}.md": _post(n) for n in range(1, posts + 1)})
    assert site.status == 0, site.messages
    converted = {kind.NAME for kind in _classes()}
    # Every converted setting is asked for by the build (PUBLISH_EXTRAS by publish builds only), most of them
    # many times, and checked exactly once.
    asked = converted - {"PUBLISH_EXTRAS"}
    assert asked <= set(ts.ASKED)
    assert {name: ts.VALIDATED[name] for name in converted} == dict.fromkeys(asked, 1) | {"PUBLISH_EXTRAS": 0}
    assert sum(ts.ASKED.values()) > 2 * len(converted)
