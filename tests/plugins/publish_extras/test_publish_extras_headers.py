"""The _headers file: the CSP extended for headers, and one Cache-Control rule for every file."""

import pytest
from publish_extras import headers

IMM, SHORT = "immutable!", "short"
FILES = [
    "index.html",
    "404.html",
    "robots.txt",
    "blog/2017/a/index.html",
    "blog/2018/b/index.html",
    "about/index.html",
    "theme/css/site.0123456789.css",
    "theme/js/search.0123456789.js",
    "theme/images/favicon.svg",
    "pagefind/pagefind.js",
    "pagefind/pagefind-entry.json",
    "pagefind/index/en_1.pf_index",
    "pagefind/fragment/en_2.pf_fragment",
]
IMMUTABLE = ["theme/css", "theme/js", "pagefind/index", "pagefind/fragment", "pagefind/filter"]


def _matches(pattern, path):
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


@pytest.mark.parametrize(
    ("csp", "extra", "expected"),
    [
        ("default-src 'self'", ["frame-ancestors 'none'"], "default-src 'self'; frame-ancestors 'none'"),
        ("default-src 'self'; ", ["frame-ancestors 'none'"], "default-src 'self'; frame-ancestors 'none'"),
        # A directive already in the CSP is not added twice.
        ("default-src 'self'; frame-ancestors 'self'", ["frame-ancestors 'none'"], "default-src 'self'; frame-ancestors 'self'"),
        ("default-src 'self'", [], "default-src 'self'"),
    ],
)
def test_csp_header(csp, extra, expected):
    assert headers.csp_header(csp, extra) == expected


@pytest.mark.parametrize(
    ("url", "base"),
    [("https://inmind.example.nhs.uk", ""), ("https://org.github.io/inmind/", "/inmind"), ("http://127.0.0.1:8000", "")],
)
def test_base_path(url, base):
    assert headers.base_path(url) == base


def test_every_file_matches_exactly_one_rule_with_the_right_lifetime():
    rules = headers.cache_rules(FILES, IMMUTABLE, IMM, SHORT)
    for rel in FILES:
        requests = ["/" + rel] + (["/" + rel[: -len("index.html")]] if rel.endswith("index.html") else [])
        for request in requests:
            matching = [cache for pattern, cache in rules if _matches(pattern, request)]
            assert len(matching) == 1, (request, matching)
            hashed = rel.startswith(("theme/css/", "theme/js/", "pagefind/index/", "pagefind/fragment/"))
            assert matching[0] == (IMM if hashed else SHORT), request


def test_folders_without_hashed_files_get_one_rule():
    rules = dict(headers.cache_rules(FILES, IMMUTABLE, IMM, SHORT))
    assert rules["/blog/*"] == SHORT
    assert rules["/theme/css/*"] == IMM
    assert "/pagefind/filter/*" not in rules  # no such folder in this output
    assert "/theme/*" not in rules and "/pagefind/*" not in rules  # mixed folders are split


def test_render_puts_security_headers_on_every_path_and_prefixes_the_base():
    text = headers.render({"X-Content-Type-Options": "nosniff"}, [("/theme/css/*", IMM)], "/inmind")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines == ["/inmind/*", "  X-Content-Type-Options: nosniff", "/inmind/theme/css/*", f"  Cache-Control: {IMM}"]


def test_sections_cover_everything_but_the_separate_folders():
    files = ["index.html", "404.html", "blog/2017/x/index.html", "admin/index.html", "admin/decap-cms.js",
             "admin-notes/index.html", "theme/css/site.css", "robots.txt"]
    patterns = headers.sections(files, ["admin/"])
    assert patterns == ["/404.html", "/admin-notes/*", "/blog/*", "/", "/index.html", "/robots.txt", "/theme/*"]

    def covering(path):
        return [p for p in patterns if (p.endswith("*") and path.startswith(p[:-1])) or p == path]

    for rel in files:
        assert len(covering("/" + rel)) == (0 if rel.startswith("admin/") else 1), rel
    assert covering("/") == ["/"]


def test_separate_folders_get_their_own_rule_and_no_site_wide_one():
    text = headers.render({"X-A": "site"}, [], "/base", {"admin": {"X-A": "editor"}}, ["index.html", "admin/index.html"])
    blocks = [b.strip().splitlines() for b in text.split("\n\n")]
    rules = {b[0]: [line.strip() for line in b[1:]] for b in blocks if b and b[0].startswith("/")}
    assert rules["/base/admin/*"] == ["X-A: editor"]
    assert rules["/base/"] == rules["/base/index.html"] == ["X-A: site"]
    assert "/base/*" not in rules


def test_without_separate_folders_the_file_is_unchanged():
    assert headers.render({"X-A": "site"}, [("/x", "c")]) == headers.render({"X-A": "site"}, [("/x", "c")], "", {}, ["a"])
    assert "\n/*\n  X-A: site\n" in headers.render({"X-A": "site"}, [])
