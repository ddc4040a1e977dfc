"""The Trust's identity settings: checked once, then linked from the header and footer."""

import pytest
from article_extras import identity

from inmind.errors import SettingsError

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'


@pytest.mark.parametrize(
    "settings",
    [
        {"TRUST_NAME": "Example Trust", "TRUST_URL": "https://www.example.nhs.uk/", "TRUST_LOGO": "images/logo.svg"},
        {"TRUST_NAME": "Example Trust", "TRUST_URL": "", "TRUST_LOGO": ""},
        {"TRUST_NAME": "Example Trust"},
    ],
)
def test_good_settings_pass(settings):
    identity.check(settings)


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"TRUST_NAME": ""}, "TRUST_NAME"),
        ({"TRUST_NAME": "T", "TRUST_URL": "javascript:alert(1)"}, "TRUST_URL"),
        ({"TRUST_NAME": "T", "TRUST_URL": "http://www.example.nhs.uk/"}, "https://"),
        ({"TRUST_NAME": "T", "TRUST_URL": "https://www.example.nhs.uk/a b"}, "TRUST_URL"),
        ({"TRUST_NAME": "T", "TRUST_LOGO": "https://cdn.example.com/logo.svg"}, "TRUST_LOGO"),
        ({"TRUST_NAME": "T", "TRUST_LOGO": "images/../../secret.svg"}, "TRUST_LOGO"),
        ({"TRUST_NAME": "T", "TRUST_LOGO": "/images/logo.svg"}, "TRUST_LOGO"),
        ({"TRUST_NAME": "T", "TRUST_LOGO": "images/logo.gif\" onerror=\"x"}, "TRUST_LOGO"),
    ],
)
def test_bad_settings_are_named_with_a_hint(settings, words):
    with pytest.raises(SettingsError) as caught:
        identity.check(settings)
    assert words in str(caught.value) and caught.value.hint


def test_header_and_footer_link_to_the_trust_with_its_logo(build_site):
    site = build_site({"images/logo.svg": SVG}, TRUST_NAME="Example & Partners NHS Trust",
                      TRUST_URL="https://www.example.nhs.uk/", TRUST_LOGO="images/logo.svg")
    assert site.status == 0, site.messages
    doc = site.soup("index.html")
    trust = doc.select_one(".app-header a.app-header__trust")
    assert trust["href"] == "https://www.example.nhs.uk/"
    assert trust.get_text(" ", strip=True) == "Example & Partners NHS Trust (main website)"
    logo = trust.find("img")
    assert logo["src"] == "./images/logo.svg" and logo["alt"] == ""  # the name beside it says what it is
    assert trust["rel"] == ["noopener"]
    assert (site.output / "images" / "logo.svg").exists()
    footer = doc.select_one("footer a[href='https://www.example.nhs.uk/']")
    assert footer.get_text() == "Example & Partners NHS Trust"
    # The site name still goes home, as the first link after the skip link.
    assert doc.select_one(".app-header a")["href"] in ("./", "", ".")


def test_without_an_address_the_trust_is_named_but_not_linked(build_site):
    site = build_site({}, TRUST_URL="", TRUST_LOGO="")
    assert site.status == 0, site.messages
    doc = site.soup("index.html")
    assert not doc.select("a.app-header__trust") and doc.select_one("span.app-header__trust").get_text(strip=True)
    assert not doc.select(".app-header img")


def test_a_bad_trust_address_stops_the_build(build_site):
    site = build_site({}, TRUST_URL="javascript:alert(1)")
    assert site.status == 1
    assert "TRUST_URL must be" in site.messages and "Traceback" not in site.messages
