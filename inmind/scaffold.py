"""Start new content files (``invoke new``, ``invoke new-agm``) with valid metadata and a draft status."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from coproduction import vocabulary
from coproduction.rules import joined_message, joined_writers
from coproduction.vocabulary import ROLE_GROUPS

from inmind.check_file import unreadable_date
from inmind.errors import ContentError, did_you_mean
from inmind.source import PLACEHOLDER, TITLE_MAX, first, parse, read_date, slug_problem, title_problems

SERIES = "In Mind"


def slug_for(title):
    """Return the web-address slug Pelican would make from ``title``."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    return slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def _refuse_real_names(content, **values):
    """Refuse a title, slug, author, role or series that holds an anonymous writer's real name: the file goes in git."""
    from coproduction import privacy, private

    authors = vocabulary.load_authors(content / "authors.toml")
    matcher = privacy.Matcher([hidden for *_, hidden in private.load(authors, {})])
    for what, value in values.items():
        found = matcher.find(value) if value else None
        close = matcher.close(value) if value and found is None else None
        if found is not None or close is not None:
            # Never quote the value: it is the name, or a misspelling of it, which names the writer as well.
            words = private.real_name(found) if found else private.close_to_real_name(close)
            raise ContentError(
                f"the {what} contains {words}",
                hint=f'use their public name ("{(found or close.name).public_name}") and a title without their '
                "name; the real name must never be written in content/",
            )


def _authors(content, names, role, role_group):
    registry = content / "authors.toml"
    authors = vocabulary.load_authors(registry)
    known = {author.name.casefold(): author.name for author in authors}
    for name in names:
        joined = joined_writers(name, vocabulary.Registry(authors))
        if joined and name.casefold() not in known:
            raise ContentError(joined_message(name, joined),
                               hint=f'separate them with commas: --author "{", ".join(joined)}"')
    resolved, guests = [], []
    for name in names:
        match = known.get(name.casefold())
        if match:
            resolved.append(match)
        else:
            guests.append(name)
            resolved.append(name)
    if guests and not (role and role_group):
        name = guests[0]
        raise ContentError(
            f'"{name}" is not in content/authors.toml.{did_you_mean(name, known.values())}',
            hint="check the spelling, add them to content/authors.toml, or for a one-off guest give "
            '--role "their role" and --role-group (one of: ' + ", ".join(ROLE_GROUPS) + "); a writer who stays "
            "anonymous is never a one-off guest: add their public name to content/authors.toml with anonymous = true "
            "first (README, 'Anonymous writers')",
        )
    if role_group and role_group not in ROLE_GROUPS:
        raise ContentError(f'"{role_group}" is not a role group.{did_you_mean(role_group, ROLE_GROUPS)}',
                           hint="choose one of: " + ", ".join(ROLE_GROUPS))
    return resolved, bool(guests)


def _themes(content, themes):
    entries = vocabulary.load_themes(content / "themes.toml")
    by_key = {}
    for entry in entries:
        by_key[entry.slug.casefold()] = entry.slug
        by_key[entry.label.casefold()] = entry.slug
    chosen = []
    for theme in themes:
        slug = by_key.get(theme.casefold())
        if slug is None:
            slugs = [e.slug for e in entries]
            raise ContentError(f'"{theme}" is not a theme in content/themes.toml.{did_you_mean(theme, slugs)}',
                               hint="valid themes are: " + ", ".join(slugs))
        if slug not in chosen:
            chosen.append(slug)
    return chosen


def _one_line(value):
    """Return ``value`` as one line, every run of spaces and line breaks one space: what a metadata line can hold.

    A line break typed in an option (a role, then a new line and "Save_as: index.html") wrote a field of its own.
    """
    return " ".join((value or "").split())


def _split(value):
    if isinstance(value, list | tuple):
        value = ",".join(value)
    return [_one_line(part) for part in (value or "").split(",") if part.strip()]


def _next_series_index(content, series=SERIES):
    highest = 0
    for path in (content / "blog").rglob("*.md"):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if re.search(rf"^Series:\s*{re.escape(series)}\s*$", text, re.MULTILINE | re.IGNORECASE):
            found = re.search(r"^Series_index:\s*(\d+)\s*$", text, re.MULTILINE | re.IGNORECASE)
            if found:
                highest = max(highest, int(found.group(1)))
    return highest + 1


def _refuse_existing(target, hint):
    """Raise when ``target`` exists: a new file never replaces one."""
    if target.exists():
        raise ContentError(f"{target.name} already exists; it was left as it is", path=target, hint=hint)


def _existing_slug(content, slug):
    for folder in ("blog", "pages"):
        for path in sorted((content / folder).rglob("*.md")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            found = re.search(r"^Slug:\s*(\S+)\s*$", text, re.MULTILINE | re.IGNORECASE)
            if (found and found.group(1) == slug) or (not found and path.stem == slug):
                return path
    return None


# What the communications officer must do before a guest's post is published: an HTML comment, which the
# site never publishes (content_safety removes every comment), at the top of the text.
CONSENT_NOTE = """<!-- For the communications officer, before this post is published:
- Consent: replace the words after "Consent:" above with the reference on the writer's signed consent form.
  It holds no names or other personal data. Until it is filled in, the post cannot be published.
- Anonymity: if the writer does not want their name published, the Author: line must hold a public name
  such as "A carer", set up in content/authors.toml with anonymous = true, and their real name goes only
  in private/names.toml (README, "Anonymous writers"), never in content/ or git.
The site never publishes this note. -->

"""


def post_text(*, title, authors, slug, date, themes=(), series_index=None, role=None, role_group=None, series=SERIES,
              consent=None):
    """Return the Markdown of a new draft post; ``consent``: the Consent: line's first words, for a guest writer."""
    lines = [f"Title: {title}", f"Date: {date:%Y-%m-%d %H:%M}"]
    lines.append(f"Authors: {', '.join(authors)}" if len(authors) > 1 else f"Author: {authors[0]}")
    if role:
        lines += [f"Author-role: {role}", f"Role-group: {role_group}"]
    if consent:
        lines.append(f"Consent: {consent}")
    lines += [f"Slug: {slug}", f"Summary: {PLACEHOLDER} with one or two sentences that say what the post is about."]
    if series_index:
        lines += [f"Series: {series}", f"Series_index: {series_index}"]
    if themes:
        lines.append(f"Themes: {', '.join(themes)}")
    lines.append("Status: draft")
    body = f"""
{CONSENT_NOTE if consent else ""}{PLACEHOLDER} with a short first paragraph. Tell the reader who you are and what this post is about.

## {PLACEHOLDER} with the heading of your first section

{PLACEHOLDER} with your own words. Short sentences and everyday words help everyone, including people \
reading on a small screen or in a second language.

## {PLACEHOLDER} with the heading of your next section

Add as many sections as you need, each with a ## heading, and delete any you do not use. To link to \
another post, write its title in square brackets and its file in round ones, like this: \
`[Asked, not told]({{filename}}/blog/2017/asked-not-told.md)`.
"""
    return "\n".join(lines) + "\n" + body


def agm_text(*, year, date):
    """Return the Markdown of a new draft AGM summary."""
    return f"""Title: Annual General Meeting {year}
Date: {date:%Y-%m-%d %H:%M}
Author: Communications Team
Slug: agm-{year}
Summary: {PLACEHOLDER} with one or two sentences about the {year} Annual General Meeting.
Venue: {PLACEHOLDER} with the venue's name and address
Highlight: {PLACEHOLDER} with one highlight of the year; add one Highlight: line for each.
Status: draft

Our Annual General Meeting (AGM) took place on {date:%A %-d %B %Y}. {PLACEHOLDER} with where it was held, \
who came along and what the meeting covered.

## {PLACEHOLDER} with the heading of the first part of the meeting

{PLACEHOLDER} with what was said. To add a video, paste its YouTube or Vimeo link on a line of its own, and \
add the transcript at the end under a heading ## Transcript.

## Questions from the floor

{PLACEHOLDER} with the questions people asked and the answers they were given.
"""


def series_names(content):
    """Return the names of the series the blog's posts already belong to, the house series first."""
    found = {SERIES}
    for path in (Path(content) / "blog").rglob("*.md"):
        try:
            match = re.search(r"^Series:\s*(.+?)\s*$", path.read_text(encoding="utf-8"), re.MULTILINE | re.IGNORECASE)
        except (OSError, UnicodeDecodeError):
            continue
        if match:
            found.add(match.group(1))
    return [SERIES, *sorted(found - {SERIES})]


def new_post(content, *, title, author, themes=None, slug=None, role=None, role_group=None, now=None, series=None):
    """Write a new draft post under content/blog/<year>/ (in ``series`` if given); return its path. Never overwrites.

    ``series`` may be a function that asks for it: it is called only once everything else is valid, so nobody
    answers a question and then learns the author was misspelt.
    """
    content = Path(content)
    title, role, role_group = _one_line(title), _one_line(role) or None, _one_line(role_group) or None
    if not title:
        raise ContentError("the post needs a title", hint='give one, such as --title "What co-production means to me"')
    # The checks' own rules, so a new post never starts with a title or slug they would refuse.
    refused = [*title_problems(title), *filter(None, [slug_problem(slug or "")])]
    if refused:
        _check_id, message, hint = refused[0]
        raise ContentError(message, hint=hint)
    names = _split(author)
    if not names:
        raise ContentError("the post needs an author", hint='give one, such as --author "Communications Team"')
    # First: later messages quote the author.
    _refuse_real_names(content, title=title, author=", ".join(names), role=role)
    authors, guest = _authors(content, names, role, role_group)
    chosen = _themes(content, _split(themes))
    slug = slug or slug_for(title)
    _refuse_real_names(content, slug=slug)
    if not slug or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise ContentError(f'"{slug}" cannot be used in a web address',
                           hint="give --slug with lower-case letters, numbers and hyphens, such as --slug my-story")
    now = (now or datetime.datetime.now()).replace(second=0, microsecond=0)
    target = content / "blog" / f"{now:%Y}" / f"{slug}.md"
    _refuse_existing(target, "open and edit it, or choose another title or --slug")
    clash = _existing_slug(content, slug)
    if clash:
        raise ContentError(f'another post already has the web address ending "{slug}"', path=clash,
                           hint="choose another title, or give --slug")
    series = _one_line(series() if callable(series) else series) or None
    if series and (len(series) > TITLE_MAX or re.search(r"<\s*/?\s*[A-Za-z]", series)):
        raise ContentError("the series name must be plain text, at most a headline long",
                           hint=f'give the name of a series, such as --series "{SERIES}"')
    _refuse_real_names(content, series=series)  # typed at the question too: it goes into the file like the title
    fields = {"title": title, "authors": authors, "slug": slug, "date": now, "themes": chosen,
              "series_index": _next_series_index(content, series) if series else None, "series": series or SERIES,
              "role": role if guest else None, "role_group": role_group if guest else None}
    text = post_text(**fields, consent=_consent(content, post_text(**fields)))
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return target


def _consent(content, text):
    """Return the Consent: placeholder the safeguarding plugin asks of a post like ``text``, or None."""
    from inmind.config import load_settings, provided

    settings = load_settings(Path(__file__).resolve().parent.parent / "pelicanconf.py", {"PATH": str(content)})
    for _name, placeholder in provided(settings, "consent_placeholder"):
        if not isinstance(placeholder, Exception):
            return placeholder(text, settings)
    return None


YEAR_HINT = "give it as four digits, such as --year 2024"
DATE_HINT = "give the day of the meeting, such as --date 2024-09-25 or --date 25/09/2024 (add 14:00 for its time)"


def _meeting_date(value, year):
    """Return the meeting's date and time from ``--date`` (2pm when no time is given), read as the Date: line is."""
    try:
        date = read_date(value)
    except Exception:  # noqa: BLE001 - dateutil raises several kinds; each means the same to the writer
        raise ContentError(unreadable_date(value), hint=DATE_HINT) from None
    if date.year != year:
        raise ContentError(f"{date:%-d %B %Y} is not in {year}, the year of the meeting", hint=DATE_HINT)
    return date.replace(tzinfo=None) if ":" in value else date.replace(hour=14, minute=0, tzinfo=None)


def next_meeting_note(content, year):
    """Return a note when content/agm/next.md still describes ``year``'s meeting, whose summary was just started."""
    path = Path(content) / "agm" / "next.md"
    try:
        value = first(parse(path.read_text(encoding="utf-8")).metadata.get("date"))
        held = read_date(value).year if value else None
    except (OSError, UnicodeDecodeError, ValueError, OverflowError):
        return None  # no next meeting's file, or one the check names with its line
    if held != int(year):
        return None
    return (f"note: content/agm/next.md still describes the {year} meeting; when this summary is ready, delete "
            "next.md or change it to the following meeting, in the same change (until then the check stops the build)")


def new_agm(content, *, year, date=None, now=None):
    """Write a new draft AGM summary content/agm/<year>.md; return its path. Never overwrites."""
    content = Path(content)
    now = (now or datetime.datetime.now()).replace(second=0, microsecond=0)
    if not str(year or "").strip():
        raise ContentError("the AGM summary needs the year of the meeting", hint=YEAR_HINT)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ContentError(f'"{year}" is not a year', hint=YEAR_HINT) from None
    if not 2000 <= year <= now.year + 1:
        raise ContentError(f"{year} is not a year this site can have an AGM for",
                           hint=f"give a year from 2000 to {now.year + 1}")
    target = content / "agm" / f"{year}.md"
    _refuse_existing(target, "open and edit it instead")
    # The meeting's own date when given: the Date: line and the first sentence both say it. Without it, this year's
    # starts dated today, another year's in late September, when AGMs are usually held.
    if str(date or "").strip():
        date = _meeting_date(str(date).strip(), year)
    else:
        date = now.replace(hour=14, minute=0) if year == now.year else datetime.datetime(year, 9, 25, 14, 0)
    if date - now > datetime.timedelta(days=360):
        raise ContentError(f"the {year} meeting is more than a year away", hint="start its summary nearer the time")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(agm_text(year=year, date=date))
    return target
