"""Pure: the learned words of each theme (learned.toml), read once, and counted in a post's words.

A learned word is a word that the labelled texts about a theme use much more often than the other texts
(bench/tagging/learn.py chooses them and their worth, offline). The table is committed, so a post's themes
depend on its own words only, never on the other posts of the site.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from inmind.errors import ContentError

from .phrases import FUNCTION_WORDS, forms, word_forms
from .suggest import STOPWORDS

# The table the build reads: written by bench/tagging/learn.py, committed with the code.
LEARNED = Path(__file__).resolve().parent / "learned.toml"
# What the file must look like, said in every message about it.
_SHAPE = 'one [theme.SLUG] table per theme, each line "word" = worth (a number), and cap = a whole number'


@dataclass(frozen=True)
class LearnedWords:
    """Each theme's learned words with their worth, and every spelling that finds them."""

    worth: dict  # theme slug -> {word as listed: worth of one mention}
    spellings: dict  # a spelling ("skills", "skilled") -> the word as listed ("skill")
    themes_of: dict  # a word as listed -> ((theme slug, worth), ...)
    cap: float  # at most this many mentions of one word count (a title mention counts as the title's weight)
    # The tagger's evidence for a word and its mentions, made once and reused (tagger.py fills it).
    evidence: dict = field(default_factory=dict, compare=False, repr=False)

    def count(self, tokens):
        """Return ``{word as listed: mentions}`` for a list of words."""
        found = {}
        # The tagger passes only the few words it looks at (about one in ten), so a plain loop over their listed
        # words is cheaper than Counter, whose setting up cost more than the counting.
        for word in filter(None, map(self.spellings.get, tokens)):
            found[word] = found.get(word, 0) + 1
        return found


# Words that say nothing about a subject. A learned word never finds one of them: "peoples" (how the tagger
# reads "people's", apostrophes dropped) would otherwise count every "people", and "rights" every "right".
_STOP = STOPWORDS | FUNCTION_WORDS


def spellings_of(word):
    """Return the spellings a learned word finds: itself, its plurals and same-stem endings, no stop word."""
    return tuple(form for form in dict.fromkeys((*word_forms(word), *forms(word))) if form not in _STOP)


def ends_stop_word(word):
    """Return True when ``word`` is a stop word or one of its endings ("peoples", "rights"): never learned."""
    return word in _STOP or any(form in _STOP for form in (*word_forms(word), *forms(word)))


def compile_learned(worth, cap):
    """Return LearnedWords for ``{slug: {word: worth}}``; each word finds its plurals and same-stem endings."""
    spellings, themes_of = {}, {}
    for slug, words in worth.items():
        for word, value in words.items():
            themes_of.setdefault(word, []).append((slug, value))
            for form in spellings_of(word):
                spellings.setdefault(form, word)
    themes_of = {word: tuple(pairs) for word, pairs in themes_of.items()}
    return LearnedWords({slug: dict(words) for slug, words in worth.items()}, spellings, themes_of, cap)


def load_learned(path, slugs):
    """Read learned.toml; words of a theme not in ``slugs`` are left out. Raise ContentError when malformed."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(
            "the learned words file is missing", path=path, hint="restore it from git, or set COPRODUCTION's 'learned_words' to False to tag by phrases only"
        ) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"cannot read the learned words file: {exc}", path=path, hint=f"it needs {_SHAPE}") from None
    cap = data.get("cap", 1)
    if isinstance(cap, bool) or not isinstance(cap, int) or cap < 1:
        raise ContentError(f"cap must be a whole number of at least 1, not {cap!r}", path=path, hint=f"it needs {_SHAPE}")
    themes = data.get("theme", {})
    if not isinstance(themes, dict):
        raise ContentError("'theme' must be a table of tables", path=path, hint=f"it needs {_SHAPE}")
    worth = {}
    for slug, words in themes.items():
        if not isinstance(words, dict):
            raise ContentError(f"[theme.{slug}] must be a table of words", path=path, hint=f"it needs {_SHAPE}")
        for word, value in words.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ContentError(f"[theme.{slug}] {word!r} must be a number, not {value!r}", path=path, hint=f"it needs {_SHAPE}")
            if not word.isalpha() or word != word.lower():
                raise ContentError(
                    f"[theme.{slug}] {word!r} must be one word in lower-case letters", path=path, hint=f"it needs {_SHAPE}"
                )
        if slug in slugs:
            worth[slug] = {word: float(value) for word, value in words.items()}
    return compile_learned(worth, cap)
