"""Editorial check: report raw HTML that the sanitiser will remove, with the line it is on."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from markdown import Markdown
from video_embeds.source import IFRAME_HINT

from inmind.check_file import nesting_problem
from inmind.errors import Problem, did_you_mean
from inmind.fields import known_fields
from inmind.source import parse_shared, prose_lines

from . import settings as plugin_settings
from .ids import unknown_headers
from .readers import OVERRIDES, chooses_output, outside_content, pelican_own, underscored
from .sanitiser import OTHER_SITE_PICTURE, sanitiser_for

HINT = (
    "the page keeps only plain Markdown and simple HTML; remove it (videos: paste the link alone on its own line)"
)
# Markdown writes unsafe HTML only from raw HTML ("<"), attribute lists ("{: onclick=...}") and link
# addresses with a scheme or a character reference; text without any of them has nothing to remove,
# so most posts skip the (comparatively slow) rendering. Pelican's {filename}-style links are harmless.
_MAY_HOLD_HTML = re.compile(
    r"<|\{(?!(?:filename|static|attach|author|category|tag|index)\})"
    r"|(?:\]\(|\]:)\s*<?\s*(?:&|[A-Za-z][\w+.-]*:)"
)
OTHER_SITE_PICTURE_HINT = (
    "a picture from another site is fetched from it by every reader who opens the page, and the site's "
    "Content-Security-Policy blocks it; save the picture (with permission) in content/images/ and show it "
    "as ![what it shows]({static}/images/its-name.jpg)"
)
_SAFE_SCHEME = re.compile(r"(\]\(|\]:)\s*<?\s*(https?|mailto|tel):", re.IGNORECASE)
# A safe link's address is an off-site picture's when "![" shows it: such text is rendered too.
_ADDRESS_ELSEWHERE = re.compile(r"(?:\]\(|\]:)\s*<?\s*(?:[A-Za-z][\w+.-]*:|[/\\]{2})")

_CONTROL_CHARS = re.compile(r"[\x00-\x20\x7f]+")
_ADDRESS = re.compile(r'"([^"]*):" address in <(\w+) ')
HEADERS_HINT = (
    "headers= lists the id= of the header cells (<th>) that label this cell, in the same table, separated by "
    "spaces: give the right <th> that id, or correct the spelling."
)
ADDRESS_HINT = "web addresses start with https://, email addresses with mailto: and phone numbers with tel:"

_MARKDOWN = {}


def _markdown(pelican_settings):
    config = pelican_settings.get("MARKDOWN") or {}
    key = repr(config)
    if key not in _MARKDOWN:
        options = copy.deepcopy(config)
        extensions = list(options.pop("extensions", []))
        configs = options.pop("extension_configs", {})
        for name in list(configs) + ["markdown.extensions.meta"]:
            if name not in extensions:
                extensions.append(name)
        _MARKDOWN[key] = Markdown(extensions=extensions, extension_configs=configs, **options)
    return _MARKDOWN[key]


def _render(text, pelican_settings):
    md = _markdown(pelican_settings)
    md.reset()
    return md.convert(text)


def _needle(description):
    """Return a regex that finds the source of one removed thing in the Markdown."""
    match = re.match(r"<(\w[\w-]*)> element", description)
    if match:
        return rf"<\s*{re.escape(match.group(1))}\b"
    match = re.match(r"([^\s=]+)=\.\.\. attribute", description)
    if match:
        return rf"\b{re.escape(match.group(1))}\s*="
    match = re.match(r'"([^"]+):" address', description)
    if match:
        return rf"{re.escape(match.group(1))}\s*:|&#"
    match = re.match(r'class "([^"]+)"', description)
    if match:
        return rf"\b{re.escape(match.group(1))}\b"
    if description.startswith(OTHER_SITE_PICTURE):
        address = description[len(OTHER_SITE_PICTURE):].strip(' ()"')
        host = re.sub(r"^[^/\\]*[/\\]+", "", _CONTROL_CHARS.sub("", address)).split("/")[0]
        return re.escape(host) if host else r"<img|!\["
    if description.startswith("<!"):
        return r"<!"
    return r"<"


def _lines_of(source, description):
    """Return every line that holds what ``description`` names (the first only, when the needle is a bare "<")."""
    needle = _needle(description)
    found = _lines_matching(source, re.compile(needle, re.IGNORECASE))
    return found[:1] if needle in ("<", "<!") else found


def _lines_matching(source, regex):
    """Return the lines of prose (else of the whole body) that ``regex`` finds something on, or the body's first."""
    for lines in (prose_lines(source), source.body_lines()):
        found = [number for number, text in lines if regex.search(text)]
        if found:
            return found
    return [source.body_line]


def _unknown_headers(source_path, source, html):
    """Return a Problem for each headers= name the sanitised ``html`` has no <th> for, on the lines that name it."""
    problems = {}
    for name, ids in unknown_headers(html):
        written = re.compile(rf"headers\s*=\s*[\"']?[^\"'<>]*(?<![\w:.-]){re.escape(name)}(?![\w:.-])", re.IGNORECASE)
        lines = _lines_matching(source, written)
        if lines == [source.body_line]:
            lines = _lines_matching(source, re.compile(r"headers\s*=", re.IGNORECASE))[:1]
        for line in lines:
            problems[line, name] = Problem(
                source_path, line, "error",
                f'headers= on a table cell names "{name}", but no header cell (<th>) in the same table has '
                f'id="{name}", so the name will be removed [html-removed]',
                f"{HEADERS_HINT}{did_you_mean(name, ids)}".strip(),
            )
    return list(problems.values())


def _message(what, schemes):
    """Return the message and hint for one removed thing; a link's or picture's address in plain words."""
    if what.startswith("<iframe>"):
        # A pasted video player is the commonest case: the video plugin leaves its message to this check, which
        # gives the fix (paste the plain link), so that one problem has one message.
        return "pasted <iframe> code (a video player, or another site's page) will be removed [html-removed]", IFRAME_HINT
    address = _ADDRESS.match(what)
    if not address:
        return f"{what} will be removed [html-removed]", None
    # A misspelt "https:" is the usual cause, and writers know links and pictures, not <a href>.
    scheme, thing = address.group(1), "picture" if address.group(2) == "img" else "link"
    return (f'the {thing} address starts with "{scheme}:", which is not a web address the site can use, so the '
            f"{thing} will be removed.{did_you_mean(scheme + ':', [s + ':' for s in sorted(schemes)])} [html-removed]",
            ADDRESS_HINT)


def _needs_rendering(body):
    if "![" in body and _ADDRESS_ELSEWHERE.search(body):
        return True
    for match in _MAY_HOLD_HTML.finditer(body):
        if match.group(0)[0] in "<{" or not _SAFE_SCHEME.match(body, match.start()):
            return True
    return False


def check(source_path, text, metadata, settings):
    """Return a Problem for each piece of HTML in the file that the sanitiser will remove."""
    config = plugin_settings.merged(settings)
    sanitiser = sanitiser_for(config)
    source = parse_shared(text)
    # A missing or looping file is reported by the checks' own reading; this names one that leads outside.
    outside = outside_content(source_path, settings) if Path(source_path).exists() else None
    problems = [Problem(source_path, 1, "error", outside.message, outside.hint)] if outside else []
    formatted = {name.lower() for name in settings.get("FORMATTED_FIELDS", ["summary"])}
    for f in source.fields:
        if f.key == "lang" and chooses_output(f.key, f.value):
            problems.append(Problem(source_path, f.line, "error", f'the language "{f.value[:40]}" is not a language code '
                                    "[field-override]", "write a code such as en-GB, cy or pl, or remove the line"))
        if f.key != "lang" and (f.key in OVERRIDES or pelican_own(f.key)):
            problems.append(Problem(source_path, f.line, "error", f"{f.name}: cannot be set in a content file; the "
                                    "site chooses every page's address, file and layout itself [field-override]",
                                    "remove this line; to change the web address, use a Slug: line"))
        elif underscored(f.key):
            hyphened = f.key.replace("_", "-")
            known = known_fields(settings)  # only here: a field with "_" in its name is rare
            close = f' Did you mean "{hyphened}"?' if hyphened in known else did_you_mean(hyphened, known)
            problems.append(Problem(source_path, f.line, "error", f'"{f.name}:" cannot be set in a content file: a name '
                                    'with "_" is one the build works out itself [field-override]',
                                    f"write field names with hyphens, such as Content-note:, or remove the line.{close}"))
        if f.key in formatted and ("<" in f.value or "&" in f.value or "](" in f.value):
            for what in sanitiser.removed(_render(f.value, settings)):
                problems.append(
                    Problem(source_path, f.line, "error", f"the {f.name} contains {what}, which will be removed "
                            "[html-removed]", HINT)
                )
    # Nested too deeply to render: the checks' own nesting rule reports it, at its line (the build never renders it).
    if _needs_rendering(source.body) and not nesting_problem(source):
        rendered = _render(text, settings)
        # The same removal on several lines (two javascript: links) is one problem on each line.
        for what in sanitiser.removed(rendered):
            for line in _lines_of(source, what):
                message, hint = _message(what, sanitiser.schemes)
                hint = OTHER_SITE_PICTURE_HINT if what.startswith(OTHER_SITE_PICTURE) else hint or HINT
                problems.append(Problem(source_path, line, "error", message, hint))
        problems.extend(_unknown_headers(source_path, source, sanitiser.sanitise(rendered)))
    return problems
