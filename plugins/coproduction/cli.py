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
import textwrap
from pathlib import Path
from types import SimpleNamespace

from inmind.check_file import SAVE_AS_UTF8
from inmind.errors import ContentError, Problem
from inmind.files import unreadable
from inmind.source import as_list, parse

from . import annotate, suggest
from .phrases import html_to_text
from .state import State


def read_post(path, pelican_settings):
    """Return a post-like object (metadata, title, HTML body) for one Markdown file, or raise ContentError."""
    import markdown

    file = Path(path).expanduser()
    if file.is_symlink() and not file.exists():
        message, hint = unreadable()
        raise ContentError(message, path=file.absolute(), hint=hint)
    if not file.exists():
        raise ContentError("cannot find this file", path=file.absolute(), hint="check the name and folder; a full path always works")
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
    for transcript in transcripts_of(source, pelican_settings):
        # The build puts each transcript file under its video, in the post's body, where its words count too.
        body += "\n" + markdown.Markdown(**options).convert(transcript)
    return SimpleNamespace(
        source_path=str(file),
        metadata=source.metadata,
        title=source.value("title") or "",
        _content=body,
    )


def transcripts_of(source, pelican_settings):
    """Return the bodies of the transcript files a post names (``Transcript:``) that a build would read.

    Only files inside the transcripts' folder of the content folder are read, as in a build; a value naming any
    other file is left out here (``invoke check`` says what is wrong with it).
    """
    from video_embeds import settings as video_settings
    from video_embeds import source as video_source
    from video_embeds import transcripts

    values = as_list(source.metadata.get("transcript"))  # as the build reads them (video_embeds.handlers)
    if not values:
        return []
    # Each transcript file belongs under a video: with no video, or more files than videos, the build refuses the
    # whole Transcript: line (invoke check says why), and reads none of them.
    if len(values) > sum(not isinstance(video_source.candidate(found, ""), Problem) for found in video_source.scan(source)):
        return []
    root = Path(pelican_settings["PATH"]).resolve()
    folder = (root / video_settings.merged(pelican_settings).transcript_dir).resolve()
    found = []
    for value in values:
        target = transcripts.target(value, root)
        if target is not None and folder in target.parents and target.is_file():
            try:
                found.append(parse(target.read_text(encoding="utf-8-sig")).body)
            except (OSError, UnicodeDecodeError):
                continue  # unreadable: invoke check and the build say so
    return found


def themes_for(path, pelican_settings):
    """Return the ItemTheme list a file would get in a build."""
    state = State(pelican_settings)
    post = read_post(path, pelican_settings)
    return annotate.item_themes(post, state, explain=True), annotate.auto_enabled(post), state


# Learned words named one by one in the evidence, for and against a theme; the rest are counted.
SHOWN_LEARNED = 4
# Details under a theme are indented so that each theme's name stands out at the left edge; a line longer than
# WIDTH goes on below, further in, so that it reads in an ordinary terminal window.
DETAIL = "    "
MORE = "      "
WIDTH = 100


def wrapped(text, indent=DETAIL):
    """Return ``text`` as lines of at most WIDTH characters, the first at ``indent``, the rest at MORE."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=MORE, break_long_words=False,
                         break_on_hyphens=False)


def wrapped_items(head, items):
    """Return ``head`` and ``items`` joined by "; " in lines of at most WIDTH characters, never breaking an item."""
    lines, line = [], DETAIL + head
    for n, item in enumerate(items):
        piece = item + (";" if n < len(items) - 1 else "")
        if len(line) + 1 + len(piece) > WIDTH and line.strip() != head.strip():
            lines.append(line)
            line = MORE + piece
        else:
            line += " " + piece
    return [*lines, line]


def format_phrases(evidence):
    """Return the lines of the phrases of themes.toml found, or "none found"."""
    return wrapped_items("phrases:", [str(e) for e in evidence if not e.learned] or ["none found"])


def format_learned(added):
    """Return the learned words as text: what they added for the theme and took off against it, the strongest named.

    ``added`` is Tagger.learned_added's list. A learned word counts once a post however often it is used, so
    only the sums are given, in the score's own units, with the words behind them.
    """
    parts = []
    for pieces, side in (([(e, a) for e, a in added if a > 0], "for it"), ([(e, a) for e, a in added if a < 0], "against it")):
        if not pieces:
            continue
        pieces.sort(key=lambda piece: (-abs(piece[1]), piece[0].phrase))
        named = ", ".join(e.phrase for e, _ in pieces[:SHOWN_LEARNED])
        rest = len(pieces) - SHOWN_LEARNED
        if rest > 0:
            named += f" and {rest} more"
        parts.append(f"{sum(a for _, a in pieces):+.2f} {side} ({named})")
    return "; ".join(parts)


def format_details(evidence, added, score_line, model_line):
    """Return the indented lines under a theme: phrases, learned words, score, word model."""
    lines = format_phrases(evidence)
    learned = format_learned(added)
    if learned:
        lines += wrapped(f"learned words: {learned}")
    for line in (score_line, model_line):
        if line:
            lines += wrapped(line)
    return lines


def format_theme(item_theme, added=(), needed=None, model=None):
    """Return the lines of one theme given: its label and how, then its evidence, score and the word model's view.

    ``needed`` is the score the theme had to reach in this post; ``model`` the word model (its bars explain a
    theme it alone gave).
    """
    how = "automatic" if item_theme.automatic else "from your Themes: line"
    score = f"score {item_theme.score:.2f}" if item_theme.evidence else ""
    if score and item_theme.automatic and needed is not None:
        score += f" (a theme needs {needed:.2f} here)"
    lines = [f"{item_theme.label} ({how})", *format_details(item_theme.evidence, added, score, item_theme.model_line)]
    if not item_theme.automatic:
        if not item_theme.evidence:
            lines += wrapped("kept because your Themes: line names it, though the text does not")
    elif model is not None and item_theme.model_line and (needed is None or item_theme.score < needed):
        # Given on the word model's word alone: say so, and what to do if an editor disagrees.
        lines += wrapped(f"given by the word model alone (it gives a theme on its own from {model.sure:.0%} sure); "
                         "if that is wrong, add Auto-themes: off and list the themes you want in Themes:")
    return lines


def format_near_miss(near, label, added=()):
    """Return the lines of a theme that came close: why it fell short, what would give it, and its evidence."""
    tip = near.tip[:1].upper() + near.tip[1:]
    model = near.score.model_line() if near.score.sure is not None else ""
    return [*wrapped(f"came close: {label}: {near.reason}", "  "), *wrapped(f"{tip}."),
            *format_details(near.score.evidence, added, "", model)]


def show_file(path, pelican_settings, show_all, stream):
    """Print one file's themes, the themes that came close and, with ``show_all``, every other theme found."""
    themes, auto, state = themes_for(path, pelican_settings)
    tagger = state.tagger
    scores = annotate.scores_of(read_post(path, pelican_settings), state)
    added = {score.slug: tagger.learned_added(score) for score in scores}
    by_slug = {score.slug: score for score in scores}
    bar = tagger.bar(scores)
    top = max((s.score for s in scores), default=0.0)
    strongest = tagger.strongest(scores, top)

    def needed(slug):
        return tagger.needed(by_slug[slug], top, bar, strongest) if slug in by_slug else bar

    if not themes:
        print("No themes: add a Themes: line, or write more about the post's subject.", file=stream)
    for item_theme in themes:
        for line in format_theme(item_theme, added.get(item_theme.slug, ()), needed(item_theme.slug), tagger.model):
            print(line, file=stream)
    if not auto:
        print("(Automatic themes are off for this post: Auto-themes: off.)", file=stream)
    given = {t.slug for t in themes}
    # The automatic themes are worked out again beside the Themes: line's: the ones over the limit are close.
    near = tagger.near_misses(scores, exclude={t.slug for t in themes if not t.automatic}) if auto else []
    for miss in near:
        for line in format_near_miss(miss, state.themes[miss.score.slug].label, added[miss.score.slug]):
            print(line, file=stream)
    if show_all:
        shown = given | {m.score.slug for m in near}
        for score in scores:
            if score.slug not in shown:
                label = state.themes[score.slug].label
                head = wrapped(f"not given: {label}: score {score.score:.2f} of the {needed(score.slug):.2f} needed", "  ")
                for line in [*head, *format_details(score.evidence, added[score.slug], "", score.model_line())]:
                    print(line, file=stream)


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
    except BrokenPipeError:
        # The reader stopped early (``invoke themes FILE | head``): nothing more to say, and no traceback.
        if stream is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except ContentError as exc:
        here = os.getcwd()
        inside = exc.path and not os.path.relpath(exc.path, here).startswith("..")
        print(exc.format(here if inside else None), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
