"""The one place that decides whether a file may be published: where it really is, its name and its content.

``vet(path, content_root)`` is pure (it reads the file, nothing else) and is used by the build, by
``invoke check`` and by every feature that takes files from people.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from inmind.errors import Problem
from inmind.files import unreadable
from inmind.source import FILE_NAME_MAX, too_long

from . import settings
from .kinds import (
    EXTENSIONS,
    LABELS,
    MB,
    PREFERRED_EXTENSION,
    check_content,
    describe,
    looks_like,
    rebuild_refusal,
    sniff,
)

ALLOWED_HINT = (
    "the site publishes pictures (.jpg, .png, .gif, .webp, .avif, .svg), PDF documents, Word and Excel files "
    "(.docx, .xlsx), OpenDocument files (.odt, .ods), and .csv and .txt files"
)
# What to do instead, for files people are likely to try.
_INSTEAD = [
    ((".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml"),
     "a web page here would run on the site's own address with no checks: write it as a page in "
     "content/pages/ in Markdown, or publish the document as a PDF"),
    ((".js", ".mjs", ".cjs", ".wasm"),
     "scripts cannot be published from content/; the site's own scripts are part of the theme"),
    ((".xml", ".xsl", ".xslt", ".rss", ".atom"), "publish a table as .csv, or the document as a PDF"),
    ((".svgz",), "save the picture as an uncompressed .svg, or as a .png"),
    ((".docm", ".dotm", ".xlsm", ".xltm", ".xlsb", ".xlam", ".pptm", ".potm", ".ppsm"),
     "this kind of Office file holds macros: save it as .docx or .xlsx without macros, or as a PDF"),
    ((".doc", ".dot", ".xls", ".xlt", ".ppt", ".rtf", ".dotx", ".xltx"),
     "save it as .docx, .xlsx or a PDF (older Office formats can hide macros)"),
    ((".pptx", ".ppsx", ".odp", ".key", ".pages", ".numbers"), "publish it as a PDF"),
    ((".heic", ".heif", ".tif", ".tiff", ".bmp", ".ico", ".psd", ".jfif"), "save the picture as a JPEG or PNG"),
    ((".mp4", ".mov", ".avi", ".webm", ".mkv", ".m4v"),
     "put the video on YouTube or Vimeo and paste its link into the post on a line of its own"),
    ((".md", ".markdown", ".rst"), "posts go in content/blog/YEAR/ and pages in content/pages/, as Markdown"),
    ((".zip", ".7z", ".rar", ".tar", ".gz", ".tgz"), "publish each file on its own"),
]


# Characters a published file's name may not hold: controls (a new line), quotes, angle brackets, backslashes
# and backticks, which break the addresses and lists the name is written into, and invisible or
# direction-changing characters, which make a name read as something else ("photo\u202egnp.exe").
ODD_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\"'<>`\\\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _instead(suffix):
    for suffixes, hint in _INSTEAD:
        if suffix in suffixes:
            return hint
    return f"programs and other kinds of file cannot be published: {ALLOWED_HINT}"


def instead_table():
    """Return {ending: what to do instead} for the files people are likely to try (the editor refuses them too)."""
    return {ext: hint for suffixes, hint in _INSTEAD for ext in suffixes}


def dots_only(name):
    """Return (message, hint) for a name that is only dots and an ending ("..jpg", ".jpg"), else None."""
    ending = "." + name.lstrip(".").lower()
    if not name.startswith(".") or ending not in EXTENSIONS:
        return None
    # A name starting with a dot is hidden (the site never publishes those), and "..jpg" reads as the folder above.
    return (f'"{name}" has no name before its ending, only dots; a name that starts with a dot is a hidden file, '
            "which the site never publishes",
            f"rename it to say what it shows, such as ward-garden{ending}, and change the link to match")


def loops(path, root):
    """Return the folder link on the way to ``path`` that leads back to a folder already on that way, or None."""
    seen = [root.resolve()]
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        real = current.resolve()
        if current.is_symlink() and real.is_dir() and any(s == real or s.is_relative_to(real) for s in seen):
            return current
        seen.append(real)
    return None


def vet(path, content_root, config=None, cache_dir=None) -> list[Problem]:
    """Return the problems that stop ``path`` being published from ``content_root`` (none: it may be).

    ``cache_dir`` keeps the published copy made while checking (see clean.py) for the build to use.
    """
    return _vetted(path, content_root, config or settings.merged({}), cache_dir)[0]


def vetted_bytes(path, content_root, config=None, cache_dir=None):
    """Return (problems, the bytes read and vetted): a feature that reads a file from people uses these bytes."""
    problems, _kind, data = _vetted(path, content_root, config or settings.merged({}), cache_dir)
    return problems, (None if problems else data)


def published_copy(path, content_root, config=None, cache_dir=None):
    """Return (problems, bytes to publish): ``path`` read once, those very bytes vetted, and their clean copy.

    The build writes exactly these bytes, so a file changed, or swapped for a link, after the checks looked
    at it is checked again as it is now, never copied unchecked.
    """
    from .clean import cleaned

    problems, kind, data = _vetted(path, content_root, config or settings.merged({}), cache_dir)
    return (problems, None) if problems else ([], cleaned(kind, data, cache_dir))


def _vetted(path, content_root, config, cache_dir):
    """Return (problems, kind, the bytes read) for ``path``: its place and name first, then those bytes."""
    path = Path(path)
    shown = str(path)
    root = Path(content_root).resolve()

    def refuse(message, hint):
        return [Problem(shown, None, "error", message, hint)], None, None

    if not path.is_absolute():
        path = Path(content_root).absolute() / path
    odd = ODD_NAME.search(os.path.relpath(path, Path(content_root).absolute()))
    if odd:
        return refuse(f"the file's name (or its folder's) has the character {odd.group()!r}, which web addresses "
                      "cannot carry safely", "rename it with letters, numbers, hyphens and underscores only")
    if dots_only(path.name):
        return refuse(*dots_only(path.name))
    length = len(path.name.encode("utf-8", "surrogateescape"))
    if length > FILE_NAME_MAX:
        return refuse(too_long("the file's name", length, FILE_NAME_MAX),
                      "rename it with a few words, such as ward-garden-2024.jpg (a letter with an accent counts "
                      "as two), and change the links to it")
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return refuse(*unreadable())
    if not real.is_relative_to(root):
        target = os.readlink(path) if path.is_symlink() else real
        return refuse(f"this is a link to a file outside the content folder ({target}), which is never published",
                      "copy the file itself into content/ (pictures in content/images/, documents in "
                      "content/documents/) and delete the link")
    lexical = Path(os.path.normpath(path))
    if lexical.is_relative_to(Path(content_root).absolute()):
        looping = loops(lexical, Path(content_root).absolute())
        if looping:
            return refuse(f"the folder link {looping.name} points at a folder that contains it, so its files "
                          "would be published again and again", "delete the link")
    try:
        info = real.stat()
    except OSError as exc:
        return refuse(*unreadable(exc))
    if not stat.S_ISREG(info.st_mode):
        return refuse("this is not an ordinary file (a device, a pipe or a folder)", "delete it")

    suffix = path.suffix.lower()
    kind = EXTENSIONS.get(suffix)
    if kind is None:
        what = f"{suffix} files" if suffix else "files without an ending such as .pdf"
        return refuse(f"{what} cannot be published", _instead(suffix))
    if kind not in config.kinds:
        return refuse(f"{LABELS[kind]} ({suffix}) is not among the kinds of file this site publishes",
                      "the FILE_VETTING setting's 'kinds' leaves it out; ask the web team, or publish it as a PDF")
    limit = config.max_mb * MB
    if info.st_size > limit:
        return refuse(f"the file is {info.st_size / MB:.1f} MB; the limit is {config.max_mb} MB",
                      "make it smaller: pictures 2,000 pixels wide are plenty, and PDFs can be saved "
                      "'for the web' or 'minimum size'")
    if info.st_size == 0:
        return refuse("the file is empty", "copy the real file here again, or delete it")
    try:
        data = read_once(real, content_root)
    except OSError as exc:
        return refuse(*unreadable(exc))
    if len(data) != info.st_size:
        return refuse("this file changed while the site was reading it",
                      "run the build again once nothing is saving or copying it")
    return content_problems(shown, kind, data, config, cache_dir), kind, data


def content_problems(path, kind, data, config, cache_dir=None):
    """Return the problems of ``data``, the bytes of ``path`` (a file of ``kind`` by its name): what it really is."""
    path = Path(path)
    shown, suffix = str(path), path.suffix.lower()

    def refuse(message, hint):
        return [Problem(shown, None, "error", message, hint)]

    if not looks_like(kind, data):
        found = sniff(data)
        if found in LABELS and found in config.kinds:
            hint = f"rename it to {path.stem}{PREFERRED_EXTENSION[found]}"
        else:
            hint = f"save it again as {LABELS[kind]}; {_instead(suffix) if found not in LABELS else ALLOWED_HINT}"
        return refuse(f"this file is named as {LABELS[kind]}, but it is {describe(data)}", hint)
    why = check_content(kind, data, config) or rebuild_refusal(kind, data, cache_dir)
    if why:
        return refuse(f"this {LABELS[kind].split(' ', 1)[1]} cannot be published: {why}",
                      getattr(why, "hint", None) or _content_hint(kind))
    return []


def _content_hint(kind):
    if kind == "svg":
        return ("export it again as a plain SVG without scripts, links or embedded web content (in Inkscape: "
                "Save As > Optimized or Plain SVG), or as a PNG")
    if kind in ("docx", "xlsx", "odt", "ods"):
        return "save a copy without macros (as .docx, .xlsx, .odt or .ods), or as a PDF"
    if kind == "pdf":
        return "print or export it again as a plain PDF (without forms, attachments or scripts)"
    if kind in ("csv", "txt"):
        return "open it in your editor and save it again as UTF-8 text"
    return "open the picture and export it again as a JPEG or PNG"


def read_once(path, content_root):
    """Return the bytes of ``path`` read through one open file that is inside ``content_root``; raise OSError.

    The file is opened where its links lead, refusing a link in its last step, and the open file's own
    path is checked, so a file or folder swapped for a link after it was checked is never read through it.
    """
    real = Path(path).resolve(strict=True)
    handle = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(handle)
        opened = Path(os.readlink(f"/proc/self/fd/{handle}")) if os.path.isdir("/proc/self/fd") else real
        if not stat.S_ISREG(info.st_mode) or not opened.is_relative_to(Path(content_root).resolve()):
            raise OSError(0, "it changed into a link or something other than a file while the site was built")
        with os.fdopen(os.dup(handle), "rb") as file:
            return file.read()
    finally:
        os.close(handle)

