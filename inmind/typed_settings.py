"""One loader for every plugin's dict setting: merged over a frozen dataclass's defaults and checked once per build.

A plugin declares its setting as a frozen dataclass whose fields are made by the factories below (``flag``,
``text``, ``strings``, ``choice``, ``number``, ``relative_path``, ``mapping``, ``custom``), each carrying its
default and what is allowed, and a ``NAME`` and ``EXAMPLE`` class variable::

    @dataclass(frozen=True)
    class ShareCards:
        NAME: ClassVar[str] = "SHARE_CARDS"
        EXAMPLE: ClassVar[str] = '{"preview": True}'
        preview: bool = flag(False)

    def merged(settings):
        return load(settings, ShareCards)

``load`` merges the user's dict over the defaults, checks every field, names an unknown key with a
did-you-mean, and returns the typed object. It remembers the result for each settings object (Pelican hands
the same dict to every generator and content object), so a build checks each setting once however often
handlers ask for it. A wrong value raises SettingsError as ``NAME['key'] must be ..., not <value>``.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import threading
from collections import Counter, OrderedDict

from inmind.errors import SettingsError, did_you_mean

# How many times each setting was really checked in this process, and how many times it was asked for:
# the difference is what the memo saved. Tests read these to prove a build checks each setting once.
VALIDATED = Counter()
ASKED = Counter()

# Settings objects seen lately (a build has one; the dev server makes a new one per rebuild). Each entry keeps
# its settings object alive, so its id cannot be reused by a different dict while the entry exists.
_MEMO = OrderedDict()
_MEMO_SIZE = 64
_NO_SNAPSHOT = object()
_LOCK = threading.Lock()


class Invalid(Exception):
    """A field's value is wrong: the words after ``NAME['key']``, a hint, and (for whole-setting rules) the key."""

    def __init__(self, message, hint=None, *, key=None):
        super().__init__(message)
        self.message, self.hint, self.key = message, hint, key


class Frozen(dict):
    """A dict that cannot change after it is made, so a setting shared by a whole build stays as it was checked."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("a checked setting cannot be changed")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __hash__(self):
        return hash(tuple(sorted(self.items(), key=lambda item: repr(item[0]))))

    def __reduce__(self):
        return Frozen, (dict(self),)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def shown(value, limit=120):
    """Return ``repr(value)``, shortened when long, and never raising (a message must never become a traceback)."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - an object whose repr fails is still named by its type
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def frozen(value):
    """Return ``value`` with its lists made tuples and its dicts made Frozen, all the way down."""
    if isinstance(value, dict):
        return Frozen({key: frozen(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(frozen(item) for item in value)
    if isinstance(value, set | frozenset):
        return frozenset(value)
    return value


# ---- what a field may hold: predicates for items inside lists and mappings ----

def is_text(value):
    """Return True for a string."""
    return isinstance(value, str)


def is_filled_text(value):
    """Return True for a string with something other than spaces in it."""
    return isinstance(value, str) and bool(value.strip())


def is_text_list(value):
    """Return True for a list (or tuple) of strings."""
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


def is_relative_path(value):
    """Return True for a relative path that stays inside its folder: no ``..``, no backslash, no control characters."""
    if not isinstance(value, str) or not value or value.startswith("/") or "\\" in value:
        return False
    if any(ord(c) < 32 or c == "\x7f" for c in value):
        return False
    return not any(part in (".", "..") for part in value.split("/"))


def is_real_number(value, *, whole=False):
    """Return True for a finite int (or float, unless ``whole``), never for True or False."""
    if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
        return False
    try:
        return whole or math.isfinite(value)
    except OverflowError:  # an int too large to be a float
        return False


def content_folder(value):
    """Return a folder of the content folder without slashes at either end (a text field's ``then``); refuse ``..``."""
    folder = value.strip("/")
    if not is_relative_path(folder):
        raise Invalid(f"must be a folder inside the content folder, not {shown(value)}")
    return folder


# ---- field factories ----

def custom(default, check):
    """Return a dataclass field whose value ``check`` checks and normalises (it raises Invalid when wrong)."""
    value = check(default)
    if isinstance(value, list | dict | set) and not isinstance(value, Frozen):
        raise TypeError(f"a setting's default must be checked into an unchangeable value, not {type(value).__name__}")
    return dataclasses.field(default=value, metadata={"check": check})


def _then(check, then):
    if then is None:
        return check
    return lambda value: then(check(value))


def _or_none(words, optional):
    return f"{words}, or None" if optional else words


def flag(default):
    """Return a True-or-False field."""

    def check(value):
        if not isinstance(value, bool):
            raise Invalid(f"must be True or False, not {shown(value)}")
        return value

    return custom(default, check)


def text(default, *, empty=False, optional=False, must=None, hint=None, then=None):
    """Return a text field: non-empty (not only spaces) unless ``empty``; None allowed when ``optional``."""
    words = must or _or_none("must be text" if empty else "must be a non-empty text", optional)

    def check(value):
        if value is None and optional:
            return None
        if not (is_text(value) if empty else is_filled_text(value)):
            raise Invalid(f"{words}, not {shown(value)}", hint)
        return value

    return custom(default, _then(check, then))


def strings(default, *, filled=False, must=None, hint=None, then=None):
    """Return a list-of-strings field (each one non-empty when ``filled``); the value becomes a tuple."""
    words = must or ("must be a list of non-empty strings" if filled else "must be a list of strings")
    each = is_filled_text if filled else is_text

    def check(value):
        if not isinstance(value, list | tuple) or not all(each(item) for item in value):
            raise Invalid(f"{words}, not {shown(value)}", hint)
        return tuple(value)

    return custom(default, _then(check, then))


def choice(default, options, *, optional=False, must=None, hint=None):
    """Return a field holding one of ``options``."""
    quoted = [f'"{option}"' for option in options]
    listed = " or ".join(quoted) if len(quoted) == 2 else "one of " + ", ".join(quoted)
    words = must or _or_none(f"must be {listed}", optional)

    def check(value):
        if value is None and optional:
            return None
        if not isinstance(value, str) or value not in options:
            close = did_you_mean(value, options) if isinstance(value, str) else ""
            raise Invalid(f"{words}, not {shown(value)}{'.' if close else ''}{close}", hint)
        return value

    return custom(default, check)


def _number_words(whole, low, high, above):
    kind = "a whole number" if whole else "a number"
    if low is not None and high is not None:
        return f"{kind} from {low} to {high}"
    if above is not None:
        return f"{kind} above {above}"
    if low is not None:
        return f"{kind} of at least {low}"
    return kind


def number(default, *, whole=False, low=None, high=None, above=None, optional=False, must=None, hint=None):
    """Return a number field: a whole one when ``whole``, within ``low``..``high`` or ``above`` a bound."""
    words = must or _or_none(f"must be {_number_words(whole, low, high, above)}", optional)

    def check(value):
        if value is None and optional:
            return None
        if (not is_real_number(value, whole=whole) or (low is not None and value < low)
                or (high is not None and value > high) or (above is not None and value <= above)):
            raise Invalid(f"{words}, not {shown(value)}", hint)
        return value

    return custom(default, check)


def relative_path(default, *, inside="the output folder", empty=False, optional=False, strip=False, must=None,
                  hint=None, then=None):
    """Return a field holding a path inside a folder: relative, no ``..``, no control characters.

    ``strip`` forgives slashes at either end (``/admin/`` is ``admin``); ``empty`` allows "" (nothing written);
    ``optional`` allows None.
    """
    words = must or _or_none(f"must be a path inside {inside}", optional)

    def check(value):
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise Invalid(f"{words}, not {shown(value)}", hint)
        if not value and empty:
            return ""
        path = value.strip("/") if strip else value
        if not is_relative_path(path) or (strip and "" in path.split("/")):
            raise Invalid(f"{words}, not {shown(value)}", hint)
        return path

    return custom(default, _then(check, then))


def mapping(default, *, keys=is_text, values=is_text, known=None, noun="key", merge=False, must=None, hint=None,
            then=None):
    """Return a dict field; ``keys`` and ``values`` are predicates every entry must pass.

    ``known`` lists the only keys allowed (a stranger gets a did-you-mean); ``merge`` merges the user's dict
    over the default one, so ``{"title": 4}`` keeps the other defaults. The value becomes a Frozen dict.
    """
    words = must or "must be a dictionary"
    base = dict(default)

    def check(value):
        if not isinstance(value, dict):
            raise Invalid(f"{words}, not {shown(value)}", hint)
        if known is not None:
            for key in sorted(value, key=shown):
                if key not in known:
                    raise Invalid(f"has an unknown {noun} {shown(key)}.{did_you_mean(key, known)}",
                                  f"valid {noun}s are: {', '.join(known)}")
        merged = {**base, **value} if merge else value
        if not all(keys(key) and values(item) for key, item in merged.items()):
            raise Invalid(f"{words}, not {shown(value)}", hint)
        return frozen(merged)

    return custom(default, _then(check, then))


# ---- the loader ----

def user_dict(settings, name, known, example):
    """Return the user's dict for setting ``name`` (empty when unset); a non-dict or unknown key is a SettingsError."""
    user = settings.get(name)
    if user is None:
        return {}
    if not isinstance(user, dict):
        raise SettingsError(f"{name} must be a dictionary", hint=f"write {name} = {example} in the settings file")
    for key in sorted(user, key=shown):
        if key not in known:
            raise SettingsError(
                f"{name} has an unknown key {shown(key)}.{did_you_mean(key, known)}",
                hint=f"valid keys are: {', '.join(sorted(known))}",
            )
    return user


def _problem(name, error, key):
    key = error.key or key
    place = f"{name}[{key!r}]" if key else name
    joiner = "" if error.message.startswith("[") else " "
    return SettingsError(f"{place}{joiner}{error.message}", hint=error.hint)


def validate(kind, user):
    """Return a ``kind`` made from the dict ``user`` over its defaults; raise SettingsError naming a bad key."""
    VALIDATED[kind.NAME] += 1
    values = {}
    for spec in dataclasses.fields(kind):
        if spec.name not in user:
            continue
        try:
            values[spec.name] = spec.metadata["check"](user[spec.name])
        except Invalid as error:
            raise _problem(kind.NAME, error, spec.name) from None
    try:
        made = kind(**values)
        # A rule that needs several fields at once lives in the class as ``check(self)``.
        checked = made.check() if hasattr(made, "check") else None
    except Invalid as error:
        raise _problem(kind.NAME, error, None) from None
    return checked or made


def _snapshot(user):
    try:
        return copy.deepcopy(user)
    except Exception:  # noqa: BLE001 - a value that cannot be copied is simply checked again next time
        return _NO_SNAPSHOT


def _unchanged(snapshot, user):
    try:
        return snapshot is not _NO_SNAPSHOT and bool(snapshot == user)
    except Exception:  # noqa: BLE001 - a value that cannot be compared is simply checked again
        return False


def load(settings, kind):
    """Return the checked ``kind`` for ``settings`` (Pelican's dict), checking it only once per settings object."""
    ASKED[kind.NAME] += 1
    settings = {} if settings is None else settings
    user = user_dict(settings, kind.NAME, {spec.name for spec in dataclasses.fields(kind)}, kind.EXAMPLE)
    if not user:
        return _defaults(kind)
    key = (id(settings), kind)
    with _LOCK:
        entry = _MEMO.get(key)
        if entry is not None and entry[0] is settings and _unchanged(entry[1], user):
            _MEMO.move_to_end(key)
            return entry[2]
    made = validate(kind, user)
    with _LOCK:
        _MEMO[key] = (settings, _snapshot(user), made)
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    return made


_DEFAULTS = {}


def _defaults(kind):
    # Defaults are the same for every build: made and checked once per process.
    made = _DEFAULTS.get(kind)
    if made is None:
        made = _DEFAULTS[kind] = validate(kind, {})
    return made


def forget():
    """Drop every remembered setting (tests that count checks start from here)."""
    _MEMO.clear()
    _DEFAULTS.clear()
    VALIDATED.clear()
    ASKED.clear()
