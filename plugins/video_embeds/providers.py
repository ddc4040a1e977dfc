"""Pure URL parsing: a YouTube or Vimeo link -> which video, where to start, and how to embed it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from inmind.urls import host_of, split, unusable

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{1,12}")
VIMEO_HASH = re.compile(r"[0-9a-f]{6,40}")
# 90, 90s, 1m30s, 1h2m3s (YouTube's and Vimeo's own forms). Digits are bounded: no video is longer than 99 hours,
# and a run of thousands of digits is more than Python turns into a number.
START = re.compile(r"(?:(?P<h>\d{1,2})h)?(?:(?P<m>\d{1,4})m)?(?:(?P<s>\d{1,6})s?)?")

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtu.be"}
NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}
VIMEO_PLAYER_HOSTS = {"player.vimeo.com"}
VIDEO_DOMAINS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com")

PROVIDER_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo"}

ACCEPTED_FORMS = (
    "https://www.youtube.com/watch?v=VIDEO_ID, https://youtu.be/VIDEO_ID, "
    "https://www.youtube.com/embed/VIDEO_ID, https://www.youtube.com/shorts/VIDEO_ID, "
    "https://www.youtube-nocookie.com/embed/VIDEO_ID (add ?t=90 or ?t=1m30s to start later), "
    "https://vimeo.com/NUMBER, https://vimeo.com/NUMBER/HASH (unlisted) or https://player.vimeo.com/video/NUMBER"
)


class InvalidVideoURL(ValueError):
    """A link that looks like a video but cannot be embedded; ``reason`` says why, for people."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class VideoRef:
    """One video on one host, with an optional start time and Vimeo unlisted hash."""

    provider: str
    id: str
    start: int = 0
    hash: str | None = None

    @property
    def provider_name(self):
        """Return the host's name as people know it ("YouTube")."""
        return PROVIDER_NAMES[self.provider]

    def embed_url(self):
        """Return the player address, loaded only after the reader presses play."""
        if self.provider == "youtube":
            query = {"autoplay": 1, "rel": 0, "dnt": 1}
            if self.start:
                query["start"] = self.start
            return f"https://www.youtube-nocookie.com/embed/{self.id}?{urlencode(query)}"
        query = {"h": self.hash} if self.hash else {}
        query.update({"autoplay": 1, "dnt": 1})
        fragment = f"#t={self.start}s" if self.start else ""
        return f"https://player.vimeo.com/video/{self.id}?{urlencode(query)}{fragment}"

    def watch_url(self):
        """Return the ordinary page on the host's own site (the link for readers without JavaScript)."""
        if self.provider == "youtube":
            start = f"&t={self.start}s" if self.start else ""
            return f"https://www.youtube.com/watch?v={self.id}{start}"
        path = f"{self.id}/{self.hash}" if self.hash else self.id
        start = f"#t={self.start}s" if self.start else ""
        return f"https://vimeo.com/{path}{start}"


def _host(url):
    """Return the lower-case host of ``url`` (a missing scheme is allowed), or an empty string."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    return host_of(text).lower()


def looks_like_video_url(url):
    """Return True if ``url`` points at YouTube or Vimeo (whether or not it is a valid video link)."""
    host = _host(url)
    return any(host == domain or host.endswith("." + domain) for domain in VIDEO_DOMAINS)


def parse_start(value):
    """Return a start time in seconds from ``90``, ``90s``, ``1m30s`` or ``1h2m3s``; raise InvalidVideoURL."""
    text = value.strip().lower()
    match = START.fullmatch(text)
    if not text or not match or not any(match.groups()):
        raise InvalidVideoURL(f'the start time "{value}" is not a time; write t=90 (seconds) or t=1m30s')
    hours, minutes, seconds = (int(match.group(k) or 0) for k in ("h", "m", "s"))
    return hours * 3600 + minutes * 60 + seconds


def _start_from(query, fragment):
    """Return the start time from ``t=`` or ``start=`` in the query, or ``#t=`` in the fragment."""
    for key in ("t", "start"):
        if query.get(key):
            return parse_start(query[key][0])
    fragment_query = parse_qs(fragment)
    if fragment_query.get("t"):
        return parse_start(fragment_query["t"][0])
    return 0


def _youtube_id(value, url):
    if not value:
        raise InvalidVideoURL(f"{url} has no video ID; copy the link from the video's Share button")
    if not YOUTUBE_ID.fullmatch(value):
        raise InvalidVideoURL(
            f'"{value}" is not a YouTube video ID (it should be exactly 11 letters, digits, - or _); '
            "the link may have been cut short when it was copied"
        )
    return value


def _parse_youtube(host, segments, query, fragment, url):
    if host in {"youtu.be", "www.youtu.be"}:
        video_id = segments[0] if segments else ""
    elif host in NOCOOKIE_HOSTS:
        if len(segments) != 2 or segments[0] != "embed":
            raise InvalidVideoURL(f"{url} is not a video link; youtube-nocookie.com links look like /embed/VIDEO_ID")
        video_id = segments[1]
    elif segments[:1] == ["watch"] and len(segments) == 1:
        video_id = (query.get("v") or [""])[0]
    elif len(segments) == 2 and segments[0] in {"embed", "shorts", "live", "v"}:
        video_id = segments[1]
    elif segments[:1] == ["playlist"]:
        raise InvalidVideoURL(f"{url} is a playlist; link to one video from it instead")
    elif not segments:
        raise InvalidVideoURL(f"{url} is YouTube's home page, not a video")
    else:
        raise InvalidVideoURL(f"{url} is a YouTube page (such as a channel), not a video")
    return VideoRef("youtube", _youtube_id(video_id, url), _start_from(query, fragment))


def _parse_vimeo(host, segments, query, fragment, url):
    if host in VIMEO_PLAYER_HOSTS:
        if len(segments) != 2 or segments[0] != "video":
            raise InvalidVideoURL(f"{url} is not a video link; player.vimeo.com links look like /video/NUMBER")
        video_id, video_hash = segments[1], (query.get("h") or [None])[0]
    elif len(segments) >= 3 and segments[0] == "channels":
        video_id, video_hash = segments[2], None
    elif segments and VIMEO_ID.fullmatch(segments[0]) and len(segments) <= 2:
        video_id = segments[0]
        video_hash = segments[1] if len(segments) == 2 else (query.get("h") or [None])[0]
    else:
        raise InvalidVideoURL(f"{url} is a Vimeo page (such as a profile or showcase), not a video")
    if not VIMEO_ID.fullmatch(video_id):
        raise InvalidVideoURL(f'"{video_id}" is not a Vimeo video number; Vimeo video links end in a number')
    if video_hash is not None and not VIMEO_HASH.fullmatch(video_hash):
        raise InvalidVideoURL(
            f'"{video_hash}" is not a Vimeo private-link code (letters a-f and digits); copy the link again from Share'
        )
    return VideoRef("vimeo", video_id, _start_from(query, fragment), video_hash)


def parse(url):
    """Return the VideoRef for a YouTube or Vimeo link, or raise InvalidVideoURL with a reason for people."""
    text = (url or "").strip()
    if not text:
        raise InvalidVideoURL("the video link is empty")
    if any(ch.isspace() for ch in text):
        raise InvalidVideoURL(f'"{text}" has a space in it; a video link is one unbroken address')
    if "://" not in text:
        text = "https://" + text
    parts = split(text)
    if parts is None:
        raise InvalidVideoURL(unusable(url))
    if parts.scheme not in {"http", "https"}:
        raise InvalidVideoURL(f"{url} is not a web address starting with https://")
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    if host in YOUTUBE_HOSTS or host in NOCOOKIE_HOSTS:
        return _parse_youtube(host, segments, query, parts.fragment, url)
    if host in VIMEO_HOSTS or host in VIMEO_PLAYER_HOSTS:
        return _parse_vimeo(host, segments, query, parts.fragment, url)
    raise InvalidVideoURL(f"{url} is not a YouTube or Vimeo video link")
