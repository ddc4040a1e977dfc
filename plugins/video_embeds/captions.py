"""Pure: each video's ``Captions:`` line (checked, automatic or none), the sentence it gives, and its checks.

Like ``Transcript:``, a file gives one ``Captions:`` line per video, in the order of the videos. A video
without captions breaks WCAG 1.2.2 (Captions, prerecorded): it may still be published, with its
transcript, but ``invoke check`` lists it as a notice and the accessibility statement names it.
"""

from __future__ import annotations

import re

from inmind.errors import Problem, did_you_mean

KINDS = ("checked", "automatic", "none")
HINT = "write Captions: checked (captions a person has checked), automatic (made by the video site) or none, one line per video"
NONE_HINT = (
    "add captions to the video on YouTube or Vimeo, check them, then change the line to Captions: checked; "
    "until then the accessibility statement lists this video"
)


def values(metadata):
    """Return the file's ``Captions:`` values, lower case, in order (metadata may hold one value or a list)."""
    raw = metadata.get("captions") if metadata else None
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else list(raw)
    return [str(item).strip().lower() for item in items if str(item).strip()]


def sentence(kind, provider="the video site"):
    """Return the sentence under a video about its captions; ``kind`` is None when the file does not say."""
    if kind == "checked":
        return "This video has captions that we have checked: press CC in the player to turn them on."
    if kind == "automatic":
        return f"This video has captions made automatically by {provider}, which may have mistakes: press CC in the player. The transcript has every word."
    if kind == "none":
        return "This video has no captions yet. The transcript has every word that is said."
    return "If the player offers captions, press CC to turn them on."


def metadata_line(text, key="Captions"):
    """Return the 1-based line of the first ``Key:`` line at the top of ``text``, or 1."""
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if not line.strip():
            break
        if re.match(rf"^{key}\s*:", line, re.IGNORECASE):
            return number
    return 1


def problems(source_path, text, given, titles):
    """Return the problems with a file's ``Captions:`` values; ``titles`` are its videos' titles, in order."""
    line = metadata_line(text)
    found = []
    for value in given:
        if value not in KINDS:
            found.append(Problem(source_path, line, "error", f'"{value}" is not a Captions: value.{did_you_mean(value, KINDS)}', HINT))
    if given and len(given) > len(titles):
        found.append(Problem(source_path, line, "error",
                             f"there are {len(given)} Captions: lines but only {len(titles)} video(s)", HINT))
    for value, title in zip(given, titles, strict=False):
        if value == "none":
            found.append(Problem(source_path, line, "notice",
                                 f'the video "{title}" has no captions (WCAG 1.2.2); it is published with its transcript '
                                 "and listed in the accessibility statement", NONE_HINT))
    return found
