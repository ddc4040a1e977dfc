"""The next meeting's file: its checks, the hub's three states and the calendar file, pure and in real builds."""

import re
from datetime import UTC, datetime

import pytest
from agm import upcoming
from conftest import NEXT_AGM as NEXT
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from inmind.source import parse


def meeting(text=NEXT):
    assert upcoming.check("next.md", parse(text)) == []
    return upcoming.read("next.md", parse(text))


def event_of(data):
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    return event


# --- Pure -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "words"),
    [(14, 0, "2pm"), (9, 30, "9:30am"), (12, 0, "12 noon"), (0, 0, "12am"), (12, 15, "12:15pm"), (23, 5, "11:05pm")],
)
def test_times_are_written_as_people_say_them(hour, minute, words):
    assert upcoming.clock(datetime(2031, 1, 1, hour, minute)) == words


def test_the_meeting_reads_its_fields_in_the_sites_time_zone():
    m = meeting()
    assert m.when() == "Wednesday 24 September 2031, 2pm to 4:30pm"
    assert m.start.utcoffset().total_seconds() == 3600  # British Summer Time
    assert (m.place, m.online_is_link) == ("The Life Rooms", True)
    assert meeting(NEXT.replace("End: 2031-09-24 16:30\n", "")).end.hour == 16  # two hours by default


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("Venue: The Life Rooms, 1 Pennington Road, Liverpool L4 0RL\n", ""), 1, "no Venue:"),
        (("Date: 2031-09-24 14:00", "Date: 2031-02-30 14:00"), 2, '"2031-02-30 14:00" is not a date'),
        (("End: 2031-09-24 16:30", "End: 2031-09-24 13:00"), 3, "End: is not after the start"),
        (("Online: https://meet.example.nhs.uk/agm-2031", "Online: http://meet.example.nhs.uk/x"), 7, "joining link"),
        (("Online: https://meet.example.nhs.uk/agm-2031", "Online: https://meet example"), 7, "joining link"),
        (("Questions:", "Question:"), 8, 'Did you mean "questions"'),
        # Only real line ends count: a line separator or NEL inside a value moves no line number.
        (("Liverpool L4 0RL\nAccess:", "Liverpool\u2028L4\x850RL\nAcess:"), 6, 'Did you mean "access"'),
    ],
)
def test_mistakes_are_named_with_their_line(change, line, words):
    (problem,) = upcoming.check("next.md", parse(NEXT.replace(*change)))
    assert problem.line == line and words in problem.message and problem.hint


def test_dates_with_slashes_are_read_day_first_as_the_build_reads_them():
    m = meeting(NEXT.replace("Date: 2031-09-24 14:00", "Date: 05/09/2031 14:00"))
    assert (m.start.month, m.start.day) == (9, 5)


def test_a_sentence_instead_of_a_link_is_fine():
    m = meeting(NEXT.replace("Online: https://meet.example.nhs.uk/agm-2031", "Online: The link will be here a week before."))
    assert not m.online_is_link


class Summary:
    def __init__(self, year):
        self.date = datetime(year, 9, 1, tzinfo=UTC)


def test_state_follows_the_clock_and_the_summary():
    m = meeting()
    assert upcoming.state(m, [Summary(2030)], datetime(2031, 9, 24, 15, tzinfo=UTC)) == "upcoming"
    assert upcoming.state(m, [Summary(2030)], datetime(2031, 9, 24, 16, tzinfo=UTC)) == "to-follow"
    assert upcoming.state(m, [Summary(2031)], datetime(2031, 1, 1, tzinfo=UTC)) is None
    assert upcoming.state(None, [], datetime(2031, 1, 1, tzinfo=UTC)) is None


def test_calendar_file_is_rfc_5545_with_the_stamp_from_the_content():
    data = upcoming.calendar(meeting(), uid_host="www.example.nhs.uk", product="Example Trust", page_url="https://x.example/agm/")
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = Calendar.from_ical(data)
    assert str(calendar["version"]) == "2.0" and "Example Trust" in str(calendar["prodid"])
    event = event_of(data)
    assert event.decoded("dtstart") == datetime(2031, 9, 24, 13, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2031, 9, 24, 15, 30, tzinfo=UTC)
    assert event.decoded("dtstamp") == datetime(2031, 5, 2, 10, 15, tzinfo=UTC)
    assert str(event["uid"]) == "agm-20310924T1300Z@www.example.nhs.uk"
    assert str(event["location"]) == "The Life Rooms, 1 Pennington Road, Liverpool L4 0RL"
    for words in ("Step-free entrance", "https://meet.example.nhs.uk/agm-2031", "Email agm@example.nhs.uk"):
        assert words in str(event["description"])
    # Without Modified: the stamp is still from the content, never the clock.
    again = upcoming.calendar(meeting(NEXT.replace("Modified: 2031-05-02 11:15\n", "")), uid_host="h", product="p")
    assert event_of(again).decoded("dtstamp") == datetime(2031, 9, 24, 13, 0, tzinfo=UTC)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=120).filter(str.strip))
def test_any_title_and_venue_survive_the_calendar_file(words):
    # Commas, semicolons, backslashes, emoji and markup are escaped by icalendar, never break the file.
    title = "AGM " + words.strip()
    text = NEXT.replace("Title: Annual General Meeting 2031", f"Title: {title}").replace(
        "Venue: The Life Rooms", f"Venue: {words.strip()} Rooms")
    m = upcoming.read("next.md", parse(text))
    event = event_of(upcoming.calendar(m, uid_host="h", product="p"))
    assert str(event["summary"]) == m.title
    assert str(event["location"]) == m.venue


# --- Built sites ----------------------------------------------------------------------------------------------

PAST = """\
Title: Annual General Meeting 2030
Date: 2030-09-25 14:00
Author: Communications Team
Summary: What happened at the 2030 meeting.
Venue: Town Hall, High Street, Bootle L20 7AE

The meeting was held.
"""


def build(build_site, today, files=None, **overrides):
    site = build_site({"agm/2030.md": PAST, "agm/next.md": NEXT, **(files or {})},
                      AGM={"today": today}, CHECKS={"latest_days_ahead": 3650}, **overrides)
    assert site.status == 0, site.messages
    return site


def test_hub_leads_with_the_next_meeting_and_offers_its_calendar_file(build_site):
    site = build(build_site, "2031-06-01 09:00")
    main = site.soup("agm/index.html").find("main")
    sections = main.find_all(["section", "h2"], recursive=False)
    assert sections[0].get("class") == ["app-agm-next"]
    facts = {row.dt.get_text(): row.dd.get_text(" ", strip=True) for row in main.select(".app-agm-next .app-agm-facts__row")}
    assert facts == {
        "When": "Wednesday 24 September 2031, 2pm to 4:30pm",
        "Where": "The Life Rooms, 1 Pennington Road, Liverpool L4 0RL",
        "Getting in": "Step-free entrance from the car park, a lift to the hall and a hearing loop.",
        "Online": "Join the meeting online",
        "Asking a question": "Email agm@example.nhs.uk by 17 September 2031.",
    }
    assert main.select_one(".app-agm-next a[href^='https://meet']")["href"] == "https://meet.example.nhs.uk/agm-2031"
    link = main.select_one("a.app-agm-next__calendar")
    assert link["href"] == "../agm/next-meeting.ics" and link.has_attr("download")
    event = event_of((site.output / "agm" / "next-meeting.ics").read_bytes())
    assert str(event["summary"]) == "Annual General Meeting 2031"
    # Past meetings follow, one line each.
    assert [a.get_text() for a in main.select(".app-agm-past__item a")] == ["Annual General Meeting 2030"]


def test_once_the_day_has_passed_the_hub_says_summary_to_follow(build_site):
    site = build(build_site, "2031-10-01 09:00")
    lead = site.soup("agm/index.html").select_one(".app-agm-next")
    assert re.sub(r"\s+", " ", lead.get_text(" ", strip=True)) == (
        "Annual General Meeting 2031 Held on Wednesday 24 September 2031 at The Life Rooms. Summary to follow.")
    assert not lead.select("a") and not (site.output / "agm" / "next-meeting.ics").exists()


def test_once_the_summary_is_written_next_md_must_go(build_site):
    # Both files would describe one meeting: the check stops the build and names both, so the editor
    # deletes next.md (or moves it on to the following year) in the same change as the summary.
    site = build_site({"agm/2031.md": PAST.replace("2030", "2031"), "agm/next.md": NEXT},
                      AGM={"today": "2031-10-01 09:00"}, CHECKS={"latest_days_ahead": 3650})
    assert site.status == 1
    assert re.search(r"content/agm/next\.md:1: error: .*agm/2031\.md", site.messages), site.messages
    # The hint says what to do then, not to change a Slug: (an AGM page's address comes from its year).
    assert "delete agm/next.md or change it to the following meeting" in site.messages, site.messages
    assert "different Slug:" not in site.messages


def test_a_draft_summary_for_next_md_s_year_is_previewed_beside_it(build_site):
    # ./dev new-agm starts the summary as a draft while next.md still describes the meeting: a draft is written to
    # drafts/, never to the year's page, so both build, and next.md goes only when the summary is published.
    draft = PAST.replace("2030", "2031").replace("Title:", "Status: draft\nTitle:")
    site = build(build_site, "2031-10-01 09:00", {"agm/2031.md": draft})
    assert "next.md" not in site.messages, site.messages
    assert (site.output / "drafts" / "annual-general-meeting-2031" / "index.html").exists()
    assert not (site.output / "agm" / "2031").exists()
    assert site.soup("agm/index.html").select_one(".app-agm-next")
    # Two drafts for one year go to two addresses of their own, or are named as a clash like any two drafts.
    second = draft.replace("Title: Annual General Meeting 2031", "Title: Annual General Meeting 2031 (notes)")
    site = build(build_site, "2031-10-01 09:00", {"agm/2031.md": draft, "agm/2031-notes.md": second})
    assert (site.output / "drafts" / "annual-general-meeting-2031-notes" / "index.html").exists()
    # Once it is published, the clash with next.md is named as before.
    site = build_site({"agm/2031.md": draft.replace("Status: draft\n", "Status: published\n"), "agm/next.md": NEXT},
                      AGM={"today": "2031-10-01 09:00"}, CHECKS={"latest_days_ahead": 3650})
    assert site.status == 1 and "delete agm/next.md" in site.messages, site.messages


def test_the_next_meeting_is_published_though_it_is_in_the_future(build_site):
    # A summary dated in the future waits for its day in the publish build; the next meeting must not.
    site = build(build_site, "2031-06-01 09:00", settings_file="publishconf.py", SITEURL="https://inmind.example.org",
                 RELATIVE_URLS=False, TRUST_URL="https://www.example.nhs.uk/")
    assert site.soup("agm/index.html").select_one(".app-agm-next")
    event = event_of((site.output / "agm" / "next-meeting.ics").read_bytes())
    assert str(event["uid"]) == "agm-20310924T1300Z@www.example.nhs.uk"
    assert str(event["url"]) == "https://inmind.example.org/agm/"


def test_two_builds_write_the_same_calendar_bytes(build_site, tmp_path):
    first = build(build_site, "2031-06-01 09:00")
    data = (first.output / "agm" / "next-meeting.ics").read_bytes()
    hub = (first.output / "agm" / "index.html").read_bytes()
    again = build(build_site, "2031-06-02 09:00")
    assert (again.output / "agm" / "next-meeting.ics").read_bytes() == data
    assert (again.output / "agm" / "index.html").read_bytes() == hub


def test_markup_in_every_field_is_shown_as_text(build_site):
    hostile = "".join(
        f"{line.split(': ', 1)[0]}: {line.split(': ', 1)[1]} <b>bold</b> &amp; <script>alert(1)</script>\n"
        if line.split(":")[0] in ("Venue", "Access", "Questions", "Summary") else line + "\n"
        for line in NEXT.splitlines()
    )
    site = build(build_site, "2031-06-01 09:00", {"agm/next.md": hostile})
    lead = site.soup("agm/index.html").select_one(".app-agm-next")
    assert not lead.find_all(["b", "script"])
    assert "<script>alert(1)</script>" in lead.get_text()


def test_an_email_address_in_asking_a_question_is_a_link_to_write_to(build_site):
    # On a phone, an address that is only text has to be copied letter by letter into a mail app.
    site = build(build_site, "2031-06-01 09:00")
    row = site.soup("agm/index.html").select(".app-agm-next .app-agm-facts__row")[-1]
    assert row.dt.get_text() == "Asking a question"
    assert [(a["href"], a.get_text()) for a in row.dd.find_all("a")] == [
        ("mailto:agm@example.nhs.uk", "agm@example.nhs.uk")]
    assert row.dd.get_text() == "Email agm@example.nhs.uk by 17 September 2031."


@pytest.mark.parametrize(("text", "links"), [
    ("Write to agm@example.nhs.uk.", ["agm@example.nhs.uk"]),
    ("a@b.uk or c.d@e-f.nhs.uk, by post", ["a@b.uk", "c.d@e-f.nhs.uk"]),
    ("no address here, or an @ alone", []),
    # A run of letters is read once (without the lookbehind this took minutes), and an address after it still counts.
    ("a" * 300_000 + " b" * 100_000 + ".uk " + "x." * 100_000 + " q@r.uk", ["q@r.uk"]),
    ('"x"@evil.example <b>y@z.uk</b> javascript:alert(1)@x.uk', ["y@z.uk"]),
])
def test_the_question_words_are_cut_into_text_and_addresses(text, links):
    parts = upcoming.with_addresses(text)
    assert "".join(words for words, _ in parts) == text
    assert [words for words, href in parts if href] == links
    assert all(href == "mailto:" + words for words, href in parts if href)


def test_a_mistake_in_the_next_meeting_stops_the_build_at_its_line(build_site):
    site = build_site({"agm/next.md": NEXT.replace("End: 2031-09-24 16:30", "End: 2031-09-24 13:00")},
                      AGM={"today": "2031-06-01 09:00"}, CHECKS={"latest_days_ahead": 3650})
    assert site.status == 1
    assert re.search(r"content/agm/next\.md:3: error: End: is not after the start", site.messages), site.messages
    assert "Traceback" not in site.messages
