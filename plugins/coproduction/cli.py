"""Show the themes one Markdown file would get, with the evidence, without building the site.

Run as ``python -m coproduction.cli [--settings FILE] [--all] PATH.md`` (``invoke themes PATH.md``).
The file can be anywhere, for example a draft in your downloads folder. Themes that came close are listed
too, with what would have tipped them. ``--suggest`` instead lists, for each theme, phrases common in the
site's posts given that theme in ``Themes:`` that its vocabulary lacks (``invoke themes --suggest``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from types import SimpleNamespace

from inmind.check_file import SAVE_AS_UTF8
from inmind.errors import ContentError
from inmind.source import parse

from . import annotate, suggest
from .phrases import html_to_text
from .state import State


def read_post(path, pelican_settings):
    """Return a post-like object (metadata, title, HTML body) for one Markdown file, or raise ContentError."""
    import markdown

    file = Path(path).expanduser()
    if not file.exists():
        raise ContentError("cannot find this file", path=file.resolve(), hint="check the name and folder; a full path always works")
    if file.is_dir():
        raise ContentError("this is a folder, not a Markdown file", path=file, hint="give the path of one .md file")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read this file: {exc.strerror}", path=file, hint="check its permissions") from None
    if b"\x00" in data[:65536]:
        raise ContentError("this is not a text file", path=file, hint="give the path of a Markdown (.md) file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError("the file is not saved as UTF-8", path=file, hint=SAVE_AS_UTF8) from None
    source = parse(text)
    options = dict(pelican_settings.get("MARKDOWN") or {})
    body = markdown.Markdown(**options).convert(source.body)
    return SimpleNamespace(
        source_path=str(file),
        metadata=source.metadata,
        title=source.value("title") or "",
        _content=body,
    )


def themes_for(path, pelican_settings):
    """Return the ItemTheme list a file would get in a build."""
    state = State(pelican_settings)
    post = read_post(path, pelican_settings)
    return annotate.item_themes(post, state), annotate.auto_enabled(post), state


# Learned words named one by one in the evidence, for and against a theme; the rest are summed.
SHOWN_LEARNED = 4


def format_evidence(evidence, added):
    """Return the evidence as text: the phrases found, then the learned words summed, the strongest named.

    ``added`` is Tagger.learned_added's list for the same evidence. A learned word counts once a post however
    often it is used, so it is shown with what it added to the score, not with its number of mentions.
    """
    parts = [str(e) for e in evidence if not e.learned]
    for pieces, heading in (
        ([(e, a) for e, a in added if a > 0], "learned words {total:+.2f}, each counted once"),
        ([(e, a) for e, a in added if a < 0], "learned words against it {total:+.2f}"),
    ):
        if not pieces:
            continue
        pieces.sort(key=lambda piece: (-abs(piece[1]), piece[0].phrase))
        named = [f"{e.phrase} {a:+.2f}" for e, a in pieces[:SHOWN_LEARNED]]
        rest = pieces[SHOWN_LEARNED:]
        if rest:
            named.append(f"{len(rest)} more {sum(a for _, a in rest):+.2f}")
        parts.append(heading.format(total=sum(a for _, a in pieces)) + ": " + ", ".join(named))
    return "; ".join(parts)


def format_theme(item_theme, added=()):
    """Return one line: the label, how it was given, and the evidence (``added``: its learned words' worth)."""
    how = "automatic" if item_theme.automatic else "from Themes:"
    model = f"; {item_theme.model_line}" if item_theme.model_line else ""
    if item_theme.evidence:
        return f"{item_theme.label} ({how}; score {item_theme.score:.2f}): " + format_evidence(item_theme.evidence, added) + model
    if item_theme.automatic:
        return f"{item_theme.label} ({how}; no phrase of it found{model})"
    return f"{item_theme.label} ({how}; not found in the text{model})"


def format_near_miss(near, label, added=()):
    """Return one line: a theme that came close, why it fell short, what would tip it, and its evidence."""
    evidence = format_evidence(near.score.evidence, added) or "no phrase of it found"
    model = f"; {near.score.model_line()}" if near.score.sure is not None else ""
    return f"  came close: {label}: {near.reason}; {near.tip}. Evidence: " + evidence + model


def show_file(path, pelican_settings, show_all, stream):
    """Print one file's themes, the themes that came close and, with ``show_all``, every other theme found."""
    themes, auto, state = themes_for(path, pelican_settings)
    scores = annotate.scores_of(read_post(path, pelican_settings), state)
    added = {score.slug: state.tagger.learned_added(score) for score in scores}
    if not themes:
        print("No themes: add a Themes: line, or write more about the post's subject.", file=stream)
    for item_theme in themes:
        print(format_theme(item_theme, added.get(item_theme.slug, ())), file=stream)
    if not auto:
        print("(Automatic themes are off for this post: Auto-themes: off.)", file=stream)
    given = {t.slug for t in themes}
    # The automatic themes are worked out again beside the Themes: line's: the ones over the limit are close.
    near = state.tagger.near_misses(scores, exclude={t.slug for t in themes if not t.automatic}) if auto else []
    for miss in near:
        print(format_near_miss(miss, state.themes[miss.score.slug].label, added[miss.score.slug]), file=stream)
    if show_all:
        shown = given | {m.score.slug for m in near}
        for score in scores:
            if score.slug not in shown:
                label = state.themes[score.slug].label
                print(f"  below the threshold or over the limit: {label}: score {score.score:.2f}: "
                      + format_evidence(score.evidence, added[score.slug]), file=stream)


def site_posts(pelican_settings, state):
    """Return (explicit theme slugs, plain text) for every Markdown file of the site's content."""
    content = Path(pelican_settings.get("PATH") or ".")
    posts = []
    for file in sorted(content.rglob("*.md")):
        post = read_post(file, pelican_settings)
        named, _unknown = state.theme_names.named(annotate.values_of(post, "themes"))
        slugs = {theme.slug for theme in named}
        summary = post.metadata.get("summary", "")
        posts.append((slugs, " . ".join([post.title, html_to_text(summary), html_to_text(post._content)])))
    return posts


def show_suggestions(pelican_settings, stream):
    """Print, for each theme given by hand somewhere, the phrases its vocabulary could add."""
    state = State(pelican_settings)
    posts = site_posts(pelican_settings, state)
    found = suggest.suggest(posts, state.tagger)
    if not found:
        print("No post has a Themes: line yet, so there is nothing to learn from.", file=stream)
    for slug, suggestions in found.items():
        tagged = sum(1 for slugs, _ in posts if slug in slugs)
        others = len(posts) - tagged
        label = state.themes[slug].label
        if not suggestions:
            print(f"{label}: nothing to add (from {tagged} posts with Themes: {slug}).", file=stream)
            continue
        print(f"{label}: phrases common in its {tagged} posts with Themes: {slug}, rare elsewhere, not yet in its phrases:", file=stream)
        for s in suggestions:
            print(f'  "{s.phrase}": in {s.with_theme} of {tagged} posts with the theme, {s.others} of {others} others', file=stream)
    if found:
        print(f"Add the ones that really mean the theme to the phrases of {state.vocabulary_path.name}.", file=stream)


def main(argv=None, stream=None):
    """Command-line entry point; returns the exit status."""
    stream = stream or sys.stdout
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", help="the Markdown file")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--all", action="store_true", help="also list themes found below the threshold")
    parser.add_argument("--suggest", action="store_true", help="suggest phrases for each theme from the posts given it in Themes:")
    args = parser.parse_args(argv)
    if bool(args.path) == args.suggest:
        parser.error("give the path of one Markdown file, or --suggest")
    root = Path(__file__).resolve().parents[2]
    try:
        from pelican.settings import read_settings

        settings_file = Path(args.settings)
        pelican_settings = read_settings(str(settings_file if settings_file.is_absolute() else root / settings_file))
        if args.suggest:
            show_suggestions(pelican_settings, stream)
        else:
            show_file(args.path, pelican_settings, args.all, stream)
    except ContentError as exc:
        here = os.getcwd()
        inside = exc.path and not os.path.relpath(exc.path, here).startswith("..")
        print(exc.format(here if inside else None), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
