"""Pure: each video's ``Captions:`` line (checked, automatic or none), the sentence it gives, and its checks.

Like ``Transcript:``, a file gives one ``Captions:`` line per video, in the order of the videos. A video
without captions breaks WCAG 1.2.2 (Captions, prerecorded): it may still be published, with its
transcript, but ``invoke check`` lists it as a notice and the accessibility statement names it.
"""

from __future__ import annotations

from inmind.errors import Problem, did_you_mean
from inmind.source import as_list

from .source import more_lines_than_videos

KINDS = ("checked", "automatic", "none")
# The sentence under a video whose file says nothing about its captions (the setting's default too);
# players name their captions button "CC".
UNKNOWN = "If the player offers captions, press CC to turn them on."
HINT = "write Captions: checked (captions a person has checked), automatic (made by the video site) or none, one line per video"
NONE_HINT = (
    "add captions to the video on YouTube or Vimeo, check them, then change the line to Captions: checked; "
    "until then the accessibility statement lists this video"
)


# More lines than videos is most often a video link the site could not read, so it names both ways out.
EXTRA_HINT = ("give one Captions: line per video, in the order of the videos: delete the extra line, or mend the video's "
              "link if the check names it too (a link the site cannot read is not a video)")


def values(metadata):
    """Return the file's ``Captions:`` values, lower case, in order (metadata may hold one value or a list)."""
    return [value.lower() for value in as_list(metadata.get("captions") if metadata else None)]


def sentence(kind, provider="the video site"):
    """Return the sentence under a video about its captions; ``kind`` is None when the file does not say."""
    if kind == "checked":
        return "This video has captions that we have checked: press CC in the player to turn them on."
    if kind == "automatic":
        return f"This video has captions made automatically by {provider}, which may have mistakes: press CC in the player. The transcript has every word."
    if kind == "none":
        return "This video has no captions yet. The transcript has every word that is said."
    return UNKNOWN


def problems(source_path, source, titles):
    """Return the problems with a file's ``Captions:`` lines (``source`` from inmind.source.parse); ``titles`` are its videos'."""
    given = values(source.metadata)
    line = source.line("captions", 1)
    found = []
    for value in given:
        if value not in KINDS:
            found.append(Problem(source_path, line, "error", f'"{value}" is not a Captions: value.{did_you_mean(value, KINDS)}', HINT))
    if given and len(given) > len(titles):
        found.append(Problem(source_path, line, "error", more_lines_than_videos("Captions", len(given), len(titles)), EXTRA_HINT))
    for value, title in zip(given, titles, strict=False):
        if value == "none":
            found.append(Problem(source_path, line, "notice",
                                 f'the video "{title}" has no captions (WCAG 1.2.2); it is published with its transcript '
                                 "and listed in the accessibility statement", NONE_HINT))
    return found
