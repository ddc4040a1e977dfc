"""{tag} and {category} links in a post's text: the site writes no such lists, so the build stops at the link's line."""

import pytest

POST = "Title: A test post\nDate: 2019-05-01 09:00\nAuthor: Communications Team\nSummary: A short post.\n\n{body}\n"


@pytest.mark.parametrize(("body", "link", "hint"), [
    # A theme of that name exists: the link to its page is the fix, in the form that works under any address.
    ("Read more [about carers]({tag}carers).", "{tag}carers", "write {theme}carers in the brackets instead"),
    # Pelican's older form, a name with capitals and spaces, and an address after the name.
    ("See [the carers list](|tag|Carers).", "|tag|Carers", "write {theme}carers in the brackets instead"),
    ('See <a href="{category}Guest blogs">all guest blogs</a>.', "{category}Guest blogs",
     "in the brackets instead, the "),
    ("See [recovery]({tag}Recovery#top).", "{tag}Recovery#top", "write {theme}recovery in the brackets instead"),
    # A name near no page still gets an example, never a traceback; the hidden character is shown as its code.
    ("See [x]({tag}zzz\u202e&amp;\u00e9).", "{tag}zzz\\u202e&amp;\u00e9", "write such as {theme}"),
])
def test_a_tag_or_category_link_stops_the_build_at_its_line(build_site, body, link, hint):
    site = build_site({"blog/2019/a.md": POST.format(body=body)})
    assert site.status != 0
    kind = "tag" if "tag" in link else "category"
    expected = (f'a.md:6: error: the link "{link}" goes to a list of posts by {kind}, and this site has no {kind} '
                "pages (it groups posts by theme)")
    assert expected in site.messages, site.messages
    assert hint in site.messages and "or remove the link" in site.messages
    assert "Traceback" not in site.messages
    assert not (site.output / "index.html").exists(), "a failed build never writes a new site"


def test_a_link_in_code_or_to_a_theme_address_is_fine(build_site):
    body = "Pelican writes `[x]({tag}carers)` for a tag.\n\nRead [posts about carers](/themes/carers/)."
    site = build_site({"blog/2019/a.md": POST.format(body=body)})
    assert site.status == 0, site.messages
    prose = site.soup("blog/2019/a-test-post/index.html").select_one(".app-prose")
    # From the site's root, written from the page in preview (inmind/sitelinks.py), so a site in a folder works too.
    assert [a["href"] for a in prose.select("a")] == ["../../../themes/carers/"]


def test_a_site_with_tag_pages_keeps_pelicans_own_links(build_site):
    # Pelican's link works when the site writes the pages, so the check has nothing to say.
    body = "Read more [about carers]({tag}carers)."
    site = build_site({"blog/2019/a.md": POST.format(body=body)}, TAG_SAVE_AS="tag/{slug}.html",
                      TAG_URL="tag/{slug}.html")
    assert "goes to a list of posts by tag" not in site.messages
