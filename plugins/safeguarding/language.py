"""Pure: load the safe-messaging word lists and the crisis contacts, and match text against them."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

try:
    from re import _constants as _sre
    from re import _parser
except ImportError:  # another Python: no quick test, every pattern runs on every text (the same findings)
    _sre = _parser = None

from inmind.errors import ContentError

# A number a phone can dial or text: digits only, with an optional leading + for international numbers.
NUMBER = re.compile(r"^\+?\d{3,15}$")
# Words a text link may fill in: letters, digits and spaces only, so the address needs no judgement to read.
BODY = re.compile(r"^[A-Za-z0-9 ]{1,40}$")


# What ignoring case makes equal to an ASCII letter: its other case, and four letters of other alphabets
# (dotted and dotless I, long s, the Kelvin sign). tests/plugins/safeguarding/test_safeguarding_language.py
# checks this against every character Python knows.
_FOLD = {**{c: c + 32 for c in range(ord("A"), ord("Z") + 1)},
         0x130: ord("i"), 0x131: ord("i"), 0x17F: ord("s"), 0x212A: ord("k")}


def fold(text):
    """Return ``text`` for the quick test: ASCII letters in lower case, each run of spaces as one space.

    So is every character a case-ignoring pattern takes for an ASCII letter; no other character becomes ASCII.
    (str.split and a pattern's class of spaces agree on what a space is; spaces at either end go.)
    """
    return " ".join((text.lower() if text.isascii() else text.translate(_FOLD)).split())


@dataclass(frozen=True)
class Matcher:
    """A compiled pattern, with the texts that every match holds: a text without them is not searched at all."""

    regex: re.Pattern
    # Alternatives, each the ASCII texts (folded) that all appear in a match of that alternative; any
    # match holds every text of at least one alternative. None: nothing is known, the pattern always runs.
    needs: tuple | None

    @classmethod
    def compile(cls, pattern):
        """Return the Matcher of a compiled pattern."""
        return cls(pattern, _needs(pattern))

    def finditer(self, text, folded=None):
        """Yield the pattern's matches in ``text`` (``folded`` is ``fold(text)``, if already made)."""
        if self.needs is not None:
            folded = fold(text) if folded is None else folded
            if not any(all(need in folded for need in alternative) for alternative in self.needs):
                return
        yield from self.regex.finditer(text)


# At most this many alternatives in one pattern's needs (past that, fewer and weaker needs are kept).
_MOST = 64


def _needs(pattern):
    """Return what every match of ``pattern`` holds, as ``Matcher.needs``, or None when nothing is known."""
    return _read_needs(pattern) if _READS_PATTERNS else None


def _read_needs(pattern):
    try:
        needs = _parsed_needs(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - a pattern this reading does not follow is simply always searched
        return None
    if not needs or any(not alternative for alternative in needs):
        return None
    # An alternative whose texts hold all of a kept one's adds nothing to the test (overdosed: overdose).
    kept = []
    for alternative in sorted(set(needs), key=lambda a: (sum(map(len, a)), sorted(a))):
        if not any(all(any(need in own for own in alternative) for need in other) for other in kept):
            kept.append(alternative)
    return tuple(tuple(sorted(a, key=lambda need: (-len(need), need))) for a in kept)


def _both(first, second):
    """Return the needs of matching ``first`` and then ``second`` (every combination of their alternatives)."""
    if len(first) * len(second) <= _MOST:
        return [a | b for a in first for b in second]
    return min(first, second, key=len)  # dropping a need only makes the quick test pass more often


def _is_space(op, av):
    """Return True for a parsed one-or-more characters of space (backslash s, with or without a plus)."""
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
        op, av = av[2][0]
    return op is _sre.IN and av == [(_sre.CATEGORY, _sre.CATEGORY_SPACE)]


def _parsed_needs(items):
    """Return the needs of a parsed sequence of pattern items: a list of alternatives, each a frozenset."""
    needs, run = [frozenset()], []

    def end_run():
        nonlocal needs
        need = "".join(run).strip(" ")  # fold() drops spaces at the ends of the text
        if len(need) >= 2:
            needs = _both(needs, [frozenset({need})])
        run.clear()

    for op, av in items:
        if op is _sre.LITERAL and av < 128 or _is_space(op, av):
            # An ASCII character in the pattern matches, ignoring case or not, only characters fold() turns into
            # it; what matches one or more spaces of any kind is one space there.
            char = " " if op is not _sre.LITERAL or chr(av).isspace() else fold(chr(av))
            if not (char == " " and run and run[-1] == " "):
                run.append(char)
            continue
        end_run()
        if op is _sre.SUBPATTERN:
            needs = _both(needs, _parsed_needs(av[-1]))
        elif op is _sre.ATOMIC_GROUP:
            needs = _both(needs, _parsed_needs(av))
        elif op is _sre.BRANCH:
            branches = [_parsed_needs(branch) for branch in av[1]]
            either = [alternative for branch in branches for alternative in branch]
            if len(either) <= _MOST:
                needs = _both(needs, either)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            needs = _both(needs, _parsed_needs(av[2]))
        # anything else (a class, a lookaround, an anchor, an optional part) needs nothing that is known
    end_run()
    return needs


@dataclass(frozen=True)
class Phrase:
    """Wording the guidelines advise against, and what to write instead."""

    id: str
    matcher: Matcher
    suggest: str
    why: str


@dataclass(frozen=True)
class Language:
    """The word lists: topics that need a content note, phrases to avoid, means words, search words."""

    topics: Matcher
    phrases: tuple
    means: Matcher
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
    body: str = ""

    @property
    def href(self):
        """Return the link's address, such as ``tel:116123`` or ``sms:85258?&body=SHOUT``."""
        if not self.body:
            return f"{self.kind}:{self.number}"
        # RFC 5724 writes the words as "?body=", which Android's messaging apps read; iOS (8 and later) reads only
        # "&body=". "?&body=" is a query whose first part is empty, so Android still finds body=, and iOS finds
        # "&body=": one address that fills in the words on both (recorded in tests/plugins/safeguarding).
        return f"{self.kind}:{self.number}?&body={quote(self.body, safe='')}"


def _words(words):
    """Return a Matcher of any of ``words`` as whole words, ignoring case; a space matches any whitespace."""
    parts = sorted((re.escape(w.strip()).replace(r"\ ", r"\s+") for w in words if w.strip()), key=len, reverse=True)
    return Matcher.compile(re.compile(rf"(?<![\w-])(?:{'|'.join(parts) or '(?!)'})(?![\w-])", re.IGNORECASE))


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
            regex = re.compile(entry["pattern"].replace(" ", r"\s+"), re.IGNORECASE)
            phrases.append(Phrase(entry["id"], Matcher.compile(regex), entry["suggest"], entry["why"]))
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
                              *(str(entry.get(key, "")) for key in ("after", "short_before", "short_after", "body")))
        except (KeyError, TypeError) as exc:
            raise ContentError(f"[[contact]] number {index} has no {exc}", path=path,
                               hint="each [[contact]] needs before, link, kind and number") from None
        if contact.kind not in ("tel", "sms") or not NUMBER.match(contact.number):
            raise ContentError(f"[[contact]] number {index}: kind must be \"tel\" or \"sms\" and number only digits, "
                               f"not {contact.kind!r} and {contact.number!r}", path=path,
                               hint='write kind = "tel" and number = "116123", with no spaces')
        if contact.body and (contact.kind != "sms" or not BODY.match(contact.body)):
            raise ContentError(f"[[contact]] number {index}: body is the word a text message starts with, so it needs "
                               f"kind = \"sms\" and only letters, digits and spaces (up to 40), not {contact.body!r}",
                               path=path, hint='write body = "SHOUT", or leave the body line out')
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


def _reads_patterns():
    """Say whether this Python's pattern parser gives what _parsed_needs reads (it is not a public interface)."""
    try:
        return _read_needs(re.compile(r"ab(?:cd|ef)?\s+gh|(?:ij)+k", re.IGNORECASE)) == (("ij",), ("ab", "gh"))
    except Exception:  # noqa: BLE001 - any other shape: no quick test, the same findings
        return False


_READS_PATTERNS = _parser is not None and _reads_patterns()
