"""Pure: previous and next posts by date, and a post's place in its series."""

from dataclasses import dataclass, field


def _order_key(item):
    return (item.date, getattr(item, "source_path", "") or "", item.slug)


def by_date(articles):
    """Return ``{id(article): (older, newer)}`` for a list of published articles."""
    ordered = sorted(articles, key=_order_key)
    neighbours = {}
    for index, article in enumerate(ordered):
        older = ordered[index - 1] if index > 0 else None
        newer = ordered[index + 1] if index + 1 < len(ordered) else None
        neighbours[id(article)] = (older, newer)
    return neighbours


@dataclass(frozen=True)
class SeriesNav:
    """Where a post sits in its series: "Part 2 of 3 in the In Mind series"."""

    name: str
    position: int
    total: int
    previous: object = None
    next: object = None
    items: list = field(default_factory=list)


def series_nav(article, is_published):
    """Return a SeriesNav for ``article`` from pelican-series data, counting published posts (and itself) only."""
    series = getattr(article, "series", None)
    if not series or not series.get("all"):
        return None
    items = [item for item in series["all"] if item is article or is_published(item)]
    if article not in items or len(items) < 2:
        return None
    index = items.index(article)
    return SeriesNav(
        name=series["name"],
        position=index + 1,
        total=len(items),
        previous=items[index - 1] if index > 0 else None,
        next=items[index + 1] if index + 1 < len(items) else None,
        items=items,
    )


def published_series(published):
    """Return ``{series name: [parts in order]}`` built from published articles only."""
    found = {}
    for article in published:
        series = getattr(article, "series", None)
        if series and series.get("name") and series["name"] not in found:
            found[series["name"]] = [item for item in series["all"] if item in published]
    return dict(sorted(found.items()))
