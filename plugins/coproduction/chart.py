"""Pure: the "whose voices" bar chart as inline SVG markup, drawn at build time (no JavaScript).

One row per role group that has posts (an empty group would only be a row of zeros), one bar per year, each row labelled in words and each bar with its number, so
nothing depends on colour. No ``style`` attributes (the site's CSP forbids inline styles): presentation
attributes give the defaults, and ``app-chart`` classes let the stylesheet and forced-colours mode take over.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from .vocabulary import GROUP_COLOURS

TEXT = "#212b32"
LABEL_WIDTH = 215
COLUMN = 60
BAR = 34
ROW = 54
BAR_MAX = 30
HEADER = 26
FONT = 16
FONT_FAMILY = "Arial, sans-serif"


def describe(voices, site_name="the blog"):
    """Return the chart's text description: the totals in words and the share of outside voices."""
    if not voices.years:
        return f"No posts on {site_name} yet."
    first, last = voices.years[0].year, voices.years[-1].year
    span = str(first) if first == last else f"{first} to {last}"
    parts = [
        f"{g.label}: {n} {'post' if n == 1 else 'posts'}" for g, n in zip(voices.groups, voices.totals, strict=True) if n
    ]
    return (
        f"Bar chart of posts on {site_name} by the group their writers belong to, per year, {span}. "
        f"All years: {'; '.join(parts)}. "
        f"{voices.outside} of {voices.posts} posts ({voices.share_percent}%) have at least one author who is not "
        "Trust staff or leadership. The same figures are in the tables that follow."
    )


def voices_svg(voices, site_name="the blog", id_prefix="voices-chart"):
    """Return the chart as ``<svg role="img">`` markup, safe to print in a template."""
    years = voices.years
    rows = [(index, group) for index, group in enumerate(voices.groups) if voices.totals[index]]
    width = LABEL_WIDTH + COLUMN * max(len(years), 1) + 8
    height = HEADER + ROW * len(rows) + 4
    top = max(voices.max_count, 1)
    out = [
        f'<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
        f'<title id="{id_prefix}-title">Posts by who wrote them, per year</title>',
        f'<desc id="{id_prefix}-desc">{escape(describe(voices, site_name))}</desc>',
        f'<g class="app-chart__text" fill="{TEXT}" font-family="{FONT_FAMILY}" font-size="{FONT}">',
    ]
    for column, year in enumerate(years):
        x = LABEL_WIDTH + column * COLUMN + COLUMN / 2
        out.append(f'<text x="{x:g}" y="18" text-anchor="middle" font-weight="bold">{year.year}</text>')
    for row, (_, group) in enumerate(rows):
        baseline = HEADER + row * ROW + ROW - 10
        out.append(f'<text x="0" y="{baseline:g}">{escape(group.label)}</text>')
    out.append("</g>")
    for row, (index, group) in enumerate(rows):
        baseline = HEADER + row * ROW + ROW - 10
        colour = GROUP_COLOURS.get(group.slug, TEXT)
        out.append(f'<g class="app-chart__row app-chart__row--{group.slug}">')
        out.append(
            f'<line class="app-chart__axis" x1="{LABEL_WIDTH - 4}" x2="{width - 4}" y1="{baseline + 0.5:g}" '
            f'y2="{baseline + 0.5:g}" stroke="{TEXT}" stroke-width="1"/>'
        )
        for column, year in enumerate(years):
            count = year.counts[index]
            x = LABEL_WIDTH + column * COLUMN + (COLUMN - BAR) / 2
            h = round(BAR_MAX * count / top, 1)
            if count:
                out.append(
                    f'<rect class="app-chart__bar app-chart__bar--{group.slug}" x="{x:g}" y="{baseline - h:g}" '
                    f'width="{BAR}" height="{h:g}" fill="{colour}"/>'
                )
            out.append(
                f'<text class="app-chart__text" x="{x + BAR / 2:g}" y="{baseline - h - 3:g}" text-anchor="middle" '
                f'fill="{TEXT}" font-family="{FONT_FAMILY}" font-size="{FONT - 1}">{count}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))
