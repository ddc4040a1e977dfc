"""Pure: the "whose voices" bar chart as inline SVG markup, drawn at build time (no JavaScript).

One row per role group that has posts (an empty group would only be a row of zeros), its label above one bar
per year, each bar with its number, so nothing depends on colour; at most four years side by side, later years
in another band below, so a phone shows the text at full size. No ``style`` attributes (the site's CSP forbids inline styles): presentation
attributes give the defaults, and ``app-chart`` classes let the stylesheet and forced-colours mode take over.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from .vocabulary import GROUP_COLOURS

TEXT = "#212b32"
# Drawn for a 320 px phone (288 px inside the page's margins) and never narrower than that, so its text is never
# shown smaller than FONT there; the stylesheet lets it grow with the page to the body's own size, no further. Each row's label
# stands above its bars, and the years come in bands of at most BAND_YEARS, so the width never grows.
WIDTH = 288
BAND_YEARS = 4
COLUMN = 70
BAR = 36
LABEL = 22  # a row's label line
COUNT = 19  # the number above a bar
BAR_MAX = 30
ROW = LABEL + COUNT + BAR_MAX + 16
HEADER = 30
BAND_GAP = 16
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
    rows = [(index, group) for index, group in enumerate(voices.groups) if voices.totals[index]]
    bands = [voices.years[i:i + BAND_YEARS] for i in range(0, len(voices.years), BAND_YEARS)] or [[]]
    band_height = HEADER + ROW * len(rows)
    height = band_height * len(bands) + BAND_GAP * (len(bands) - 1) + 4
    top = max(voices.max_count, 1)
    out = [
        f'<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
        f'<title id="{id_prefix}-title">Posts by who wrote them, per year</title>',
        f'<desc id="{id_prefix}-desc">{escape(describe(voices, site_name))}</desc>',
    ]
    for number, years in enumerate(bands):
        out.extend(_band(years, rows, number * (band_height + BAND_GAP), top))
    out.append("</svg>")
    return Markup("".join(out))


def _band(years, rows, offset, top):
    """Return the markup of one band: its years across the top, then each group's label above its bars."""
    out = [f'<g class="app-chart__text" fill="{TEXT}" font-family="{FONT_FAMILY}" font-size="{FONT}">']
    for column, year in enumerate(years):
        x = column * COLUMN + COLUMN / 2
        out.append(f'<text x="{x:g}" y="{offset + 18:g}" text-anchor="middle" font-weight="bold">{year.year}</text>')
    for row, (_, group) in enumerate(rows):
        out.append(f'<text x="0" y="{offset + HEADER + row * ROW + 16:g}">{escape(group.label)}</text>')
    out.append("</g>")
    for row, (index, group) in enumerate(rows):
        baseline = offset + HEADER + row * ROW + LABEL + COUNT + BAR_MAX
        colour = GROUP_COLOURS.get(group.slug, TEXT)
        out.append(f'<g class="app-chart__row app-chart__row--{group.slug}">')
        out.append(
            f'<line class="app-chart__axis" x1="0" x2="{COLUMN * len(years):g}" y1="{baseline + 0.5:g}" '
            f'y2="{baseline + 0.5:g}" stroke="{TEXT}" stroke-width="1"/>'
        )
        for column, year in enumerate(years):
            count = year.counts[index]
            x = column * COLUMN + (COLUMN - BAR) / 2
            h = round(BAR_MAX * count / top, 1)
            if count:
                out.append(
                    f'<rect class="app-chart__bar app-chart__bar--{group.slug}" x="{x:g}" y="{baseline - h:g}" '
                    f'width="{BAR}" height="{h:g}" fill="{colour}"/>'
                )
            out.append(
                f'<text class="app-chart__text" x="{x + BAR / 2:g}" y="{baseline - h - 4:g}" text-anchor="middle" '
                f'fill="{TEXT}" font-family="{FONT_FAMILY}" font-size="{FONT}">{count}</text>'
            )
        out.append("</g>")
    return out
