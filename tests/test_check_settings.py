"""CHECKS: a typed object from the one settings loader, refused in the words it always had, checked once per build."""

from __future__ import annotations

import pytest
from conftest import ROOT

from inmind import check_settings, typed_settings
from inmind.config import load_settings
from inmind.errors import SettingsError


def _merged(checks):
    return check_settings.merged(load_settings(ROOT / "pelicanconf.py", {"CHECKS": checks,
                                                                          "PLUGIN_PATHS": [str(ROOT / "plugins")]}))


@pytest.mark.parametrize(("checks", "message"), [
    ("strict", "CHECKS must be a dictionary"),
    ({"reading_age": 12}, "CHECKS has an unknown key 'reading_age'. Did you mean \"reading_age_max\"?"),
    ({"summary_max": -1}, "CHECKS['summary_max'] must be a whole number of 0 or more, not -1"),
    ({"max_file_kb": True}, "CHECKS['max_file_kb'] must be a whole number of 0 or more, not True"),
    ({"folders": "blog"}, "CHECKS['folders'] must be a list of strings, not 'blog'"),
    ({"cache": "yes"}, "CHECKS['cache'] must be True or False, not 'yes'"),
    ({"required": ["title"]}, "CHECKS['required'] must be a dictionary, not ['title']"),
    ({"required": {"blog": "title"}}, "CHECKS['required']['blog'] must be a list of metadata names such as "
                                      "['title', 'date']"),
    ({"reading_age_max": {"blog": 0}}, "CHECKS['reading_age_max']['blog'] must be a number such as 14, or None, not 0"),
    ({"reading_age_max": -3}, "CHECKS['reading_age_max']['blog'] must be a number such as 14, or None, not -3"),
    ({"severity": {"reading-age": "loud"}}, "CHECKS['severity']['reading-age'] must be one of error, warning, off, "
                                            "not 'loud'"),
    ({"severity": {"reading-ages": "off"}}, "CHECKS['severity'] names an unknown check 'reading-ages'. Did you mean "
                                            "\"reading-age\"?"),
])
def test_a_wrong_checks_setting_is_named_in_its_words(checks, message):
    with pytest.raises(SettingsError) as caught:
        _merged(checks)
    assert caught.value.message == message


def test_dictionaries_merge_one_level_deep_and_one_reading_age_covers_every_folder():
    checks = _merged({"required": {"pages": ["title"]}, "reading_age_max": 12, "folders": ["blog", "pages"]})
    assert checks.required["pages"] == ("title",) and checks.required["blog"] == ("title", "date", "summary")
    assert dict(checks.reading_age_max) == {"blog": 12, "pages": 12}
    assert _merged({"reading_age_max": {"blog": 10}}).reading_age_max["agm"] == 14


def test_a_plugins_own_check_id_may_be_given_a_severity():
    checks = _merged({"severity": {"consent-missing": "warning", "link-text": "off"}})
    assert check_settings.severity(checks, "consent-missing") == "warning"
    assert check_settings.severity(checks.as_dict(), "link-text") == "off"
    assert check_settings.severity(checks, "heading-skip") == "warning"


def test_the_setting_is_checked_once_however_often_it_is_asked_for():
    typed_settings.forget()
    settings = load_settings(ROOT / "pelicanconf.py", {"CHECKS": {"summary_max": 200}})
    for _ in range(50):
        assert check_settings.merged(settings).summary_max == 200
    assert typed_settings.VALIDATED["CHECKS"] == 1 and typed_settings.ASKED["CHECKS"] == 50
