"""The ``EDITOR`` setting: defaults, merge and validation."""

from __future__ import annotations

from urllib.parse import urlsplit

from inmind.errors import SettingsError, merge_setting

DEFAULTS = {
    # Write the editor into the output (False leaves /admin/ out entirely).
    "enabled": True,
    # Folder of the output that holds the editor; robots.txt, the sitemap and _headers keep it apart.
    "path": "admin",
    # Decap CMS's prebuilt files, from the pinned npm package (package.json), relative to the project.
    "package_dir": "node_modules/decap-cms/dist",
    # Where `./dev edit` runs decap-server: the editor writes files through it when opened on 127.0.0.1.
    # None (the publish build) leaves the local backend out.
    "local_backend": "http://127.0.0.1:8081/api/v1",
    # The dev server's JSON list of one file's problems (inmind/serve.py); None (publish builds) hides the panel.
    "problems_url": "/__inmind/check.json",
    # The hosted editor: GitHub, with drafts, reviews and pull requests (Decap's editorial workflow).
    "repo": "",
    "branch": "main",
    # The OAuth helper that signs officers in to GitHub (see docs/editing.md); Decap's default is Netlify's.
    "base_url": "",
    "auth_endpoint": "",
    # The editor's own Content-Security-Policy: Decap needs 'unsafe-eval' (its config validator compiles
    # schemas with new Function) and inline styles (its components are styled at run time). The local
    # backend and the OAuth helper are added to connect-src when set.
    "csp": (
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob: https://avatars.githubusercontent.com; font-src 'self' data:; "
        "connect-src 'self' blob: https://api.github.com; frame-src 'self' blob:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'"
    ),
}

_STRINGS = ("path", "package_dir", "repo", "branch", "base_url", "auth_endpoint", "csp")
_URLS = ("local_backend",)


def merged(settings):
    """Return EDITOR merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "EDITOR", DEFAULTS, '{"repo": "trust/in-mind"}')
    if not isinstance(config["enabled"], bool):
        raise SettingsError(f"EDITOR['enabled'] must be True or False, not {config['enabled']!r}")
    for key in _STRINGS:
        if not isinstance(config[key], str):
            raise SettingsError(f"EDITOR[{key!r}] must be a string, not {config[key]!r}")
    path = config["path"].strip("/")
    if not path or any(part in ("", ".", "..") for part in path.split("/")):
        raise SettingsError(f"EDITOR['path'] must be a folder name such as 'admin', not {config['path']!r}")
    config["path"] = path
    for key in _URLS:
        value = config[key]
        if value is not None and (not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https")):
            raise SettingsError(f"EDITOR[{key!r}] must be an http(s) address or None, not {value!r}")
    problems = config["problems_url"]
    if problems is not None and (not isinstance(problems, str) or not problems.startswith("/") or problems.startswith("//")):
        raise SettingsError(f"EDITOR['problems_url'] must be an address on the site such as '/__inmind/check.json', "
                            f"or None, not {problems!r}")
    if config["repo"] and config["repo"].count("/") != 1:
        raise SettingsError(f"EDITOR['repo'] must be 'owner/name', not {config['repo']!r}",
                            hint="the GitHub repository the editor commits to, such as 'trust/in-mind'")
    if any(c in config["csp"] for c in "\r\n\"<>"):
        raise SettingsError("EDITOR['csp'] must be one line without quotes or angle brackets")
    return config
