"""Pure: the one rule for a web address taken from metadata (a link a writer typed), before it is printed.

Allowed: ``https:``, ``http:`` (with a host), ``mailto:``, ``tel:``, ``sms:``, or an address on this site
(``/documents/x.pdf``, ``documents/x.pdf``, ``#top``), which is what Pelican's ``{static}`` and ``{filename}``
links become. Everything else (``javascript:``, ``data:``, ``//other.site``, hidden characters, backslashes,
quotes and angle brackets) is refused with a reason a person can act on. Templates still escape the address.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

SCHEMES = ("https", "http", "mailto", "tel", "sms")
# Characters that are never part of a typed address; quotes and angle brackets would end an HTML attribute.
_NEVER = {'"': "a quotation mark", "<": "an angle bracket", ">": "an angle bracket", "`": "a backtick",
          "\\": "a backslash"}
HINT = "write the full address starting with https:// (or mailto:, tel:, sms:), or a file on this site such as {static}/documents/report.pdf"
UNUSABLE_HINT = "check the address; a web address looks like https://www.example.org/page"


def split(address):
    """Return ``urlsplit(address)``, or None for an address Python cannot take apart; the parts' port is a number."""
    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 - asked here, as it raises too: ":abc" or ":99999" is no port
    except ValueError:
        # A host in [brackets] that is no IPv6 address ("https://[zz]/"), a bracket left open ("https://[bad"),
        # or a letter that NFKC turns into "/", "?", "#", "@" or ":": no browser can open these either.
        return None
    return parts


def path_of(address):
    """Return the path of ``address`` ("/documents/a.pdf"), or "" when it cannot be taken apart."""
    parts = split(address)
    return parts.path if parts else ""


def host_of(address):
    """Return the host of ``address`` ("www.nhs.uk"), or "" when it names none or cannot be taken apart."""
    parts = split(address)
    return (parts.hostname or "") if parts else ""


def unusable(address):
    """Return the words for an address no browser can open, the one wording for every check that meets one."""
    return f'the address "{address}" is not a web address the site can use'


def _hidden(char):
    # Controls, format characters (zero-width, direction marks) and every kind of space or line break.
    return unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}


def url_problem(value):
    """Return why ``value`` cannot be used as a link, or None when it can."""
    if not isinstance(value, str) or not value:
        return "the address is empty"
    for char in value:
        if _hidden(char):
            what = "a space" if char == " " else f"a hidden character (U+{ord(char):04X})"
            return f"the address has {what} in it; a web address is one unbroken piece of text"
        if char in _NEVER:
            return f"the address has {_NEVER[char]} ({char}) in it, which no web address needs"
    if value.startswith("//"):
        return "an address starting with // leaves the site without saying how; write https:// in full"
    parts = split(value)
    if parts is None:
        return unusable(value)
    scheme = parts.scheme.lower()
    if not scheme:
        return None
    if scheme not in SCHEMES:
        return f'"{scheme}:" addresses are not allowed; only {", ".join(s + ":" for s in SCHEMES)} or a page of this site'
    if scheme in ("http", "https") and not parts.hostname:
        return f'"{value}" has no site name after {scheme}://'
    if scheme not in ("http", "https") and not (parts.path or parts.query):
        return f'"{value}" has nothing after {scheme}:'
    return None


def is_safe_url(value):
    """Return True when ``value`` may be printed as a link."""
    return url_problem(value) is None


# Characters an address may not hold as written (the Nu checker names each): sent encoded, as a browser sends them.
_NOT_IN_ADDRESS = re.compile(r'[\s|^`{}"<>]|%(?![0-9A-Fa-f]{2})')
_DIALLED = re.compile(r"^(?:tel|sms|mailto):", re.IGNORECASE)


def tidy_address(address):
    """Return a link address in the one form HTML allows: "tel:116 123" as tel:116123, "a b.pdf" as a%20b.pdf.

    A fragment ("#fn:1") is left to the ids step, and Pelican's own {static}/{filename} links to Pelican.
    """
    text = (address or "").strip()
    if not text or text.startswith(("#", "{", "|")):
        return text
    if _DIALLED.match(text):
        # A number or an email address never holds a space; a mail's ?subject=… may, and is encoded below.
        address, mark, query = text.partition("?")
        text = "".join(address.split()) + mark + query
    text = text.replace("\\", "/")  # as every browser reads a backslash in a web page's address
    return _NOT_IN_ADDRESS.sub(lambda m: quote(m.group(0), safe=""), text)
