"""Pure: a PDF's objects read as PDF syntax, so a stream's dictionary says only what a viewer reads in it.

A dictionary is read token by token, as a viewer reads it: a name (``/Subtype``, its ``#2F`` escapes undone), a
string (``(...)`` with its escapes and nested parentheses, or ``<hex>``), a number, a reference (``12 0 R``), a
nested dictionary or array, and comments (``%`` to the end of the line), which are only space. So
``/Note (/Subtype /Image)`` is a string, and ``/Extra << /Subtype /Image >>`` says nothing about the stream itself:
neither makes the real-name check pass a drawing by as a picture.
"""

from __future__ import annotations

import bisect
import re
import zlib
from typing import NamedTuple

# PDF's white-space characters, and the delimiters that end a name, a number or a keyword.
_SPACE = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*")
_REGULAR = re.compile(rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]*")
_HEX_STRING = re.compile(rb"<([^<>]*)>")
_PARENTHESES = re.compile(rb"[()\\]")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_INTEGER = re.compile(rb"[+-]?\d+")
# Dictionaries and arrays nested deeper than this are not a drawing's or a page's: the object is not read.
DEPTH = 64
# A dictionary with more entries than this is read no further (an object's own, not a drawing's).
ENTRIES = 100_000
# A string in a dictionary longer than this is not read as one (a hostile file's unclosed string would make every
# object after it be read to the end of the file); after this many objects that cannot be read, the rest of the file
# is read as streams without dictionaries (never settled, so the published copy is refused).
STRING_LIMIT = 1 << 15
FAILURES = 100


class Malformed(ValueError):
    """An object that is not PDF syntax (where a viewer reading it would have to guess)."""


class Name(str):
    """A PDF name, its escapes undone, without its slash: ``/Sub#74ype`` is ``Name("Subtype")``."""


class Keyword(str):
    """A bare word: ``true``, ``null``, ``R``, ``stream``, an operator."""


class Ref(NamedTuple):
    """An indirect reference, ``number generation R``."""

    number: int
    generation: int


class Dict(dict):
    """A PDF dictionary: each key (a name) to the list of its values, as a key may be written twice."""

    def one(self, key):
        """Return the value of ``key`` when it is written once, else None."""
        values = self.get(key, [])
        return values[0] if len(values) == 1 else None


def skip_space(data, at):
    """Return where the next token after ``at`` starts (white space and comments skipped)."""
    return _SPACE.match(data, at).end()


def _literal(data, at):
    """Return (the raw bytes inside a literal string starting at ``at``'s parenthesis, where it ends)."""
    depth, escaped = 0, -1
    for found in _PARENTHESES.finditer(data, at, min(len(data), at + STRING_LIMIT)):
        char, where = found.group(), found.start()
        if where == escaped:
            continue  # the character after a backslash, whatever it is
        if char == b"\\":
            escaped = where + 1
            continue
        depth += 1 if char == b"(" else -1
        if depth == 0:
            return data[at + 1:where], where + 1
    raise Malformed("a string without its end, or longer than any a dictionary holds")


def _token(data, at):
    """Return (kind, value, end) for the token at ``at`` (space already skipped)."""
    char = data[at:at + 1]
    if not char:
        raise Malformed("the file ends inside an object")
    if char == b"(":
        raw, end = _literal(data, at)
        return "string", raw, end
    if data.startswith(b"<<", at):
        return "open", b"<<", at + 2
    if data.startswith(b">>", at):
        return "close", b">>", at + 2
    if char == b"<":
        found = _HEX_STRING.match(data, at)
        if found is None:
            raise Malformed("a hexadecimal string without its end")
        return "string", found.group(1), found.end()
    if char in (b"[", b"]"):
        return ("open" if char == b"[" else "close"), char, at + 1
    if char == b"/":
        end = _REGULAR.match(data, at + 1).end()
        name = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data[at + 1:end])
        return "name", Name(name.decode("latin-1")), end
    end = _REGULAR.match(data, at).end()
    if end == at:
        raise Malformed(f"an unexpected {char!r}")  # ) > { }: never the start of an object
    word = data[at:end]
    if _INTEGER.fullmatch(word):
        return "value", int(word), end
    if _NUMBER.fullmatch(word):
        return "value", float(word), end
    return "keyword", Keyword(word.decode("latin-1")), end


def parse(data, at):
    """Return (the object starting at ``at``, where it ends): a Dict, list, Name, bytes, number, Ref or Keyword.

    Raise Malformed where a viewer would have to guess: a string or dictionary without its end, a key that is not a
    name, a ``>>`` closing an array, nesting deeper than DEPTH.
    """
    stack = []  # (opening bracket, items so far)
    while True:
        at = skip_space(data, at)
        kind, value, at = _token(data, at)
        if kind == "open":
            if len(stack) >= DEPTH:
                raise Malformed("objects nested too deep")
            stack.append((value, []))
            continue
        if kind == "close":
            if not stack or {b"<<": b">>", b"[": b"]"}[stack[-1][0]] != value:
                raise Malformed("a bracket closing what it did not open")
            bracket, items = stack.pop()
            value = _dictionary(items) if bracket == b"<<" else items
        elif kind == "keyword" and value == "R" and stack and _refers(stack[-1][1]):
            items = stack[-1][1]
            value = Ref(items[-2], items[-1])
            del items[-2:]
        if not stack:
            return value, at
        stack[-1][1].append(value)
        if len(stack[-1][1]) > 2 * ENTRIES:
            raise Malformed("an object too large")


def _refers(items):
    return (len(items) >= 2 and type(items[-1]) is int and type(items[-2]) is int
            and items[-2] >= 0 and items[-1] >= 0)


def _dictionary(items):
    if len(items) % 2:
        raise Malformed("a dictionary with a key and no value")
    found = Dict()
    for key, value in zip(items[::2], items[1::2], strict=True):
        if not isinstance(key, Name):
            raise Malformed("a dictionary key that is not a name")
        if not (isinstance(value, Keyword) and value == "null"):
            found.setdefault(str(key), []).append(value)  # a key whose value is null is not there (as qpdf reads it)
    return found


# The start of an object: "12 0 obj" (comments may stand between its words).
_OBJECT = re.compile(rb"(?<![0-9A-Za-z.+-])(\d+)(?:[\x00\t\n\x0c\r ]|%[^\r\n]*[\r\n])+(\d+)"
                     rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*[\r\n])+obj(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
# After "stream": the end of its line (CR LF or LF; CR alone, which some viewers accept), where the data starts.
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)?")
_ENDSTREAM = re.compile(rb"endstream")
_LOOSE_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")


class Stream(NamedTuple):
    """A stream: its dictionary (None when none could be read), where its data starts, and where it may end.

    ``settled`` when its /Length (written in it, or in the object it names) lands on "endstream": then it ends there
    alone, whatever "endstream" its packed bytes hold. Otherwise each end a viewer might take is given: the first
    "endstream", and each length it could have.
    """

    dictionary: Dict | None
    start: int
    ends: tuple
    settled: bool

    @property
    def end(self):
        """Return where its data ends at the earliest (what follows is read as the file's own text)."""
        return min(self.ends)


def streams(data, limit):
    """Return (each stream, at most ``limit``), and the (start, end) of every part of ``data`` no stream's data holds.

    Each object is read from its ``N G obj`` as PDF syntax; the word "stream" anywhere no object read explains is
    read as a stream too, without a dictionary (never settled).
    """
    lengths = _Lengths(data)
    found = _read_objects(data, limit, lengths)
    if lengths.missed and lengths.pack(found):
        found = _read_objects(data, limit, lengths)  # a length kept in an object stream, known only now
    found.sort(key=lambda s: s.start)
    return found, _outside(data, found)


def settled(data, limit=1_000_000):
    """Return whether every stream of a PDF ends where its /Length says, as the real-name check reads it."""
    found, _outside = streams(data, limit)
    return all(stream.settled for stream in found)


def _read_objects(data, limit, lengths):
    found, explained, at, failures = [], [], 0, 0
    while len(found) < limit:
        header = _OBJECT.search(data, at)
        if header is None:
            break
        try:
            value, after = parse(data, header.end())
        except (Malformed, RecursionError):
            at = header.end()  # read as far as it goes: the next object is read on its own
            failures += 1
            if failures > FAILURES:
                break
            continue
        keyword = _STREAM.match(data, skip_space(data, after))
        if isinstance(value, Dict) and keyword:
            stream = _stream(data, value, keyword.end(), lengths)
            found.append(stream)
            explained.append((header.start(), stream.end))
            at = max(stream.end, keyword.end())
        else:
            explained.append((header.start(), after))
            at = after
    _unexplained(data, explained, found, limit, lengths)
    return found


# A stream whose end is not settled is read to each of at most this many ends.
GUESSES = 8
# What may stand between a stream's data and "endstream": the end of a line, or any white space.
_ENDS_HERE = re.compile(rb"[\x00\t\n\x0c\r ]*endstream")


def _stream(data, dictionary, start, lengths):
    """Return the stream whose data starts at ``start``, ending where its /Length says if that lands on "endstream"."""
    sizes = lengths.of(dictionary) if dictionary is not None else []
    landing = {start + size for size in sizes if _ENDS_HERE.match(data, start + size)}
    if len(landing) == 1:
        return Stream(dictionary, start, tuple(landing), True)
    # Unsettled: every end a viewer might take, its lengths' and the first few "endstream" (one may be packed bytes).
    ends = {start + size for size in sizes if start + size <= len(data)}
    after = bisect.bisect_left(lengths.endstreams, start)
    ends.update(lengths.endstreams[after:after + GUESSES])
    return Stream(dictionary, start, tuple(sorted(ends or {len(data)})), False)


_SPACES = rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*[\r\n])"
# An object that is a whole number alone ("12 0 obj 1234 endobj"): a stream's length written after it.
_NUMBER_OBJECT = re.compile(rb"(?<![0-9A-Za-z.+-])(\d+)" + _SPACES + rb"+(\d+)" + _SPACES + rb"+obj" + _SPACES
                            + rb"*\+?(\d+)" + _SPACES + rb"*endobj")
# The most an object stream is unpacked to, to find the lengths it keeps.
PACKED_LIMIT = 64 << 20


class _Lengths:
    """The lengths a stream's /Length may be: written in it, or in the object it names (in the file or packed)."""

    def __init__(self, data):
        self.data, self.index, self.missed, self._endstreams = data, None, False, None

    @property
    def endstreams(self):
        """Return where each "endstream" in the file starts, found once (a hostile file may say "stream" 100,000 times)."""
        if self._endstreams is None:
            self._endstreams = [found.start() for found in _ENDSTREAM.finditer(self.data)]
        return self._endstreams

    def of(self, dictionary):
        sizes = []
        for value in dictionary.get("Length", []):
            if type(value) is int and value >= 0:
                sizes.append(value)
            elif isinstance(value, Ref):
                if self.index is None:
                    self.index = {}
                    for found in _NUMBER_OBJECT.finditer(self.data):
                        key = (int(found.group(1)), int(found.group(2)))
                        self.index.setdefault(key, set()).add(int(found.group(3)))
                known = self.index.get(tuple(value), set())
                self.missed |= not known
                sizes.extend(known)
        return sizes

    def pack(self, found):
        """Add the whole numbers kept in the file's object streams to the index; return whether any were found."""
        added, budget = False, PACKED_LIMIT
        for stream in found:
            if not stream.settled or stream.dictionary.one("Type") != Name("ObjStm") or budget <= 0:
                continue
            filters = stream.dictionary.get("Filter", [])
            raw = self.data[stream.start:stream.end]
            try:
                if filters == [Name("FlateDecode")]:
                    raw = zlib.decompressobj().decompress(raw, budget)
                elif filters:
                    continue
            except zlib.error:
                continue
            budget -= len(raw)
            added |= self._unpacked(stream.dictionary, raw)
        return added

    def _unpacked(self, dictionary, raw):
        first = dictionary.one("First")
        if type(first) is not int:
            return False
        numbers = [int(n) for n in re.findall(rb"\d+", raw[:first])]
        added = False
        for number, offset in zip(numbers[::2], numbers[1::2], strict=False):
            try:
                value, _end = parse(raw, first + offset)
            except (Malformed, RecursionError, IndexError):
                continue
            if type(value) is int and value >= 0:
                self.index.setdefault((number, 0), set()).add(value)
                added = True
        return added


def _unexplained(data, explained, found, limit, lengths):
    """Add a stream for each "stream" keyword outside every object read (a damaged header), without its dictionary."""
    edges = [0] + [edge for span in sorted(explained) for edge in span] + [len(data)]
    for begin, end in zip(edges[::2], edges[1::2], strict=True):
        at = begin
        while at < end and len(found) < limit:
            keyword = _LOOSE_STREAM.search(data, at, end)
            if keyword is None:
                break
            # Each "stream" on its own, up to the first "endstream": where the data starts is not known.
            found.append(_stream(data, None, keyword.end(), lengths))
            at = keyword.end()


def _outside(data, found):
    """Return the (start, end) of the parts of ``data`` outside every stream's data."""
    parts, at = [], 0
    for stream in sorted(found, key=lambda s: s.start):
        if stream.start > at:
            parts.append((at, stream.start))
        at = max(at, stream.end)
    parts.append((at, len(data)))
    return parts
