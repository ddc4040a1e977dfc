"""Signal receivers: attach reading time, neighbours, series place and head metadata to content."""

from pelican.generators import ArticlesGenerator, PagesGenerator

from inmind.pagemeta import PageMeta
from inmind.published import is_listed

from . import cards, identity, neighbours, reading, settings, structured


def check_settings(pelican):
    """Stop the build at once when ARTICLE_EXTRAS or the Trust's identity settings are wrong."""
    settings.merged(pelican.settings)
    identity.check(pelican.settings)


def page_path(output_file):
    """Return the address of an output file as used in links: ``archives/2017/`` for its index.html."""
    path = (output_file or "").replace("\\", "/")
    if path == "index.html":
        return ""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def og_locale(lang):
    """Return OpenGraph's ``en_GB`` form of a language tag such as ``en-gb``."""
    language, _, region = str(lang).replace("_", "-").partition("-")
    return f"{language.lower()}_{region.upper()}" if region else language.lower()


def add_template_filters(generator):
    """Give templates the ``page_path`` filter (canonical links), the share image and the card cache."""
    config = settings.merged(generator.settings)
    generator.env.filters["page_path"] = page_path
    generator.env.globals["share_image"] = config.share_image
    generator.env.globals["share_image_alt"] = config.share_image_alt
    generator.env.globals["og_locale"] = og_locale(generator.settings.get("DEFAULT_LANG", "en"))
    cards.install(generator)


def _people(item, site_url):
    profiles = getattr(item, "author_profiles", None)
    if profiles:
        # Profiles carry the public name; an anonymous author's real name never reaches them.
        return [
            structured.Person(
                name=str(profile.name),
                job_titles=tuple(str(getattr(role, "label", role)) for role in (getattr(profile, "roles", None) or [])),
                url=structured.absolute_url(site_url, getattr(profile, "url", None)),
            )
            for profile in profiles
        ]
    return [
        structured.Person(name=str(author), url=structured.absolute_url(site_url, author.url))
        for author in getattr(item, "authors", None) or []
    ]


def _theme_labels(item):
    themes = getattr(item, "themes", None) or []
    if isinstance(themes, str):
        # Without the co-production plugin, Themes: stays the raw comma-separated metadata.
        themes = [part.strip() for part in themes.split(",") if part.strip()]
    return tuple(str(getattr(theme, "label", theme)) for theme in themes)


def _iso(value):
    return value.isoformat() if value else None


def article_meta(article, config, pelican_settings):
    """Return PageMeta (with BlogPosting JSON-LD) for an article."""
    site_url = pelican_settings.get("SITEURL", "")
    title = str(article.title)  # metadata is text: the templates and script_json escape it
    summary = structured.description(article.metadata.get("summary", ""), pelican_settings.get("SITESUBTITLE", ""))
    published = _iso(article.date)
    modified = _iso(getattr(article, "modified", None)) or published
    series = getattr(article, "series_nav", None)
    data = structured.blog_posting(
        headline=title,
        description=summary,
        published=published,
        modified=modified,
        authors=_people(article, site_url),
        publisher=pelican_settings.get("TRUST_NAME") or pelican_settings.get("SITENAME", ""),
        url=structured.absolute_url(site_url, article.url),
        image=structured.absolute_url(site_url, config.share_image),
        keywords=_theme_labels(article),
        series=series.name if series else None,
        language=pelican_settings.get("DEFAULT_LANG"),
        schema_type=config.article_type,
    )
    return PageMeta(
        title=title,
        description=summary,
        og_type="article",
        published=published,
        modified=modified,
        section=series.name if series else None,
        tags=_theme_labels(article),
        json_ld=structured.to_script_json(data),
    )


def page_meta(page, pelican_settings):
    """Return PageMeta for a static page."""
    return PageMeta(
        title=str(page.title),
        description=structured.description(page.metadata.get("summary", ""), pelican_settings.get("SITESUBTITLE", "")),
    )


def enrich(generators):
    """Attach what the templates need, once every plugin has added its own data to the content."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            _enrich_articles(generator)
        elif isinstance(generator, PagesGenerator):
            for page in list(generator.pages) + list(getattr(generator, "hidden_pages", [])) + list(
                getattr(generator, "draft_pages", [])
            ):
                page.page_meta = page_meta(page, generator.settings)


def _enrich_articles(generator):
    config = settings.merged(generator.settings)
    published = [a for a in generator.articles if is_listed(a.status)]
    adjacent = neighbours.by_date(published)
    everything = list(generator.articles) + list(getattr(generator, "drafts", []))
    for article in everything:
        # Pelican works a post's address out again each time anything asks (some twenty times a post: every
        # listing, feed and link). Every plugin has read the content by now, so it is final: worked out once.
        article.override_url = article.url
        article.reading_time = reading.reading_time(article._content, config.words_per_minute)
        # "previous" is the older post and "next" the newer one; drafts have neither.
        article.previous_post, article.next_post = adjacent.get(id(article), (None, None))
        article.series_nav = neighbours.series_nav(article, lambda item: is_listed(item.status))
        article.page_meta = article_meta(article, config, generator.settings)
    # The home page lists each series' published parts; drafts must never leak into it.
    generator.context["published_series"] = neighbours.published_series(published)
