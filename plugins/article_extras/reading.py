"""Pure: plain text, word counts and reading time from rendered HTML."""

import math
import re
from html.parser import HTMLParser

# Words with inner apostrophes or hyphens ("don't", "co-production") count once.
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


class _TextCollector(HTMLParser):
    """Collect text outside <script>, <style> and <template>."""

    _SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def plain_text(html):
    """Return the visible text of an HTML fragment, whitespace collapsed."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    return " ".join(" ".join(collector.parts).split())


def word_count(html):
    """Return the number of words in an HTML fragment."""
    return len(_WORD.findall(plain_text(html)))


def reading_time(html, words_per_minute):
    """Return whole minutes to read an HTML fragment, at least 1."""
    return max(1, math.ceil(word_count(html) / words_per_minute))
