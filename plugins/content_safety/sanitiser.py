"""Pure HTML sanitising: an allowlist that keeps Markdown's output and drops anything that can run code.

``sanitise(html)`` returns safe HTML; ``removed(html)`` lists, for people, what ``sanitise`` would take
out. Both use the same allowlist, so the editorial checker and the build always agree.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3
from markupsafe import Markup, escape

from inmind.text import printable
from inmind.urls import tidy_address

from .settings import DROPPED_WITH_CONTENT, typed

# Everything Python-Markdown (with "extra", "toc", "abbr", footnotes, md_in_html) writes, plus harmless
# inline semantics an author might type by hand. No landmarks (header, nav, footer...): the theme owns those.
# Nothing that shows letters in another order or place than they are written (<bdo> turns them round, <ruby>
# lifts <rt> above the word and hides <rp>, <bdi> sets a direction inside a line): the real-name check reads the
# text in its written order.
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "data",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
        "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang"})
# A whole block may be right to left (a paragraph in Arabic or Urdu). Inside a line, a direction of its own (dir= on
# a <span>) shows the words around it in the reverse of their written order: "Oduya-Marchbanks Philippa" as a name.
BLOCKS_WITH_A_DIRECTION = frozenset({"blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "h1",
                                     "h2", "h3", "h4", "h5", "h6", "li", "ol", "p", "pre", "summary", "ul"})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "data": {"value"},
    "details": {"open"},
}
for _block in BLOCKS_WITH_A_DIRECTION:
    ALLOWED_ATTRIBUTES[_block] = ALLOWED_ATTRIBUTES.get(_block, set()) | {"dir"}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# The values an attribute may take, where HTML allows only some (the Nu checker names any other as an error):
# an attribute with any other value is removed, as an attribute outside the allowlist is.
_DATE = r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
_TIME = r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?"
_ZONE = r"(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)"
_LANGUAGE = r"|[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*"
_WHOLE = r"-?\d{1,9}"
_BOOLEAN = {"open": r"|open", "reversed": r"|reversed"}
VALUE_RULES = {
    ("*", "dir"): r"ltr|rtl|auto",
    ("*", "lang"): _LANGUAGE,
    ("a", "hreflang"): _LANGUAGE,
    ("ol", "start"): _WHOLE,
    ("li", "value"): _WHOLE,
    ("td", "colspan"): r"[1-9]\d{0,2}",
    ("th", "colspan"): r"[1-9]\d{0,2}",
    ("td", "rowspan"): r"\d{1,4}",
    ("th", "rowspan"): r"\d{1,4}",
    ("col", "span"): r"[1-9]\d{0,2}",
    ("colgroup", "span"): r"[1-9]\d{0,2}",
    ("th", "scope"): r"row|col|rowgroup|colgroup",
    ("img", "width"): r"\d{1,5}",
    ("img", "height"): r"\d{1,5}",
    ("img", "loading"): r"lazy|eager",
    ("time", "datetime"): rf"{_DATE}([T ]{_TIME}{_ZONE}?)?|\d{{4}}(-(0[1-9]|1[0-2]))?|{_TIME}|P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?",
    ("del", "datetime"): rf"{_DATE}([T ]{_TIME}{_ZONE})?",
    ("ins", "datetime"): rf"{_DATE}([T ]{_TIME}{_ZONE})?",
    ("details", "open"): _BOOLEAN["open"],
    ("ol", "reversed"): _BOOLEAN["reversed"],
}
_VALUE_RULES = {key: re.compile(rule, re.IGNORECASE) for key, rule in VALUE_RULES.items()}


def value_allowed(tag, name, value):
    """Return True when ``value`` is one the attribute ``name`` of ``<tag>`` can take (any, for most attributes)."""
    rule = _VALUE_RULES.get((tag, name)) or _VALUE_RULES.get(("*", name))
    return rule is None or bool(rule.fullmatch((value or "").strip()))

# Python-Markdown aligns table columns with style="text-align: ..."; the CSP blocks style attributes,
# so the same alignment is carried by a class the theme styles.
_ALIGN = re.compile(r'<(th|td) style="text-align: (left|right|center);">')
_ALIGN_CLASS = r'<\1 class="app-align-\2">'
_LINK = re.compile(r"<a(\s[^>]*)?>")
_ATTR = re.compile(r'([^\s=/>]+)(?:="([^"]*)")?')
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
# A picture loads when the page opens, so its address must be this site's: no scheme and no "//" (browsers
# read a backslash as "/", so two backslashes, or "/" and one, name another site too). A link is only followed when pressed.
_OTHER_SITE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2})")
OTHER_SITE_PICTURE = "picture from another site"
# Pelican prints these metadata fields as HTML (a summary goes into feeds as HTML); ours are plain text,
# so their HTML form is the escaped text.
HTML_TEXT_FIELDS = frozenset({"summary"})


class Sanitiser:
    """One configured allowlist (CONTENT_SAFETY merged over its defaults)."""

    def __init__(self, config=None):
        config = typed(config)
        self.tags = frozenset(ALLOWED_TAGS | {t.lower() for t in config.extra_tags})
        attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
        attributes["*"] = set(GLOBAL_ATTRIBUTES)
        for tag, names in config.extra_attributes.items():
            attributes.setdefault(tag.lower(), set()).update(n.lower() for n in names)
        self.attributes = {tag: frozenset(names) for tag, names in attributes.items()}
        self.schemes = frozenset(s.lower() for s in config.url_schemes)
        self.link_rel = config.link_rel
        self.class_pattern = re.compile("|".join(f"(?:{p})" for p in config.class_patterns) or r"(?!)")
        self._cleaner = nh3.Cleaner(
            tags=set(self.tags),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in self.attributes.items()},
            attribute_filter=self._filter_attribute,
            url_schemes=set(self.schemes),
            link_rel=None,  # added below to external links only, so internal links stay as Markdown wrote them
            strip_comments=True,
        )

    def _filter_attribute(self, element, attribute, value):
        if element == "img" and attribute == "src":
            return tidy_address(value) if on_this_site(value) else None
        if attribute in URL_ATTRIBUTES:
            # nh3 checks the scheme of href and src only; a quotation's cite is an address too.
            return tidy_address(value) if self.allowed_url(value) else None
        if not value_allowed(element, attribute, value):
            return None
        if attribute != "class":
            return value
        kept = self.allowed_classes(value)
        return " ".join(kept) if kept else None

    def allowed_classes(self, value):
        """Return the class names in ``value`` that the allowlist keeps."""
        return [name for name in value.split() if self.class_pattern.fullmatch(name)]

    def allowed_attribute(self, tag, name):
        """Return True when ``name`` may appear on ``tag``."""
        return name in self.attributes.get(tag, ()) or name in self.attributes["*"]

    def allowed_url(self, value):
        """Return True when a link or image address uses an allowed scheme (or none)."""
        # Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so do the same.
        match = _SCHEME.match(_CONTROL.sub("", value or ""))
        return not match or match.group(1).lower() in self.schemes

    def sanitise(self, html):
        """Return ``html`` with everything outside the allowlist removed."""
        if not html:
            return html
        # Characters no page or feed may carry go too: one in a post stopped every feed (XML refuses it).
        cleaned = printable(_plain_needy(self._cleaner.clean(_ALIGN.sub(_ALIGN_CLASS, html))))
        return self._add_rel(cleaned) if self.link_rel else cleaned

    def _add_rel(self, html):
        # nh3's output always double-quotes attributes and escapes ">" inside them, so a simple scan is exact.
        def add(match):
            attrs = dict((name.lower(), value or "") for name, value in _ATTR.findall(match.group(1) or ""))
            href = attrs.get("href", "")
            if "rel" in attrs or not re.match(r"^(https?:)?//", href, re.IGNORECASE):
                return match.group(0)
            return f'<a{match.group(1)} rel="{self.link_rel}">'

        return _LINK.sub(add, html)

    def removed(self, html):
        """Return short descriptions of what ``sanitise`` would remove from ``html``, first seen first."""
        if not html or ("<" not in html and "&" not in html):
            return []
        prepared = _ALIGN.sub(_ALIGN_CLASS, html)
        scanner = _Scanner(self)
        try:
            scanner.feed(prepared)
            scanner.close()
        except Exception:  # noqa: BLE001 - html.parser can choke on hostile input; nh3 still decides below
            pass
        found = list(dict.fromkeys(scanner.found))
        if not found and _shape(prepared) != _shape(self._cleaner.clean(prepared)):
            found.append("HTML that is not well formed (a tag or attribute the page cannot keep)")
        return found

    def metadata_text(self, name, value):
        """Return a metadata value as plain text (controls removed); a summary as that text, escaped, as Markup."""
        if isinstance(value, Markup):
            return value  # already made safe by an earlier pass
        text = printable(value)
        return Markup(escape(text)) if name.lower() in HTML_TEXT_FIELDS else text


class _Scanner(HTMLParser):
    """Walk the HTML as a browser would tokenise it and note what the allowlist rejects."""

    def __init__(self, sanitiser):
        super().__init__(convert_charrefs=True)
        self.sanitiser = sanitiser
        self.found = []

    def handle_starttag(self, tag, attrs):
        s = self.sanitiser
        if tag not in s.tags:
            extra = " and everything inside it" if tag in DROPPED_WITH_CONTENT else ""
            self.found.append(f"<{tag}> element{extra}")
            return
        for name, value in attrs:
            if not s.allowed_attribute(tag, name):
                self.found.append(f"{name}=... attribute on <{tag}>")
            elif name in URL_ATTRIBUTES and not s.allowed_url(value):
                scheme = _SCHEME.match(_CONTROL.sub("", value)).group(1).lower()
                self.found.append(f'"{scheme}:" address in <{tag} {name}>')
            elif tag == "img" and name == "src" and not on_this_site(value):
                self.found.append(f'{OTHER_SITE_PICTURE} ("{value}")')
            elif not value_allowed(tag, name, value):
                self.found.append(f'{name}=... attribute on <{tag}> (the value "{value}" is not one it can take)')
            elif name == "class":
                for cls in (value or "").split():
                    if cls not in s.allowed_classes(cls):
                        self.found.append(f'class "{cls}" on <{tag}>')
        if tag in NEEDS and NEEDS[tag] not in dict(attrs):
            self.found.append(f'<{tag}> element without a {NEEDS[tag]}=... attribute (it is kept as plain text)')

    handle_startendtag = handle_starttag

    def handle_decl(self, decl):
        self.found.append(f"<!{decl.split()[0] if decl.split() else ''}> declaration")

    def handle_pi(self, data):
        self.found.append("<?...> processing instruction")

    def unknown_decl(self, data):
        self.found.append("<![...]> section")


# Elements the HTML parser inserts when a table leaves them out: <tbody> around rows, <colgroup> around <col>.
_IMPLIED = frozenset({"tbody", "colgroup"})


class _Shape(HTMLParser):
    """The start tags, attributes and text of some HTML, ignoring how it is spelt."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag in _IMPLIED and not attrs:
            return  # a browser (and nh3) adds these around table rows and columns written without them
        # An address is compared in the one form the sanitiser writes it (tidy_address), which is no removal.
        self.tags.append((tag, tuple(sorted((n, tidy_address(v) if n in URL_ATTRIBUTES else v or "") for n, v in attrs))))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


# Elements HTML allows only with this attribute; one without it (or that lost a bad value) is kept as a <span>.
NEEDS = {"time": "datetime"}
_NEEDY_TAG = re.compile(r"<(/?)(time)\b([^>]*)>")


def _plain_needy(html):
    """Return ``html`` with each <time> without a datetime made a <span>."""
    if "<time" not in html:
        return html
    renamed = {tag: [] for tag in NEEDS}

    def swap(match):
        closing, tag, attrs = match.groups()
        if closing:
            return "</span>" if renamed[tag] and renamed[tag].pop() else match.group(0)
        bare = f' {NEEDS[tag]}="' not in attrs
        renamed[tag].append(bare)
        return f"<span{attrs}>" if bare else match.group(0)

    return _NEEDY_TAG.sub(swap, html)


def on_this_site(address):
    """Return True when a picture address names a file of this site (relative, from the root, or {static})."""
    return not _OTHER_SITE.match(_CONTROL.sub("", address or ""))


def _shape(html):
    parser = _Shape()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - unreadable HTML has no comparable shape
        return None
    return parser.tags, " ".join("".join(parser.text).split())


# One Sanitiser per distinct configuration: building nh3's cleaner is the slow part.
_CACHE = {}


def sanitiser_for(config=None):
    """Return a (cached) Sanitiser for a ContentSafety (or a partial CONTENT_SAFETY dict), or for the defaults."""
    key = typed(config)
    if key not in _CACHE:
        _CACHE[key] = Sanitiser(key)
    return _CACHE[key]


def sanitise(html, config=None):
    """Return ``html`` with everything outside the allowlist removed (CONTENT_SAFETY ``config`` optional)."""
    return sanitiser_for(config).sanitise(html)


def removed(html, config=None):
    """Return what ``sanitise`` would remove from ``html``, as short descriptions for people."""
    return sanitiser_for(config).removed(html)
