"""The ``EDITOR`` setting, as a typed object checked once per build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from inmind.typed_settings import Invalid, custom, flag, load, relative_path, shown, text
from inmind.urls import split


def _http_or_none(value):
    parts = split(value) if isinstance(value, str) else None
    if value is not None and (parts is None or parts.scheme not in ("http", "https")):
        raise Invalid(f"must be an http(s) address or None, not {shown(value)}")
    return value


def _site_address_or_none(value):
    if value is not None and (not isinstance(value, str) or not value.startswith("/") or value.startswith("//")):
        raise Invalid(f"must be an address on the site such as '/__inmind/check.json', or None, not {shown(value)}")
    return value


def _owner_name(repo):
    if repo and repo.count("/") != 1:
        raise Invalid(f"must be 'owner/name', not {shown(repo)}",
                      hint="the GitHub repository the editor commits to, such as 'trust/in-mind'")
    return repo


PROJECT = Path(__file__).resolve().parent.parent.parent
PACKAGES = "node_modules"
PACKAGE_MUST = "must be a folder inside node_modules/ (the npm packages pinned in package-lock.json)"
PACKAGE_HINT = ("leave package_dir out to use Decap CMS from node_modules/decap-cms/dist, installed by ./dev setup; "
                "never point it at a folder of your own")


def _in_node_modules(folder):
    # relative_path has refused absolute paths and '..'; the same words for a folder outside node_modules/.
    packages = PROJECT / PACKAGES
    parts = [part for part in folder.split("/") if part]
    inside = len(parts) > 1 and parts[0] == PACKAGES
    # A link inside node_modules/ that leads out of it is judged by where it leads.
    if inside and not (PROJECT / folder).resolve().is_relative_to(packages.resolve()):
        inside = False
    if not inside:
        raise Invalid(f"{PACKAGE_MUST}, not {shown(folder)}", PACKAGE_HINT)
    return folder


def _one_line(policy):
    if any(c in policy for c in "\r\n\"<>"):
        raise Invalid("must be one line without quotes or angle brackets")
    return policy


@dataclass(frozen=True)
class Editor:
    """EDITOR: where the browser editor is written, and the GitHub repository and sign-in it uses."""

    NAME: ClassVar[str] = "EDITOR"
    EXAMPLE: ClassVar[str] = '{"repo": "trust/in-mind"}'

    # Write the editor into the output (False leaves /admin/ out entirely).
    enabled: bool = flag(True)
    # Folder of the output that holds the editor; robots.txt, the sitemap and _headers keep it apart.
    path: str = relative_path("admin", strip=True, must="must be a folder name such as 'admin'")
    # Decap CMS's prebuilt files, from the pinned npm package (package.json), relative to the project.
    # Only a folder of the pinned npm packages: Decap's files are published byte for byte, and passed over by
    # the real-name check as known package files, so a folder anywhere else could publish anything.
    package_dir: str = relative_path(
        "node_modules/decap-cms/dist", then=_in_node_modules,
        must=PACKAGE_MUST, hint=PACKAGE_HINT)
    # Where `./dev edit` runs decap-server: the editor writes files through it when opened on 127.0.0.1.
    # None (the publish build) leaves the local backend out.
    local_backend: str | None = custom("http://127.0.0.1:8081/api/v1", _http_or_none)
    # The dev server's JSON list of one file's problems (inmind/serve.py); None (publish builds) hides the panel.
    problems_url: str | None = custom("/__inmind/check.json", _site_address_or_none)
    # The hosted editor: GitHub, with drafts, reviews and pull requests (Decap's editorial workflow).
    repo: str = text("", empty=True, then=_owner_name)
    branch: str = text("main", empty=True)
    # The OAuth helper that signs officers in to GitHub (see docs/editing.md); Decap's default is Netlify's.
    base_url: str = text("", empty=True)
    auth_endpoint: str = text("", empty=True)
    # The editor's own Content-Security-Policy: Decap needs 'unsafe-eval' (its config validator compiles
    # schemas with new Function) and inline styles (its components are styled at run time). The local
    # backend and the OAuth helper are added to connect-src when set.
    csp: str = text(
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob: https://avatars.githubusercontent.com; font-src 'self' data:; "
        "connect-src 'self' blob: https://api.github.com; frame-src 'self' blob:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'",
        empty=True, then=_one_line,
    )


def merged(settings):
    """Return the checked EDITOR setting (checked once per settings object), or raise SettingsError."""
    return load(settings, Editor)
