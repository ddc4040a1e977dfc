"""Pure: the Trust's identity settings (TRUST_NAME, TRUST_URL, TRUST_LOGO), checked once before the build."""

from __future__ import annotations

import re

from inmind.errors import SettingsError
from inmind.urls import split, url_problem

LOGO_PATH = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_./-]*\.(svg|png)$")


def check(settings):
    """Raise SettingsError when the Trust's name, address or logo cannot be printed safely."""
    name, url, logo = settings.get("TRUST_NAME"), settings.get("TRUST_URL") or "", settings.get("TRUST_LOGO") or ""
    if not isinstance(name, str) or not name.strip():
        raise SettingsError("TRUST_NAME must be the Trust's name as text", hint='write TRUST_NAME = "Example NHS Foundation Trust"')
    if not isinstance(url, str) or (url and (url_problem(url) or split(url).scheme != "https")):
        raise SettingsError(
            f"TRUST_URL must be the Trust's main website, a full address starting with https://, not {url!r}",
            hint='write TRUST_URL = "https://www.example.nhs.uk/", or TRUST_URL = "" for no link',
        )
    if not isinstance(logo, str) or (logo and (not LOGO_PATH.match(logo) or ".." in logo.split("/"))):
        raise SettingsError(
            f"TRUST_LOGO must be an .svg or .png file of this site, such as 'images/trust-logo.svg', not {logo!r}",
            hint="put the logo in content/images/ and write its path from the content folder; the logo is never loaded from another site",
        )
