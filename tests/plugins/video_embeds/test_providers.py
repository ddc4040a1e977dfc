"""The URL parser: every accepted form, start times, and the reasons bad links are refused."""

import pytest
from video_embeds import providers
from video_embeds.providers import InvalidVideoURL, VideoRef

YT = "dQw4w9WgXcQ"

VALID = [
    # (link as a writer pastes it, provider, id, start seconds, unlisted hash)
    (f"https://www.youtube.com/watch?v={YT}", "youtube", YT, 0, None),
    (f"https://youtube.com/watch?v={YT}&feature=share", "youtube", YT, 0, None),
    (f"http://m.youtube.com/watch?v={YT}", "youtube", YT, 0, None),
    (f"https://www.youtube.com/watch?v={YT}&t=90", "youtube", YT, 90, None),
    (f"https://www.youtube.com/watch?v={YT}&t=1m30s", "youtube", YT, 90, None),
    (f"https://www.youtube.com/watch?v={YT}&t=1h2m3s", "youtube", YT, 3723, None),
    (f"https://www.youtube.com/watch?v={YT}&list=PL1234567890", "youtube", YT, 0, None),
    (f"https://youtu.be/{YT}", "youtube", YT, 0, None),
    (f"https://youtu.be/{YT}?t=95", "youtube", YT, 95, None),
    (f"https://youtu.be/{YT}?si=abcDEF123&t=42s", "youtube", YT, 42, None),
    (f"https://www.youtube.com/embed/{YT}", "youtube", YT, 0, None),
    (f"https://www.youtube.com/embed/{YT}?start=30", "youtube", YT, 30, None),
    (f"https://www.youtube.com/shorts/{YT}", "youtube", YT, 0, None),
    (f"https://www.youtube-nocookie.com/embed/{YT}?start=12", "youtube", YT, 12, None),
    (f"www.youtube.com/watch?v={YT}", "youtube", YT, 0, None),
    ("https://vimeo.com/287419356", "vimeo", "287419356", 0, None),
    ("https://vimeo.com/287419356#t=90s", "vimeo", "287419356", 90, None),
    ("https://vimeo.com/287419356/a1b2c3d4e5", "vimeo", "287419356", 0, "a1b2c3d4e5"),
    ("https://player.vimeo.com/video/287419356", "vimeo", "287419356", 0, None),
    ("https://player.vimeo.com/video/287419356?h=a1b2c3d4e5", "vimeo", "287419356", 0, "a1b2c3d4e5"),
    ("https://vimeo.com/channels/staffpicks/287419356", "vimeo", "287419356", 0, None),
]

INVALID = [
    # (link, words the reason must contain)
    ("https://www.youtube.com/watch?v=dQw4w9WgXc", "11"),  # one character short
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQQ", "11"),  # one too many
    ("https://www.youtube.com/watch?v=dQw4w9W$XcQ", "not a YouTube video ID"),
    ("https://www.youtube.com/watch", "no video ID"),
    ("https://youtu.be/", "no video ID"),
    ("https://www.youtube.com/playlist?list=PL1234567890", "playlist"),
    ("https://www.youtube.com/@merseycare", "not a video"),
    ("https://www.youtube.com/", "home page"),
    ("https://www.youtube-nocookie.com/watch?v=dQw4w9WgXcQ", "/embed/"),
    (f"https://www.youtube.com/watch?v={YT}&t=soon", "start time"),
    ("https://vimeo.com/showcase/123456", "not a video"),
    ("https://vimeo.com/merseycare", "not a video"),
    ("https://vimeo.com/287419356/NOT-A-HASH", "private-link code"),
    ("https://player.vimeo.com/video/abc", "Vimeo video number"),
    ("https://player.vimeo.com/287419356", "/video/"),
    ("https://www.dailymotion.com/video/x7tgad0", "not a YouTube or Vimeo"),
    ("ftp://youtube.com/watch?v=dQw4w9WgXcQ", "https://"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ and more", "space"),
    ("", "empty"),
]


@pytest.mark.parametrize(("url", "provider", "video_id", "start", "video_hash"), VALID)
def test_valid_links_parse(url, provider, video_id, start, video_hash):
    assert providers.parse(url) == VideoRef(provider, video_id, start, video_hash)


@pytest.mark.parametrize(("url", "reason"), INVALID)
def test_invalid_links_are_refused_with_a_reason(url, reason):
    with pytest.raises(InvalidVideoURL) as caught:
        providers.parse(url)
    assert reason in caught.value.reason


def test_the_table_is_big_enough():
    assert len(VALID) + len(INVALID) >= 20


def test_youtube_embed_uses_the_nocookie_host_with_dnt_and_start():
    url = VideoRef("youtube", YT, 95).embed_url()
    assert url == f"https://www.youtube-nocookie.com/embed/{YT}?autoplay=1&rel=0&dnt=1&start=95"


def test_vimeo_embed_keeps_the_unlisted_hash_and_start():
    url = VideoRef("vimeo", "287419356", 90, "a1b2c3d4e5").embed_url()
    assert url == "https://player.vimeo.com/video/287419356?h=a1b2c3d4e5&autoplay=1&dnt=1#t=90s"


@pytest.mark.parametrize(
    ("ref", "watch"),
    [
        (VideoRef("youtube", YT), f"https://www.youtube.com/watch?v={YT}"),
        (VideoRef("youtube", YT, 95), f"https://www.youtube.com/watch?v={YT}&t=95s"),
        (VideoRef("vimeo", "287419356"), "https://vimeo.com/287419356"),
        (VideoRef("vimeo", "287419356", 0, "a1b2c3d4e5"), "https://vimeo.com/287419356/a1b2c3d4e5"),
    ],
)
def test_watch_links_are_the_ordinary_pages(ref, watch):
    assert ref.watch_url() == watch


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://music.youtube.com/watch?v=x", True),
        ("youtu.be/abc", True),
        ("https://player.vimeo.com/video/1", True),
        ("https://www.merseycare.nhs.uk/videos", False),
        ("https://notyoutube.com/watch?v=x", False),
    ],
)
def test_looks_like_video_url(url, expected):
    assert providers.looks_like_video_url(url) is expected


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("90s", 90), ("1m30s", 90), ("1m", 60), ("1h2m3s", 3723)])
def test_start_times(text, seconds):
    assert providers.parse_start(text) == seconds
