"""The ``SAFEGUARDING`` setting: defaults, merge and validation."""

from __future__ import annotations

import re
from pathlib import Path

from inmind.errors import SettingsError, merge_setting

HERE = Path(__file__).resolve().parent

DEFAULTS = {
    # How a consent reference looks; YYYY is a year and N a digit, everything else is written as it is.
    # The reference points at the Trust's consent record and holds no personal data.
    "consent_pattern": "CF-YYYY-NNN",
    # Role groups whose writers need no Consent: line (their words are part of their job).
    "consent_exempt_groups": ["staff", "leadership"],
    # What a missing consent or content note is: "warning" here, which the publish build counts as an error.
    "required_severity": "warning",
    # The one file of crisis contacts (footer, pages, boxes); relative to the project, or absolute.
    "contacts": str(HERE / "data" / "crisis_contacts.toml"),
    # Safe-messaging word lists, with their source (TOML).
    "language": str(HERE / "data" / "safe_language.toml"),
    # The page shown at a withdrawn story's address.
    "withdrawn_template": "withdrawn",
}
SEVERITIES = ("warning", "error")


def _fail(key, message, hint=None):
    return SettingsError(f"SAFEGUARDING[{key!r}] {message}", hint=hint)


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


def merged(settings):
    """Return SAFEGUARDING merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "SAFEGUARDING", DEFAULTS, '{"consent_pattern": "CF-YYYY-NNN"}')
    pattern = config["consent_pattern"]
    if not isinstance(pattern, str) or not re.search(r"Y|N", pattern) or len(pattern) > 40:
        raise _fail("consent_pattern", f"must be a pattern such as 'CF-YYYY-NNN', not {pattern!r}",
                    "write Y for each digit of the year and N for each other digit")
    groups = config["consent_exempt_groups"]
    if not isinstance(groups, list | tuple) or not all(isinstance(g, str) for g in groups):
        raise _fail("consent_exempt_groups", f"must be a list of role groups such as ['staff'], not {groups!r}")
    if config["required_severity"] not in SEVERITIES:
        raise _fail("required_severity", f"must be \"warning\" or \"error\", not {config['required_severity']!r}")
    for key in ("contacts", "language", "withdrawn_template"):
        if not isinstance(config[key], str) or not config[key].strip():
            raise _fail(key, f"must be a non-empty text, not {config[key]!r}")
    for key in ("contacts", "language"):
        config[key] = str(Path(config[key]).expanduser().resolve())
    config["consent_exempt_groups"] = frozenset(groups)
    config["consent_regex"] = consent_regex(pattern)
    return config
