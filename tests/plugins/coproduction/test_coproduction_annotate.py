"""Posts checked as they are read and scored in one pass once all are read get exactly the themes of one at a time."""

import tomllib
from types import SimpleNamespace

import pytest
from conftest import ROOT
from coproduction import annotate
from coproduction.state import State
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.settings import read_settings
from pelican.urlwrappers import Author

from inmind.errors import ContentError

PHRASES = [
    phrase
    for entry in tomllib.loads((ROOT / "content" / "themes.toml").read_text(encoding="utf-8"))["theme"]
    for phrase in entry.get("phrases", [])
]
SLUGS = [entry["slug"] for entry in tomllib.loads((ROOT / "content" / "themes.toml").read_text(encoding="utf-8"))["theme"]]
CARERS = "<p>Carers and carers' groups: carers support carers.</p>"


@pytest.fixture(scope="module")
def state():
    return State(read_settings(str(ROOT / "pelicanconf.py")))


def item(state, body, *, title="A post", **metadata):
    return SimpleNamespace(
        source_path=str(ROOT / "content" / "blog" / "2017" / "importance-of-co-production.md"),
        metadata=metadata,
        title=title,
        _content=body,
        authors=[Author("Joe Rafferty", state.settings)],
    )


def scored_later(state, *items):
    """Annotate each post as the build does (checked now, scored later), then score them all in one pass."""
    for post in items:
        annotate.annotate(post, state, later=True)
    annotate.score_read_posts(state)
    return items


def one_at_a_time(state, post):
    annotate.annotate(post, state)
    return post.themes


HOSTILE = [
    ("<p>Carers &amp; families: the carers&#39; group met. Carers, carers, carers.</p>", {}),
    ("<p>Peer support and co&#8209;production in recovery <script>alert(1)</script> recovery.</p>",
     {"summary": "<em>Recovery</em> &mdash; peer support"}),
    ("<p>The Mental Capacity Act (MCA) says… MCA, MCA and the CQC’s ratings.</p>", {"themes": "carers"}),
    ("<p>ＣＯ－ＰＲＯＤＵＣＴＩＯＮ e\u0301 co\u00adproduction 🧠 recovery\u200brecovery</p>", {"auto-themes": "off"}),
    ("", {"highlight": ["Governors held the board to account", "carers, service users and staff"]}),
]


@pytest.mark.parametrize(("body", "metadata"), HOSTILE)
def test_one_pass_gives_each_post_the_themes_it_gets_alone(state, body, metadata):
    alone = one_at_a_time(state, item(state, body, **metadata))
    (post,) = scored_later(state, item(state, body, **metadata))
    assert post.themes == alone
    assert [(t.slug, t.automatic, t.score, t.evidence) for t in post.themes] == [
        (t.slug, t.automatic, t.score, t.evidence) for t in alone]


def test_the_text_scored_is_the_text_as_read(state):
    post = item(state, CARERS)
    annotate.annotate(post, state, later=True)
    post._content = "<p>Governance and accountability: the board, the board, the governors.</p>"  # a later plugin
    post.title = "Governance"
    annotate.score_read_posts(state)
    assert [t.slug for t in post.themes] == ["carers"]


def test_a_bad_theme_stops_the_post_as_it_is_read_not_later(state):
    with pytest.raises(ContentError) as caught:
        annotate.annotate(item(state, "<p>Words.</p>", themes="carer"), state, later=True)
    assert 'unknown theme "carer"' in caught.value.message
    assert caught.value.line >= 1
    assert state.unscored == []  # nothing half-done is left to score


def test_each_post_is_scored_once_and_the_list_is_emptied(state):
    first, second = scored_later(state, item(state, "<p>recovery recovery</p>"), item(state, "<p>carers carers</p>"))
    themes = (first.themes, second.themes)
    assert state.unscored == []
    annotate.score_read_posts(state)  # a second call (autoreload, a second collect) finds nothing to do
    assert (first.themes, second.themes) == themes


def test_content_read_outside_a_run_is_tagged_at_once(state, monkeypatch):
    from pelican.contents import Article

    post = item(state, CARERS)
    post._context = None
    post.settings = state.settings
    monkeypatch.setattr(annotate, "Article", SimpleNamespace)  # stands in for Pelican's Article class
    monkeypatch.setattr(annotate, "state_for", lambda context, settings: state)
    annotate.annotate_content(post)
    assert [t.slug for t in post.themes] == ["carers"]
    assert state.unscored == []
    assert Article is not SimpleNamespace


def test_content_read_in_a_run_waits_for_the_one_pass(state, monkeypatch):
    post = item(state, CARERS)
    post._context = {}
    post.settings = state.settings
    monkeypatch.setattr(annotate, "Article", SimpleNamespace)
    monkeypatch.setattr(annotate, "state_for", lambda context, settings: state)
    annotate.annotate_content(post)
    assert not hasattr(post, "themes") and len(state.unscored) == 1
    annotate.score_read_posts(state)
    assert [t.slug for t in post.themes] == ["carers"]


words = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from(["and", ",", "the", "(", ")", "&amp;", "<b>", "</b>", "—", "carers,", "CQC", "MCA", "’s"]),
    st.text(min_size=1, max_size=12),
)
texts = st.lists(words, max_size=60).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(bodies=st.lists(st.tuples(texts, texts, st.lists(st.sampled_from(SLUGS), max_size=2, unique=True)),
                       min_size=1, max_size=6))
def test_a_posts_themes_never_depend_on_the_posts_scored_with_it(state, bodies):
    made = [item(state, f"<p>{body}</p>", title=title or "A post", themes=", ".join(named)) if named
            else item(state, f"<p>{body}</p>", title=title or "A post") for body, title, named in bodies]
    together = scored_later(state, *made)
    for (body, title, named), post in zip(bodies, together, strict=True):
        metadata = {"themes": ", ".join(named)} if named else {}
        alone = one_at_a_time(state, item(state, f"<p>{body}</p>", title=title or "A post", **metadata))
        assert post.themes == alone
