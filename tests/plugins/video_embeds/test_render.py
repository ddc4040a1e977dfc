"""The embed markup: click to play, a watch link that always works, captions note and transcript."""

from bs4 import BeautifulSoup
from video_embeds.providers import VideoRef
from video_embeds.render import Video, nest_headings, render

NOTE = "Captions are available in the player: press CC."


def _figure(**kwargs):
    video = Video(**{"ref": VideoRef("youtube", "q3VtR8xLk2A", 95), "title": "Chief Executive's message", **kwargs})
    return BeautifulSoup(render(video, NOTE), "html.parser").find("figure")


def test_figure_has_title_duration_and_data_for_the_script():
    figure = _figure(duration=252, duration_text="4:12")
    assert "app-video" in figure["class"]
    assert figure.find("figcaption").get_text(" ", strip=True).startswith("Chief Executive's message")
    time = figure.find("time")
    assert (time["datetime"], time.get_text()) == ("PT4M12S", "4:12")
    assert figure["data-embed-src"] == "https://www.youtube-nocookie.com/embed/q3VtR8xLk2A?autoplay=1&rel=0&dnt=1&start=95"
    assert figure["data-video-title"] == "Chief Executive's message"


def test_play_button_is_real_and_hidden_until_the_script_runs():
    figure = _figure()
    button = figure.find("button")
    assert button.get_text() == "Play video: Chief Executive's message. Connects to YouTube"
    assert button["type"] == "button" and button.has_attr("disabled")
    assert button.find_parent(class_="app-video__player").has_attr("hidden")


def test_watch_link_and_captions_note_are_always_there():
    figure = _figure()
    link = figure.find("a")
    assert link["href"] == "https://www.youtube.com/watch?v=q3VtR8xLk2A&t=95s"
    assert link["rel"] == ["noopener"]
    assert link.get_text() == "Watch on YouTube: Chief Executive's message"
    assert NOTE in figure.get_text()


def test_nothing_in_the_markup_loads_from_the_video_host():
    html = render(Video(VideoRef("vimeo", "287419356", 0, "a1b2c3d4e5"), "Film", transcript_html="<p>Words</p>"), NOTE)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find(["iframe", "img", "script", "link", "video", "source"])
    assert "Watch on Vimeo: Film" in soup.get_text()


def test_transcript_goes_in_a_disclosure_under_the_video():
    figure = _figure(transcript_html="<h3>Transcript</h3><p>Hello everyone.</p>")
    details = figure.find("details")
    assert details.find("summary").get_text() == "Read the transcript: Chief Executive's message"
    assert "Hello everyone." in details.get_text()


def test_no_transcript_means_no_empty_disclosure():
    assert _figure().find("details") is None


def test_titles_are_escaped():
    figure = _figure(title='<script>alert("x")</script>')
    assert figure.find("script") is None
    assert figure["data-video-title"] == '<script>alert("x")</script>'


def test_nest_headings_shifts_levels_and_drops_ids():
    html = '<h2 id="transcript">Transcript</h2><p>x</p><h3 id="part">Part</h3>'
    assert nest_headings(html, 3) == "<h3>Transcript</h3><p>x</p><h4>Part</h4>"
    assert nest_headings("<h5>a</h5><h6>b</h6>", 6) == "<h6>a</h6><h6>b</h6>"


def _visible_text(tag):
    """Text a sighted reader sees: everything but the visually hidden spans."""
    copy = BeautifulSoup(str(tag), "html.parser")
    for hidden in copy.select(".app-visually-hidden"):
        hidden.decompose()
    return copy.get_text(" ", strip=True)


def test_the_title_is_shown_once_and_said_with_each_control():
    figure = _figure(transcript_html="<p>Hello everyone.</p>")
    assert _visible_text(figure).count("Chief Executive's message") == 1
    # Screen readers hear each control on its own, so each names the video it belongs to.
    for control in (figure.find("button"), figure.find("a"), figure.find("summary")):
        assert ": Chief Executive's message" in control.get_text()


def test_the_play_button_says_it_connects_to_the_host_before_anything_is_requested():
    # Nothing is fetched from YouTube or Vimeo until the press: the button tells the reader that the press does.
    for ref, host in ((VideoRef("youtube", "q3VtR8xLk2A", 0), "YouTube"), (VideoRef("vimeo", "76979871", 0), "Vimeo")):
        button = BeautifulSoup(render(Video(ref, "Our talk"), NOTE), "html.parser").find("button")
        assert _visible_text(button) == f"Play video Connects to {host}" and button.find("br")
        assert button.get_text() == f"Play video: Our talk. Connects to {host}"


def test_a_title_taken_from_the_heading_above_is_not_shown_again():
    html = render(Video(VideoRef("youtube", "q3VtR8xLk2A", 0), "Our talk", title_shown=False), NOTE)
    figure = BeautifulSoup(html, "html.parser").find("figure")
    assert "Our talk" not in _visible_text(figure)
    assert figure.select_one(".app-video__title.app-visually-hidden").get_text() == "Our talk"


def _searched_words(figure):
    """Return the figure's text that Pagefind indexes: everything outside data-pagefind-ignore."""
    for ignored in figure.select("[data-pagefind-ignore]"):
        ignored.decompose()
    return figure.get_text(" ", strip=True)


def test_search_reads_the_title_and_transcript_never_the_players_own_words():
    # "Play video Connects to YouTube Watch on YouTube … press CC … Read the transcript" filled the extract of
    # every search result with a video; the title and the transcript are what a reader may look for.
    figure = _figure(duration=252, duration_text="4:12", transcript_html="<p>Hello everyone.</p>")
    words = _searched_words(figure)
    assert "Chief Executive's message" in words and "Hello everyone." in words
    for chrome in ("Video length", "4:12", "Play video", "Connects to", "Watch on", NOTE, "Read the transcript"):
        assert chrome not in words, (chrome, words)
