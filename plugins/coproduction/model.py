"""Pure: the objects templates see (themes, role groups, roles, author profiles) and the numbers behind them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from .vocabulary import INSIDE_GROUPS, ROLE_GROUPS, slugify  # noqa: F401 - state.py makes role addresses with it


@dataclass(eq=False)
class Theme:
    """A theme of the vocabulary, with its page, feed and published posts."""

    slug: str
    label: str
    description: str
    url: str
    save_as: str
    feed_url: str = ""
    posts: list = field(default_factory=list)

    @property
    def count(self):
        """Return the number of published posts with this theme."""
        return len(self.posts)


@dataclass(eq=False)
class Group:
    """A role group (staff, carer, ...), with its page, feed and published posts."""

    slug: str
    label: str
    url: str
    save_as: str
    feed_url: str = ""
    posts: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    authors: list = field(default_factory=list)

    @property
    def count(self):
        """Return the number of published posts with an author in this group."""
        return len(self.posts)


@dataclass(eq=False)
class Role:
    """A role as written ("Specialist Chaplain"), with its page and published posts."""

    slug: str
    label: str
    url: str
    save_as: str
    posts: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    authors: list = field(default_factory=list)

    @property
    def count(self):
        """Return the number of published posts by someone in this role."""
        return len(self.posts)


@dataclass(eq=False)
class Profile:
    """An author as published: public name, page, roles, group and bio (never a real name)."""

    name: str
    slug: str
    url: str
    roles: list
    group: Group | None
    bio: str = ""
    anonymous: bool = False
    guest: bool = False
    posts: list = field(default_factory=list)

    @property
    def role_labels(self):
        """Return the roles as one line of text."""
        return ", ".join(r.label for r in self.roles)


@dataclass(frozen=True)
class ItemTheme:
    """One theme of one post: what it links to, and why it was given."""

    theme: Theme
    automatic: bool
    score: float = 0.0
    evidence: tuple = ()
    model_line: str = ""  # what the word model made of the post for this theme (Score.model_line)

    slug = property(lambda self: self.theme.slug)
    label = property(lambda self: self.theme.label)
    url = property(lambda self: self.theme.url)
    description = property(lambda self: self.theme.description)

    def __str__(self):
        return self.theme.label


def related(items, themes_of, limit):
    """Return ``{id(item): [up to limit other items]}`` ranked by shared themes, then newest first."""
    ordered = sorted(items, key=lambda item: item.date, reverse=True)
    postings = {}
    keys = []
    for n, item in enumerate(ordered):
        key = frozenset(themes_of(item))
        keys.append(key)
        for slug in key:
            postings.setdefault(slug, []).append(n)
    best_for = {}
    result = {}
    for n, item in enumerate(ordered):
        key = keys[n]
        if key not in best_for:
            # Sorted first, so the Counter meets newer posts first and most_common keeps them first on a tie.
            counts = Counter(sorted(chain.from_iterable(postings[slug] for slug in key)))
            best_for[key] = [other for other, _ in counts.most_common(limit + 1)]
        result[id(item)] = [ordered[other] for other in best_for[key] if other != n][:limit]
    return result


@dataclass(frozen=True)
class VoicesYear:
    """One year of the "whose voices" table."""

    year: int
    counts: tuple  # posts per group, in ROLE_GROUPS order
    posts: int
    outside: int  # posts with at least one author who is not staff or leadership


@dataclass(frozen=True)
class Voices:
    """Posts per role group per year, and how many have a voice from outside the Trust's staff."""

    groups: tuple  # Group objects, in ROLE_GROUPS order
    years: tuple  # VoicesYear, oldest first
    totals: tuple  # posts per group, all years
    posts: int
    outside: int
    svg: str = ""

    @property
    def share(self):
        """Return the share (0 to 1) of posts with at least one author who is not staff or leadership."""
        return self.outside / self.posts if self.posts else 0.0

    @property
    def share_percent(self):
        """Return the share as a whole percentage."""
        return round(self.share * 100)

    @property
    def max_count(self):
        """Return the largest count of any group in any year."""
        return max((c for y in self.years for c in y.counts), default=0)


def voices(posts, groups_of, groups):
    """Count posts per role group per year; ``groups_of(post)`` returns the post's group slugs."""
    order = list(ROLE_GROUPS)
    by_year = {}
    for post in posts:
        slugs = set(groups_of(post))
        row = by_year.setdefault(post.date.year, [[0] * len(order), 0, 0])
        for slug in slugs:
            row[0][order.index(slug)] += 1
        row[1] += 1
        if slugs - INSIDE_GROUPS:
            row[2] += 1
    years = tuple(VoicesYear(year, tuple(row[0]), row[1], row[2]) for year, row in sorted(by_year.items()))
    totals = tuple(sum(y.counts[i] for y in years) for i in range(len(order)))
    return Voices(
        groups=tuple(groups),
        years=years,
        totals=totals,
        posts=sum(y.posts for y in years),
        outside=sum(y.outside for y in years),
    )
