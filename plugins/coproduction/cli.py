"""Show the themes one Markdown file would get, with the evidence, without building the site.

Run as ``python -m coproduction.cli [--settings FILE] [--all] PATH.md`` (``invoke themes PATH.md``).
The file can be anywhere, for example a draft in your downloads folder.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from types import SimpleNamespace

from inmind.errors import ContentError
from inmind.source import parse

from . import handlers


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
        raise ContentError(
            "the file is not saved as UTF-8", path=file, hint="save it again from your editor choosing the encoding UTF-8"
        ) from None
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
    state = handlers.State(pelican_settings)
    post = read_post(path, pelican_settings)
    return handlers.item_themes(post, state), handlers.auto_enabled(post), state


def format_theme(item_theme):
    """Return one line: the label, how it was given, and the evidence."""
    how = "automatic" if item_theme.automatic else "from Themes:"
    if item_theme.evidence:
        return f"{item_theme.label} ({how}; score {item_theme.score:.2f}): " + "; ".join(str(e) for e in item_theme.evidence)
    return f"{item_theme.label} ({how}; not found in the text)"


def main(argv=None, stream=None):
    """Command-line entry point; returns the exit status."""
    stream = stream or sys.stdout
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the Markdown file")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--all", action="store_true", help="also list themes found below the threshold")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[2]
    try:
        from pelican.settings import read_settings

        settings_file = Path(args.settings)
        pelican_settings = read_settings(str(settings_file if settings_file.is_absolute() else root / settings_file))
        themes, auto, state = themes_for(args.path, pelican_settings)
    except ContentError as exc:
        here = os.getcwd()
        inside = exc.path and not os.path.relpath(exc.path, here).startswith("..")
        print(exc.format(here if inside else None), file=sys.stderr)
        return 1
    if not themes:
        print("No themes: add a Themes: line, or write more about the post's subject.", file=stream)
    for item_theme in themes:
        print(format_theme(item_theme), file=stream)
    if not auto:
        print("(Automatic themes are off for this post: Auto-themes: off.)", file=stream)
    if args.all:
        given = {t.slug for t in themes}
        post = read_post(args.path, pelican_settings)
        for score in handlers.scores_of(post, state):
            if score.slug not in given:
                label = state.themes[score.slug].label
                print(f"  below the threshold or over the limit: {label}: {score.describe()}", file=stream)
    return 0


if __name__ == "__main__":
    sys.exit(main())
