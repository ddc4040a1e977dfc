"""Links to theme, role and group pages ({theme}carers) and from the site's root (/themes/carers/) in a post's text:
written as the address that works wherever the site is published, a site in a folder included."""

from __future__ import annotations

import posixpath
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from inmind import sitelinks
from inmind.errors import ContentError

POST = "Title: A test post\nDate: 2019-05-01 09:00\nAuthor: Communications Team\nSummary: A short post.\n{extra}\n{body}\n"
GUEST = ("Title: A poem\nDate: 2019-04-01 09:00\nAuthor: Sam Okafor\nAuthor-role: Guest poet\nRole-group: carer\n"
         "Consent: CF-2019-001\nSummary: A poem about caring.\n\nA poem.\n")
# A role has a page only while a listed post names it (inmind.published): these writers' roles are linked to below.
WRITERS = {
    "blog/2019/c.md": "Title: Caring\nDate: 2019-03-01 09:00\nAuthor: Maureen Costigan\nConsent: CF-2019-002\n"
                      "Summary: Caring for my son.\n\nWords.\n",
    "blog/2019/d.md": "Title: Chaplaincy\nDate: 2019-03-02 09:00\nAuthor: Rev Julian Raffay\n"
                      "Summary: What a chaplain does.\n\nWords.\n",
}
LINKS = ("Read [about carers]({theme}carers), [recovery](|theme|recovery#latest), [a carer]({role}carer), "
         "[carers who write]({group}carer), [a poet]({role}guest-poet), [chaplains]({role}specialist-chaplain/) "
         "and [the themes](/themes/?from=post&amp;x=1).")
SUBPATH = {"SITEURL": "https://example.org/in-mind", "RELATIVE_URLS": False}


def prose_links(site, rel="blog/2019/a-test-post/index.html"):
    return [a["href"] for a in site.soup(rel).select(".app-prose a")]


def test_links_to_theme_role_and_group_pages_work_on_a_site_in_a_folder(build_site):
    site = build_site({"blog/2019/a.md": POST.format(extra="Themes: carers\n", body=LINKS), "blog/2019/b.md": GUEST,
                       **WRITERS}, **SUBPATH)
    assert site.status == 0, site.messages
    base = "https://example.org/in-mind/"
    assert prose_links(site) == [base + "themes/carers/", base + "themes/recovery/#latest", base + "roles/carer/",
                                 base + "voices/carer/", base + "roles/guest-poet/", base + "roles/specialist-chaplain/",
                                 base + "themes/?from=post&x=1"]
    page = site.soup("blog/2019/a-test-post/index.html")
    # The same address the theme's own templates give the page: the post's theme list links there too.
    ours = [a["href"] for a in page.select("a") if a["href"].endswith("themes/carers/")]
    assert len(ours) >= 2 and len(set(ours)) == 1, ours
    for href in prose_links(site):
        path = href.removeprefix(base).split("?")[0].split("#")[0]
        assert (site.output / path / "index.html").is_file(), href


def test_in_preview_each_link_is_written_from_its_page_and_reaches_a_page(build_site):
    site = build_site({"blog/2019/a.md": POST.format(extra="", body=LINKS), "blog/2019/b.md": GUEST, **WRITERS,
                       "pages/about-us.md": "Title: About us\nSummary: Who we are.\n\nSee [carers]({theme}carers) and [themes](/themes/).\n"})
    assert site.status == 0, site.messages
    for rel in ("blog/2019/a-test-post/index.html", "about-us/index.html"):
        folder = posixpath.dirname(rel)
        for href in prose_links(site, rel):
            assert not href.startswith(("/", "{", "|")), href
            target = posixpath.normpath(posixpath.join(folder, href.split("?")[0].split("#")[0]))
            assert (site.output / target / "index.html").is_file(), (rel, href)


def test_a_draft_links_from_its_own_address(build_site):
    site = build_site({"blog/2019/a.md": POST.format(extra="Status: draft\n", body="See [carers]({theme}carers).")})
    assert site.status == 0, site.messages
    assert prose_links(site, "drafts/a-test-post/index.html") == ["../../themes/carers/"]


@pytest.mark.parametrize(("body", "message", "hint"), [
    ("See [x]({theme}carer).", 'the link "{theme}carer" names no theme "carer". Did you mean "carers"?',
     "write one of these after {theme}, exactly as here: carers, choice-and-capacity, co-production,"),
    ("See [x](|theme|Carers#top).", 'the link "|theme|Carers#top" names no theme "Carers". Did you mean "carers"?',
     "exactly as here"),
    ("See [x]({role}chaplain).", 'the link "{role}chaplain" names no role "chaplain".', "specialist-chaplain"),
    ("See [x]({group}carers).", 'names no group of writers "carers". Did you mean "carer"?',
     "carer, governor, leadership, partner"),
    ("See [x]({theme}).", 'the link "{theme}" names no theme after {theme}', "after {theme}"),
    ("See [x]({them}carers).", 'the link "{them}carers" starts with {them}, which this site does not know. '
     'Did you mean "{theme}"?', "{theme}carers, {role}carer or {group}carer"),
    ('See <a href="{theme}car&lt;ers">x</a>.', "names no theme", "exactly as here"),
])
def test_an_unknown_slug_stops_the_build_at_its_line_with_the_nearest_and_the_list(build_site, body, message, hint):
    site = build_site({"blog/2019/a.md": POST.format(extra="", body=body), **WRITERS})
    assert site.status != 0
    assert "a.md:6: error: the link " in site.messages and message in site.messages, site.messages
    assert hint in site.messages
    assert "Traceback" not in site.messages
    assert not (site.output / "index.html").exists(), "a failed build never writes a new site"


@pytest.mark.parametrize("status", ["draft", "hidden", "withdrawn"])
def test_a_role_only_an_unlisted_post_names_has_no_page_to_link_to(build_site, status):
    # The check and the build agree: the role page would announce the writer before their post is out.
    site = build_site({"blog/2019/a.md": POST.format(extra="", body="See [a poet]({role}guest-poet)."),
                       "blog/2019/b.md": GUEST.replace("Summary:", f"Status: {status}\nSummary:")})
    assert site.status != 0
    assert ('a.md:6: error: the link "{role}guest-poet" goes to the role "guest-poet", which only a draft or '
            "unpublished post names, so it has no page yet") in site.messages, site.messages
    assert "the link works once that post is published" in site.messages
    assert "names no role" not in site.messages
    assert "Traceback" not in site.messages
    assert not (site.output / "roles/guest-poet/index.html").exists()


def test_the_build_alone_says_a_role_belongs_to_a_draft(tmp_path):
    # A build run without the checks stops at the same line with the same words.
    from coproduction import links
    from coproduction.state import STATE_KEY

    source = tmp_path / "a.md"
    source.write_text("Title: A\nDate: 2019-01-01\n\nSee [a poet]({role}guest-poet).\n", encoding="utf-8")
    item = SimpleNamespace(_content='<p>See <a href="{role}guest-poet">x</a>.</p>', source_path=str(source),
                           save_as="blog/a/index.html", settings={"RELATIVE_URLS": True}, status="published")
    poet = SimpleNamespace(slug="guest-poet")
    draft = SimpleNamespace(_content="<p>A poem.</p>", status="draft", author_profiles=[SimpleNamespace(roles=[poet])])
    state = SimpleNamespace(themes={}, roles={}, groups={})
    generator = SimpleNamespace(context={STATE_KEY: state}, articles=[item], drafts=[draft])
    with pytest.raises(ContentError) as raised:
        links.resolve_links([generator])
    assert raised.value.format().startswith(f'{source}:4: error: the link "{{role}}guest-poet" goes to the role '
                                            '"guest-poet", which only a draft or unpublished post names')
    draft.status = "published"  # listed now, yet not among the build's roles: an unknown role again
    with pytest.raises(ContentError) as raised:
        links.resolve_links([generator])
    assert 'names no role "guest-poet"' in raised.value.format()


def test_a_role_no_post_names_still_names_no_role_when_a_draft_names_another(build_site):
    site = build_site({"blog/2019/a.md": POST.format(extra="", body="See [a poet]({role}guest-poets)."),
                       "blog/2019/b.md": GUEST.replace("Summary:", "Status: draft\nSummary:")})
    assert site.status != 0
    assert 'a.md:6: error: the link "{role}guest-poets" names no role "guest-poets".' in site.messages, site.messages


def test_a_role_a_listed_post_names_is_linked_when_a_draft_names_it_too(build_site):
    draft = GUEST.replace("A poem", "Another poem").replace("Summary:", "Status: draft\nSummary:")
    site = build_site({"blog/2019/a.md": POST.format(extra="", body="See [a poet]({role}guest-poet)."),
                       "blog/2019/b.md": GUEST, "blog/2019/e.md": draft})
    assert site.status == 0, site.messages
    role = site.soup("roles/guest-poet/index.html")
    assert [a.get_text() for a in role.select(".app-post-list__link")] == ["A poem"]


# --- The pure rewrite ------------------------------------------------------------------------------------------

TARGETS = {"theme": {"carers": "themes/carers/"}, "role": {"carer": "roles/carer/"}, "group": {}}


@pytest.mark.parametrize(("href", "site_url", "out"), [
    ("{theme}carers", "https://x.org/a", "https://x.org/a/themes/carers/"),
    ("|theme|carers/#top", "../..", "../../themes/carers/#top"),
    ("{role}carer?x=1&amp;y=2", "", "/roles/carer/?x=1&amp;y=2"),
    ("/themes/", "https://x.org/a/", "https://x.org/a/themes/"),
    ("/a%20b/&quot;x", "..", "../a%20b/&quot;x"),
    ("/", "../..", "../../"),
    # Left as written: another host, the site's own root with no SITEURL, Pelican's own forms, other links.
    ("//evil.example/x", "https://x.org", "//evil.example/x"),
    ("/\\evil.example/x", "https://x.org", "/\\evil.example/x"),
    ("/themes/", "", "/themes/"),
    ("{filename}/blog/a.md", "..", "{filename}/blog/a.md"),
    ("{tag}carers", "..", "{tag}carers"),
    ("themes/carers/", "..", "themes/carers/"),
    ("https://x.org/themes/", "..", "https://x.org/themes/"),
    ("#top", "..", "#top"),
])
def test_rewrite_writes_each_link_from_the_page(href, site_url, out):
    body, unknown = sitelinks.rewrite(f'<p><a class="x" href="{href}">t</a></p>', site_url, TARGETS)
    assert body == f'<p><a class="x" href="{out}">t</a></p>' and unknown == []


def test_rewrite_returns_unknown_slugs_as_written_and_leaves_them():
    body = '<a href="{theme}carer#x">a</a><a href="{group}carer">b</a><img src="/images/a.jpg" alt="">'
    out, unknown = sitelinks.rewrite(body, "..", TARGETS)
    assert out == body and unknown == ["{theme}carer#x", "{group}carer"]


@hypothesis_settings(max_examples=300, deadline=None)
@given(slug=st.text(), rest=st.text(), site_url=st.sampled_from(["", "..", "https://x.org/a"]),
       form=st.sampled_from(["{theme}", "|role|", "/", "{tag}", ""]))
def test_rewrite_keeps_every_address_inside_its_attribute(slug, rest, site_url, form):
    import html

    from bs4 import BeautifulSoup

    href = html.escape(form + slug + rest, quote=True)
    body, unknown = sitelinks.rewrite(f'<a href="{href}">t</a>', site_url, TARGETS)
    links = BeautifulSoup(body, "html.parser").find_all("a")
    assert len(links) == 1 and links[0].get_text() == "t"
    if not unknown and form in ("{theme}", "|role|"):
        assert links[0]["href"].startswith(site_url.rstrip("/") + "/")


def test_the_build_stops_at_the_line_of_an_unknown_slug_even_without_the_checks(tmp_path):
    # The checks report it first; this is the build's own guard, for a run that skipped them.
    from coproduction import links
    from coproduction.state import STATE_KEY

    source = tmp_path / "a.md"
    source.write_text("Title: A\n\nText.\n\nSee [x](|theme|carer#top).\n", encoding="utf-8")
    item = SimpleNamespace(_content='<p>See <a href="|theme|carer#top">x</a>.</p>', source_path=str(source),
                           save_as="blog/a/index.html", settings={"RELATIVE_URLS": True})
    state = SimpleNamespace(themes={"carers": SimpleNamespace(url="themes/carers/")}, roles={}, groups={})
    generator = SimpleNamespace(context={STATE_KEY: state}, articles=[item])
    with pytest.raises(ContentError) as raised:
        links.resolve_links([generator])
    assert raised.value.format().startswith(f'{source}:5: error: the link "|theme|carer#top" names no theme "carer". '
                                            'Did you mean "carers"?')
    item._content = '<p>See <a href="{theme}carers">x</a>.</p>'
    links.resolve_links([generator])
    assert item._content == '<p>See <a href="../../themes/carers/">x</a>.</p>'


def test_a_publish_build_in_a_folder_links_every_page_and_warns_of_nothing(build_site, monkeypatch):
    # Publishing treats warnings as errors: a {theme} link left for Pelican would be its "not recognized" warning.
    site_url = "https://example.org/in-mind"
    monkeypatch.setenv("SITE_URL", site_url)
    site = build_site({"blog/2019/a.md": POST.format(extra="Themes: carers\n", body=LINKS), "blog/2019/b.md": GUEST,
                       **WRITERS},
                      settings_file="publishconf.py", fatal_warnings=True, SITEURL=site_url, FEED_DOMAIN=site_url)
    assert site.status == 0, site.messages
    hrefs = prose_links(site)
    assert hrefs[0] == f"{site_url}/themes/carers/" and all(h.startswith(f"{site_url}/") for h in hrefs), hrefs
    for href in hrefs:
        path = href.removeprefix(f"{site_url}/").split("?")[0].split("#")[0]
        assert (site.output / path / "index.html").is_file(), href
