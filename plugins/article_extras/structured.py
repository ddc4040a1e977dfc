"""Pure: descriptions, absolute URLs and schema.org JSON-LD for a content item."""

from dataclasses import dataclass

from inmind.pagemeta import script_json

from .reading import plain_text


def description(summary_html, fallback=""):
    """Return a one-line plain-text description from an HTML summary."""
    return plain_text(summary_html) or fallback


def absolute_url(site_url, path):
    """Return ``site_url/path`` when the site URL is absolute (publish builds), else None."""
    if not site_url or not site_url.startswith(("http://", "https://")):
        return None
    return f"{site_url.rstrip('/')}/{(path or '').lstrip('/')}"


def to_script_json(data):
    """Return JSON that is safe inside <script type="application/ld+json">, as Markup."""
    return script_json(data)


@dataclass(frozen=True)
class Person:
    """An author as published: the public name (never an anonymous author's real name) and job titles."""

    name: str
    job_titles: tuple = ()
    url: str | None = None


def blog_posting(
    *,
    headline,
    description,
    published,
    modified,
    authors,
    publisher,
    url=None,
    image=None,
    keywords=(),
    series=None,
    language=None,
    schema_type="BlogPosting",
):
    """Return the schema.org dictionary for one blog post."""
    data = {"@context": "https://schema.org", "@type": schema_type, "headline": headline}
    if description:
        data["description"] = description
    data["datePublished"] = published
    data["dateModified"] = modified or published
    people = []
    for person in authors:
        entry = {"@type": "Person", "name": person.name}
        if person.job_titles:
            entry["jobTitle"] = ", ".join(person.job_titles)
        if person.url:
            entry["url"] = person.url
        people.append(entry)
    if people:
        data["author"] = people if len(people) > 1 else people[0]
    data["publisher"] = {"@type": "Organization", "name": publisher}
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
    if image:
        data["image"] = image
    if keywords:
        data["keywords"] = ", ".join(keywords)
    if series:
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": series}
    if language:
        data["inLanguage"] = language
    return data

