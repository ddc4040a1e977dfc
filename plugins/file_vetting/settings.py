"""The ``FILE_VETTING`` setting, as a typed object checked once per build."""

from dataclasses import dataclass
from typing import ClassVar

from inmind.typed_settings import Invalid, load, number, shown, strings

# Every kind of file the vetting knows how to prove harmless, by content.
KINDS = ("jpeg", "png", "gif", "webp", "avif", "svg", "pdf", "docx", "xlsx", "odt", "ods", "csv", "txt")
MEGABYTES = "must be a positive number of megabytes"


def _known(kinds):
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise Invalid(f"has {shown(unknown[0])}, which the site cannot check",
                      hint=f"choose from: {', '.join(KINDS)}; other files cannot be proved harmless")
    return frozenset(kinds)


@dataclass(frozen=True)
class FileVetting:
    """FILE_VETTING: which kinds of file may be published, and how big."""

    NAME: ClassVar[str] = "FILE_VETTING"
    EXAMPLE: ClassVar[str] = '{"max_mb": 5}'

    # The kinds of file that may be published from content/ (a subset of KINDS).
    kinds: frozenset = strings(KINDS, must="must be a list of kinds", hint=f"choose from: {', '.join(KINDS)}",
                               then=_known)
    # The largest file that may be published, in megabytes: bigger pictures and documents are slow to
    # download on a phone, and usually a sign that something was exported at the wrong size.
    max_mb: float = number(10, above=0, must=MEGABYTES)
    # Largest total size of the files inside a .docx, .xlsx, .odt or .ods, in megabytes (zip bombs).
    max_unzipped_mb: float = number(100, above=0, must=MEGABYTES)


def merged(settings):
    """Return the checked FILE_VETTING setting (checked once per settings object), or raise SettingsError."""
    return load(settings, FileVetting)


def cache_folder(settings):
    """Return where the published copies of documents and pictures are kept between builds (by content)."""
    from pathlib import Path

    return Path(settings.get("CACHE_PATH") or "cache") / "file_vetting"
