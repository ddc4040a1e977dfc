"""Editorial checks on the pictures a post shows: the address, and the file's size, kind and width, each at its line."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from file_vetting import settings as vetting_settings
from file_vetting.kinds import EXTENSIONS
from file_vetting.vet import vet
from file_vetting.walk import walks

from inmind.check_file import INLINE_LINK
from inmind.errors import Problem
from inmind.files import is_file, resolved
from inmind.source import blank_code_spans, parse_shared, prose_lines
from inmind.urls import path_of, split

from . import markup, resize, settings

MB = 1024 * 1024
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
RAW = re.compile(r"<img\b[^<>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
PICTURE_KINDS = {"jpeg", "png", "gif", "webp", "avif", "svg"}
# A camera's, phone's or messaging app's own name for a photo: the date and the time to the second it was taken
# (IMG_20261128_142233, PXL_…, Screenshot_20261128-142233, "WhatsApp Image 2026-11-28 at 14.22.33").
CAMERA_NAME = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?:[-_ .T]| at )"
                         r"([01]\d|2[0-3])[-_.:]?([0-5]\d)[-_.:]?[0-5]\d")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
OTHER_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/|#|\{(?!static\})|\|(?!static\|))", re.IGNORECASE)


def pictures(text):
    """Yield ``(line, address)`` for each picture in a Markdown file's body (outside code)."""
    for number, line in prose_lines(parse_shared(text)):
        if "`" in line:
            line = blank_code_spans(line)
        if "![" in line:
            # The checker's one reading of a Markdown link (an address may hold spaces), and an image in a link's text.
            for match in INLINE_LINK.finditer(line):
                for found in (match, *INLINE_LINK.finditer(match.group(2))):
                    if found.group(1) == "!":
                        yield number, found.group(3).strip("<>")
        if "<img" in line.lower():
            for match in RAW.finditer(line):
                yield number, next(g for g in match.groups() if g is not None)


def _relative_mistake(address, root, item_dir):
    """Return the problem for a picture address written without {static} (it would show as broken)."""
    path = unquote(path_of(address))
    name = PurePosixPath(path).name
    # The name is compared, never used as a pattern or looked up: "*" would match every file, and a name the
    # system refuses (a NUL written as %00, or too long) would stop the check.
    candidates = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.name == name and p.is_file()) \
        if name else []
    here = resolved(root / item_dir / path)
    if here is not None and is_file(here) and here.is_relative_to(root.resolve()):
        candidates.insert(0, here.relative_to(root.resolve()).as_posix())
    if candidates:
        fix = f"{{static}}/{candidates[0]}"
        return (f'the picture address "{address}" does not say it is a file of the site, so the picture would '
                f'show as broken. Did you mean "{fix}"?', f"write it as ![what it shows]({fix})")
    return (f'the picture "{address}" is not a file of the site, so it would show as broken',
            "put the picture in content/images/ and link it as ![what it shows]({static}/images/its-name.jpg)")


def check(source_path, text, metadata, pelican_settings):
    """Return the problems with the pictures one Markdown file shows."""
    if not str(source_path).lower().endswith(MARKDOWN_SUFFIXES) or ("![" not in text and "<img" not in text.lower()):
        return []
    config = settings.merged(pelican_settings)
    vetting = vetting_settings.merged(pelican_settings)
    root = Path(pelican_settings.get("PATH") or "content").absolute()
    item_dir = Path(source_path).absolute().parent.relative_to(root).as_posix() if \
        Path(source_path).absolute().is_relative_to(root) else ""
    problems = []

    def add(line, severity, message, hint, check_id):
        problems.append(Problem(str(source_path), line, severity, f"{message} [{check_id}]", hint))

    for line, address in pictures(text):
        if not address or address.lower().startswith("data:"):
            continue  # the sanitiser and the alt-text check speak for these
        if split(markup.STATIC.sub("", address)) is None:
            continue  # "//[zz]/a.png" is no address at all: the file's link check says so at its line
        if not markup.STATIC.match(address):
            if not OTHER_ADDRESS.match(address):
                add(line, "error", *_relative_mistake(address, root, "" if item_dir == "." else item_dir),
                    "picture-address")
            continue
        rel = markup.target(address, "" if item_dir == "." else item_dir)
        path = root / rel if rel else None
        if path is None or not is_file(path):
            continue  # the site-wide link check names a missing {static} file, with a did-you-mean
        found = vet(path, root, vetting)
        if found:
            # One problem, one message: the site's file check names a refused file it walks (as the build does);
            # only a file outside STATIC_PATHS, which a {static} link still publishes, is named here, at the post.
            if not walks(pelican_settings, path):
                add(line, "error", f'the picture "{address}" cannot be published: {found[0].message}',
                    found[0].hint, "picture-file")
            continue
        kind = EXTENSIONS.get(path.suffix.lower())
        if kind not in PICTURE_KINDS:
            add(line, "error", f'"{address}" is not a picture (it is a .{path.suffix.lstrip(".")} file)',
                "show pictures (.jpg, .png, .webp, .gif, .svg); link other files as [text](...) without the !",
                "picture-file")
            continue
        size = path.stat().st_size
        if size > config.max_mb * MB:
            add(line, "error", f'the picture "{address}" is {size / MB:.1f} MB; the limit is {config.max_mb} MB',
                "export it again about 2,000 pixels wide as a JPEG (quality 80); the site makes the smaller "
                "sizes itself", "picture-size")
        if kind == "svg":
            continue
        taken = CAMERA_NAME.search(path.name)
        if taken:
            year, month, day, hour, minute = taken.groups()
            add(line, "warning", f"the picture's name says when it was taken ({int(day)} {MONTHS[int(month) - 1]} "
                f"{year} at {hour}:{minute}), and the site publishes it under that name, though it leaves the "
                "camera's own date out", "rename the file to say what it shows, in lower case with hyphens (such as "
                "ward-garden.jpg), and change this line to match", "picture-name")
        shown = resize.size_of(path)
        if shown and shown[0] < config.column_px:
            add(line, "warning", f'the picture "{address}" is {shown[0]} pixels wide, narrower than the '
                f'{config.column_px}-pixel article column on a laptop, so it will look small or blurred',
                f"use a copy at least {config.column_px * 2} pixels wide if you have one", "picture-narrow")
    return problems


def fingerprint(pelican_settings):
    """Return what the picture checks depend on besides the post: each picture file's name, size and time."""
    root = Path(pelican_settings.get("PATH") or "content")
    found = []
    for static in pelican_settings.get("STATIC_PATHS") or []:
        base = root / static
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.suffix.lower() in resize.RESIZED or path.suffix.lower() in (".gif", ".avif", ".svg"):
                    try:
                        info = path.stat()
                    except OSError:
                        continue
                    found.append(f"{path.relative_to(root).as_posix()}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(found)
