"""The ``SAFEGUARDING`` setting, as a typed object checked once per build."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from inmind.typed_settings import Invalid, choice, custom, load, shown, strings, text

HERE = Path(__file__).resolve().parent
SEVERITIES = ("warning", "error")


def consent_regex(pattern):
    """Return the compiled regex of a consent pattern such as ``CF-YYYY-NNN``."""
    parts = []
    for run in re.findall(r"Y+|N+|[^YN]+", pattern):
        if run[0] == "Y":
            parts.append(r"(?:19|20)\d{2}" if len(run) == 4 else rf"\d{{{len(run)}}}")
        elif run[0] == "N":
            parts.append(rf"\d{{{len(run)}}}")
        else:
            parts.append(re.escape(run))
    return re.compile("".join(parts))


def _pattern(pattern):
    if not isinstance(pattern, str) or not re.search(r"Y|N", pattern) or len(pattern) > 40:
        raise Invalid(f"must be a pattern such as 'CF-YYYY-NNN', not {shown(pattern)}",
                      hint="write Y for each digit of the year and N for each other digit")
    return pattern


def _file(path):
    # Relative to the project (where the build runs), or absolute; read later, so resolved now.
    try:
        found = Path(path).expanduser().resolve()
        exists = found.is_file()
    except (OSError, RuntimeError, ValueError):
        raise Invalid(f"must be a file path, not {shown(path)}") from None
    if not exists:
        # Refused here, once, in words: read later, it would stop the build on every page showing the contacts.
        why = "is a folder" if found.is_dir() else "does not exist"
        raise Invalid(f"must name an existing file, but {shown(str(found))} {why}",
                      hint="write the file's path from the project folder (where you type ./dev commands) or "
                           "from /, or leave the key out to use the file that comes with the site (in "
                           "plugins/safeguarding/data/)")
    return str(found)


@dataclass(frozen=True)
class Safeguarding:
    """SAFEGUARDING: the consent reference, who needs one, how strict the checks are, and the crisis contacts."""

    NAME: ClassVar[str] = "SAFEGUARDING"
    EXAMPLE: ClassVar[str] = '{"consent_pattern": "CF-YYYY-NNN"}'

    # How a consent reference looks; YYYY is a year and N a digit, everything else is written as it is.
    # The reference points at the Trust's consent record and holds no personal data.
    consent_pattern: str = custom("CF-YYYY-NNN", _pattern)
    # Role groups whose writers need no Consent: line (their words are part of their job).
    consent_exempt_groups: frozenset = strings(["staff", "leadership"],
                                               must="must be a list of role groups such as ['staff']", then=frozenset)
    # What a missing consent or content note is: "warning" here, which the publish build counts as an error.
    required_severity: str = choice("warning", SEVERITIES)
    # The one file of crisis contacts (footer, pages, boxes); relative to the project, or absolute.
    contacts: str = text(str(HERE / "data" / "crisis_contacts.toml"), then=_file)
    # Safe-messaging word lists, with their source (TOML).
    language: str = text(str(HERE / "data" / "safe_language.toml"), then=_file)
    # The page shown at a withdrawn story's address.
    withdrawn_template: str = text("withdrawn")

    @cached_property
    def consent_regex(self):
        """Return the compiled regex of ``consent_pattern``."""
        return consent_regex(self.consent_pattern)


def merged(settings):
    """Return the checked SAFEGUARDING setting (checked once per settings object), or raise SettingsError."""
    return load(settings, Safeguarding)
