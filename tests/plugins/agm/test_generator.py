"""AGM pages, the hub, the feed and their errors, from real builds."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


def summary(year, *, venue="Town Hall, High Street, Bootle L20 7AE", video="", extra="", month="09"):
    lines = [
        f"Title: Annual General Meeting {year}",
        f"Date: {year}-{month}-25 14:00",
        "Author: Communications Team",
        f"Summary: What happened at the {year} meeting.",
    ]
    if venue:
        lines.append(f"Venue: {venue}")
    lines += [
        f"Annual-report: https://www.example.nhs.uk/reports/{year}.pdf",
        f"Annual-report-title: Annual report and accounts {year}",
        f"Highlight: The first highlight of {year}.",
        f"Highlight: The second highlight of {year}.",
    ]
    return "\n".join(lines) + "\n" + extra + "\nThe meeting was held.\n\n" + video


VIDEO = "[video: Chief Executive's message | 4:12](https://youtu.be/q3VtR8xLk2A?t=95)\n\n## Transcript\n\nHello.\n"


@pytest.fixture
def agm_site(build_site):
    site = build_site(
        {
            "agm/2017.md": summary(2017, extra="Minutes: https://www.example.nhs.uk/minutes/2017.pdf\n"),
            "agm/2019.md": summary(2019, video=VIDEO),
            "agm/2018.md": summary(2018, extra="Highlight: The third highlight of 2018.\n"),
            "agm/2020.md": summary(2020, extra="Status: draft\n"),
        },
        AGM={"feed_atom": "feeds/agm.atom.xml"},
    )
    assert site.status == 0, site.messages
    return site


def test_each_year_has_its_page(agm_site):
    for year in (2017, 2018, 2019):
        soup = agm_site.soup(f"agm/{year}/index.html")
        assert soup.find("h1").get_text() == f"Annual General Meeting {year}"
        time = soup.select_one(".app-agm-facts time")
        assert time["datetime"].startswith(f"{year}-09-25T14:00:00")
        assert "Town Hall, High Street" in soup.select_one(".app-agm-facts").get_text()
        assert soup.select_one("[data-pagefind-body]").find("h1")
    highlights = [li.get_text() for li in agm_site.soup("agm/2018/index.html").select(".app-agm-highlights li")]
    assert highlights == [f"The {n} highlight of 2018." for n in ("first", "second", "third")]
    documents = agm_site.soup("agm/2017/index.html").select(".app-agm-documents a")
    assert [(a.get_text(), a["href"]) for a in documents] == [
        ("Annual report and accounts 2017 (PDF)", "https://www.example.nhs.uk/reports/2017.pdf"),
        ("Minutes of the 2017 Annual General Meeting (PDF)", "https://www.example.nhs.uk/minutes/2017.pdf"),
    ]


def test_hub_lists_past_years_newest_first_one_line_each(agm_site):
    soup = agm_site.soup("agm/index.html")
    items = soup.select(".app-agm-past__item")
    assert [i.select_one("a").get_text() for i in items] == [
        "Annual General Meeting 2019", "Annual General Meeting 2018", "Annual General Meeting 2017",
    ]
    # One link per year, to the year's page, which keeps the video, highlights and documents.
    assert [len(i.find_all("a")) for i in items] == [1, 1, 1]
    assert items[0].select_one("a")["href"] == "../agm/2019/"
    parts = [p.get_text(" ", strip=True) for p in items[0].select(".app-byline__part")]
    assert parts == ["25 September 2019", "Town Hall", "video and transcript"]
    assert "video and transcript" not in items[1].get_text()
    assert items[0].select_one(".app-agm-past__summary").get_text() == "What happened at the 2019 meeting."
    assert not soup.select("figure.app-video, .app-agm-highlights, .app-agm-documents")
    assert not soup.find("script", src=re.compile(r"js/video\.js$"))
    year = agm_site.soup("agm/2019/index.html")
    assert year.select_one("figure.app-video") and year.select(".app-agm-highlights li") and year.select(".app-agm-documents a")
    # The draft is neither listed nor linked.
    assert "2020" not in soup.select_one("main").get_text()
    nav_current = soup.select_one('nav[aria-label="Main"] [aria-current="page"]')
    assert nav_current.get_text(strip=True) == "AGM hub"


def test_event_json_ld(agm_site):
    soup = agm_site.soup("agm/2019/index.html")
    (script,) = [s for s in soup.find_all("script", type="application/ld+json") if '"Event"' in s.string]
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Annual General Meeting 2019"
    assert data["startDate"] == "2019-09-25T14:00:00+01:00"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Town Hall"
    assert data["location"]["address"] == "High Street, Bootle L20 7AE"
    assert data["organizer"]["name"]
    assert data["description"] == "What happened at the 2019 meeting."


def test_previous_and_next_links_with_text_labels(agm_site):
    def links(year):
        nav = agm_site.soup(f"agm/{year}/index.html").find("nav", attrs={"aria-label": "Other years"})
        return {a["rel"][0]: (a.get_text(" ", strip=True), a["href"]) for a in nav.find_all("a")}

    assert links(2017) == {"next": ("Next year : Annual General Meeting 2018", "../../agm/2018/")}
    assert links(2018) == {
        "prev": ("Previous year : Annual General Meeting 2017", "../../agm/2017/"),
        "next": ("Next year : Annual General Meeting 2019", "../../agm/2019/"),
    }
    assert links(2019) == {"prev": ("Previous year : Annual General Meeting 2018", "../../agm/2018/")}


def test_feed_parses_newest_first(agm_site):
    root = ET.parse(agm_site.output / "feeds" / "agm.atom.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    titles = [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]
    assert titles == ["Annual General Meeting 2019", "Annual General Meeting 2018", "Annual General Meeting 2017"]
    assert agm_site.soup("agm/index.html").find("link", type="application/atom+xml", href=re.compile("agm.atom.xml"))


def test_draft_is_written_at_the_draft_address_only(agm_site):
    assert (agm_site.output / "drafts" / "annual-general-meeting-2020" / "index.html").exists()
    assert not (agm_site.output / "agm" / "2020").exists()


def test_preview_writes_no_feed_by_default(build_site):
    site = build_site({"agm/2019.md": summary(2019)})
    assert site.status == 0, site.messages
    assert not (site.output / "feeds" / "agm.atom.xml").exists()
    assert site.soup("agm/index.html").select(".app-agm-past__item")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (summary(2019, venue=""), 1, "no Venue"),
        (summary(2019).replace("Date: 2019-09-25 14:00\n", ""), 1, "no Date"),
        (summary(2019).replace("https://www.example.nhs.uk/reports/2019.pdf", "reports/2019.pdf"), 6, "annual report link"),
        (summary(2019, video="https://youtu.be/tooshort\n"), 13, "11 letters"),
    ],
)
def test_errors_name_file_and_line(build_site, text, line, words):
    site = build_site({"agm/2019.md": text})
    assert site.status == 1
    assert re.search(rf"content/agm/2019\.md:{line}: error: .*{re.escape(words)}", site.messages), site.messages
    assert "Traceback" not in site.messages


@pytest.mark.parametrize(("body", "extra", "heading"), [
    ("The meeting was held.", True, True),  # under Highlights and Documents: a heading of its own
    ("## The year in review\n\nThe meeting was held.", True, False),  # the text opens with its own heading
    ("The meeting was held.", False, False),  # nothing above it but the byline
])
def test_the_summarys_opening_words_never_read_as_part_of_documents(build_site, body, extra, heading):
    text = summary(2019).split("\n\n")[0]
    if not extra:
        text = "\n".join(line for line in text.splitlines() if not line.startswith(("Highlight:", "Annual-report")))
    site = build_site({"agm/2019.md": f"{text}\n\n{body}\n"})
    assert site.status == 0, site.messages
    article = site.soup("agm/2019/index.html").select_one("article.app-agm")
    first = article.select_one(".app-prose > :first-child")
    above = first.find_previous(["h1", "h2"]) if first.name == "p" else first
    headings = [h.get_text(strip=True) for h in article.find_all("h2")]
    assert ("What happened" in headings) is heading, headings
    assert above.get_text(strip=True) not in ("Documents", "Highlights of 2019"), above


def test_a_summary_with_no_text_gets_no_heading_over_nothing(build_site):
    site = build_site({"agm/2019.md": summary(2019).split("\n\n")[0] + "\n"})
    assert site.status == 0, site.messages
    article = site.soup("agm/2019/index.html").select_one("article.app-agm")
    assert article.select_one(".app-prose").get_text(strip=True) == ""
    assert "What happened" not in [h.get_text(strip=True) for h in article.find_all("h2")]
    assert [h.get_text(strip=True) for h in article.find_all("h2")] == ["Highlights of 2019", "Documents"]


def test_a_blank_venue_line_is_named_once(build_site):
    site = build_site({"agm/2019.md": summary(2019, venue=" ")})
    assert site.status == 1
    assert len(re.findall(r"content/agm/2019\.md:5: error:", site.messages)) == 1, site.messages
    assert "Venue: has no value" in site.messages


def test_two_summaries_for_one_year_is_an_error(build_site):
    site = build_site({"agm/2019.md": summary(2019), "agm/2019-again.md": summary(2019, month="10")})
    assert site.status == 1
    # The preflight check or the AGM generator, whichever sees it first.
    assert re.search(r"two AGM summaries for 2019|both be written to agm/2019/index\.html", site.messages), site.messages


def test_misspelt_setting_is_named(build_site):
    site = build_site({"agm/2019.md": summary(2019)}, AGM={"feed": "x.xml"})
    assert site.status == 1
    assert "AGM has an unknown key 'feed'" in site.messages


def test_a_document_says_what_kind_of_file_it_is_and_its_size_as_a_post_says_it(build_site):
    # A carer on a phone should know before tapping that the annual report is a Word file of some size, in the
    # same words a link to the same file in a post gets, and the size of the copy the site publishes.
    from file_samples import office, pdf
    from file_vetting.links import human_size

    site = build_site({
        "agm/2026.md": summary(2026).replace("https://www.example.nhs.uk/reports/2026.pdf",
                                             "{static}/documents/annual-report-2026.docx")
        + "\n", "documents/annual-report-2026.docx": office("docx"), "documents/minutes-2025.pdf": pdf(),
        "agm/2025.md": summary(2025, extra="Minutes: {static}/documents/minutes-2025.pdf\n").replace(
            "https://www.example.nhs.uk/reports/2025.pdf", "https://www.example.nhs.uk/publications"),
        "agm/2024.md": summary(2024).replace("Annual report and accounts 2024", "Annual report 2024 (PDF)"),
        "blog/2026/minutes.md": "Title: The minutes\nDate: 2026-01-05 09:00\nAuthor: Communications Team\n"
                                "Summary: Where to read the minutes.\n\nRead [the 2025 minutes]"
                                "({static}/documents/minutes-2025.pdf) and [the report]"
                                "({static}/documents/annual-report-2026.docx).\n",
    })
    assert site.status == 0, site.messages
    docx = human_size(site.path("documents/annual-report-2026.docx").stat().st_size)
    minutes = human_size(site.path("documents/minutes-2025.pdf").stat().st_size)
    items = site.soup("agm/2026/index.html").select(".app-agm-documents li")
    assert [li.a.get_text(" ", strip=True) for li in items] == [f"Annual report and accounts 2026 (Word document, {docx})"]
    items = site.soup("agm/2025/index.html").select(".app-agm-documents li")
    # A page elsewhere has no kind to name; a PDF says so, with its size.
    assert [li.a.get_text(" ", strip=True) for li in items] == [
        "Annual report and accounts 2025", f"Minutes of the 2025 Annual General Meeting (PDF, {minutes})"]
    # Another site's PDF: its type only; a title that already names the type is left as written.
    items = site.soup("agm/2024/index.html").select(".app-agm-documents li")
    assert [li.a.get_text(" ", strip=True) for li in items] == ["Annual report 2024 (PDF)"]
    post = [a.get_text(" ", strip=True) for a in site.soup("blog/2026/the-minutes/index.html").select("main a")
            if "documents/" in a.get("href", "")]
    assert post == [f"the 2025 minutes (PDF, {minutes})", f"the report (Word document, {docx})"]


POST = "Title: A walk\nDate: 2021-03-04 10:00\nAuthor: Communications Team\nSummary: A short walk.\n\nWe walked.\n"


def test_empty_feed_is_dated_by_the_newest_post_and_two_builds_agree(tmp_path):
    from conftest import copy_registries, run_build, write_files

    content = tmp_path / "content"
    content.mkdir()
    copy_registries(content)
    write_files(content, {"blog/a-walk.md": POST, "agm/2022.md": summary(2022, extra="Status: draft\n")})
    feeds = []
    for name in ("one", "two"):
        site = run_build(content, tmp_path / name / "output", "publishconf.py", CACHE_PATH=str(tmp_path / name / "cache"))
        assert site.status == 0, site.messages
        feeds.append((site.output / "feeds" / "agm.atom.xml").read_bytes())
    assert feeds[0] == feeds[1]
    root = ET.fromstring(feeds[0])
    assert root.findall(f"{ATOM}entry") == []
    assert root.find(f"{ATOM}updated").text.startswith("2021-03-04T10:00:00")
