"""Pure: make every crisis number written in a story's HTML a tel: or sms: link, so readers can tap it."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

# Text inside these is left alone: a link cannot hold a link, and code or a button is not prose.
SKIP = {"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "button", "svg", "math", "select",
        "option", "label", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def number_pattern(contacts):
    """Return a regex for each contact's number written as text (spaces allowed), never part of a longer number."""
    spoken = {}
    for contact in contacts:
        digits = contact.number.lstrip("+")
        spoken[digits] = contact
    parts = [r"[ \u00a0]?".join(re.escape(d) for d in digits) for digits in sorted(spoken, key=len, reverse=True)]
    regex = re.compile(rf"(?<![\w+])(?<!\d[ \u00a0])({'|'.join(parts)})(?![ \u00a0]?\d)(?![.,]\d)(?!\w)")
    return regex, spoken


class _Splitter(HTMLParser):
    """Records (start, end, inside a skipped element) for every text run of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.runs, self.stack, self.offsets = [], [], None

    def _offset(self):
        line, column = self.getpos()
        return self.offsets[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        start = self._offset()
        self.runs.append((start, start + len(data), any(t in SKIP for t in self.stack)))


def link_numbers(html, contacts):
    """Return ``html`` with crisis numbers outside links, code and buttons wrapped in tel: or sms: links."""
    regex, spoken = number_pattern(contacts)
    if not regex.search(html):
        return html
    parser = _Splitter()
    # HTMLParser counts lines by "\n" alone, so the offsets must too (not str.splitlines).
    offsets, total = [], 0
    for line in html.split("\n"):
        offsets.append(total)
        total += len(line) + 1
    parser.offsets = offsets
    parser.feed(html)
    parser.close()
    out, last = [], 0
    for start, end, skipped in parser.runs:
        if skipped:
            continue
        out.append(html[last:start])
        out.append(regex.sub(lambda m: _link(m.group(1), spoken), html[start:end]))
        last = end
    out.append(html[last:])
    return "".join(out)


def _link(text, spoken):
    contact = spoken[re.sub(r"\D", "", text)]
    return f'<a class="app-crisis-list__link" href="{escape(contact.href)}">{text}</a>'
