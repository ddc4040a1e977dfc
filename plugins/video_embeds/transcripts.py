"""Pure: the rules for a file's transcripts (``Transcript:`` lines and videos without one), for the check and the build."""

from __future__ import annotations

from pathlib import Path

from inmind.errors import Problem, did_you_mean, one_line
from inmind.files import resolved

from .source import more_lines_than_videos

HINT = (
    "add a line Transcript: transcripts/NAME.md to the lines at the top of the file, "
    "or a section headed '## Transcript' after the video; every video needs a written transcript"
)


# What no file name may be on this system: the system's own words are for programmers.
UNUSABLE = ("it is a link that leads back to itself, it holds a character no file name can have, or it is too long "
            "for a file name")


def target(value, content_root):
    """Return the file a ``Transcript:`` value names, symbolic links resolved (it may not exist); None: no file can.

    A NUL character, a name or path too long for the file system, or a link that leads back to itself.
    """
    named = resolved(Path(content_root) / value.strip())
    try:
        if named is not None:
            named.is_file()  # a name too long gets through resolve(): the system refuses it here
    except (OSError, ValueError):
        return None
    return named


_SHOWN = 80  # characters of a value too long to be a name shown in the message


def problems(source_path, line, files, videos, content_root, folder):
    """Return the problems with a file's ``Transcript:`` values (all at ``line``), given how many videos it has.

    Each value names a file inside the transcripts' folder (the build reads transcripts from nowhere else), and
    there is at most one per video, in the videos' order.
    """
    root = Path(content_root).resolve()
    hint = f"write the path from the content folder, such as Transcript: {folder}/NAME.md"
    found = []
    for value in files:
        named = target(value, root)
        if named is None:
            shown = one_line(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")
            found.append(Problem(source_path, line, "error", f'the transcript file "{shown}" cannot be read: {UNUSABLE}',
                                 f"{hint}, with a short name of letters, numbers and hyphens"))
        elif root not in named.parents:
            found.append(Problem(source_path, line, "error",
                                 f'the transcript file "{value}" is outside the content folder', hint))
        elif (root / folder).resolve() not in named.parents:
            # Any other content file (a draft, a withdrawn story) would be published as the transcript.
            found.append(Problem(source_path, line, "error",
                                 f'the transcript file "{value}" is not in the {folder}/ folder', hint))
        elif not named.is_file():
            known = sorted(p.relative_to(root).as_posix() for p in (root / folder).glob("*.md"))
            found.append(Problem(source_path, line, "error",
                                 f'the transcript file "{value}" does not exist.{did_you_mean(value, known)}', hint))
    if files and not videos:
        found.append(Problem(source_path, line, "error", "Transcript: names a transcript, but this file has no video",
                             "put the video's link on a line of its own in the text, or remove the Transcript: line"))
    elif len(files) > videos:
        found.append(Problem(source_path, line, "error",
                             more_lines_than_videos("Transcript", len(files), videos),
                             "give one Transcript: line per video, in the same order as the videos"))
    return found


def missing(source_path, line, title, severity):
    """Return the problem with a video that has no transcript: a warning in preview, an error when publishing."""
    return Problem(source_path, line, severity, f'the video "{title}" has no transcript', HINT)
