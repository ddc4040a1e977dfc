"""Pure: load the safe-messaging word lists and the crisis contacts, and match text against them."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from inmind.errors import ContentError

# A number a phone can dial or text: digits only, with an optional leading + for international numbers.
NUMBER = re.compile(r"^\+?\d{3,15}$")


@dataclass(frozen=True)
class Phrase:
    """Wording the guidelines advise against, and what to write instead."""

    id: str
    regex: re.Pattern
    suggest: str
    why: str


@dataclass(frozen=True)
class Language:
    """The word lists: topics that need a content note, phrases to avoid, means words, search words."""

    topics: re.Pattern
    phrases: tuple
    means: re.Pattern
    search_words: tuple


@dataclass(frozen=True)
class Contact:
    """One line of crisis help: words around a tappable tel: or sms: link."""

    before: str
    link: str
    kind: str
    number: str
    after: str
    short_before: str = ""
    short_after: str = ""

    @property
    def href(self):
        """Return the link's address, such as ``tel:116123``."""
        return f"{self.kind}:{self.number}"


def _words(words):
    """Return one regex matching any of ``words`` as whole words; a space matches any whitespace."""
    parts = sorted((re.escape(w.strip()).replace(r"\ ", r"\s+") for w in words if w.strip()), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts) or '(?!)'})(?![\w-])", re.IGNORECASE)


def _toml(path, what):
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContentError(f"the {what} file cannot be read: {exc.strerror}", path=path,
                           hint="check SAFEGUARDING in the settings names an existing file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        if line is None:
            found = re.search(r"line (\d+)", str(exc))
            line = int(found.group(1)) if found else None
        raise ContentError(f"the {what} file is not valid TOML: {exc}", path=path, line=line,
                           hint="compare the line with the entries around it: quotes, commas and brackets") from None


def _word_list(data, table, path):
    words = (data.get(table) or {}).get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ContentError(f"[{table}] words must be a list of texts", path=path, hint='write words = ["one", "two"]')
    return words


@functools.lru_cache(maxsize=4)
def _load_language(path, stamp):
    data = _toml(path, "safe-language")
    phrases = []
    for index, entry in enumerate(data.get("phrase", []), start=1):
        try:
            phrases.append(Phrase(entry["id"], re.compile(entry["pattern"].replace(" ", r"\s+"), re.IGNORECASE),
                                  entry["suggest"], entry["why"]))
        except (KeyError, TypeError, AttributeError, re.error) as exc:
            raise ContentError(f"[[phrase]] number {index} is incomplete or wrong ({exc})", path=path,
                               hint="each [[phrase]] needs id, pattern, suggest and why") from None
    return Language(_words(_word_list(data, "topics", path)), tuple(phrases), _words(_word_list(data, "means", path)),
                    tuple(_word_list(data, "search", path)))


@functools.lru_cache(maxsize=4)
def _load_contacts(path, stamp):
    data = _toml(path, "crisis contacts")
    contacts = []
    for index, entry in enumerate(data.get("contact", []), start=1):
        try:
            contact = Contact(*(str(entry[key]) for key in ("before", "link", "kind", "number")),
                              *(str(entry.get(key, "")) for key in ("after", "short_before", "short_after")))
        except (KeyError, TypeError) as exc:
            raise ContentError(f"[[contact]] number {index} has no {exc}", path=path,
                               hint="each [[contact]] needs before, link, kind and number") from None
        if contact.kind not in ("tel", "sms") or not NUMBER.match(contact.number):
            raise ContentError(f"[[contact]] number {index}: kind must be \"tel\" or \"sms\" and number only digits, "
                               f"not {contact.kind!r} and {contact.number!r}", path=path,
                               hint='write kind = "tel" and number = "116123", with no spaces')
        contacts.append(contact)
    if not contacts:
        raise ContentError("there are no crisis contacts", path=path, hint="add at least one [[contact]] block")
    return tuple(contacts)


def _stamp(path):
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def load_language(path):
    """Return the Language word lists from ``path`` (read again when the file changes)."""
    return _load_language(str(path), _stamp(path))


def load_contacts(path):
    """Return the crisis Contacts from ``path`` (read again when the file changes)."""
    return _load_contacts(str(path), _stamp(path))
