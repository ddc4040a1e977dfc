"""SAFEGUARDING: a typed setting over its defaults; each wrong value is named with its key, never a traceback."""

from pathlib import Path

import pytest
from safeguarding import settings

from inmind.errors import SettingsError


def test_defaults_resolve_the_data_files_and_compile_the_pattern():
    config = settings.merged({})
    assert Path(config.contacts).is_absolute() and Path(config.contacts).is_file()
    assert config.consent_exempt_groups == frozenset({"staff", "leadership"})
    assert config.consent_regex.fullmatch("CF-2026-001") and not config.consent_regex.fullmatch("CF-26-001")


def test_a_relative_file_is_resolved_from_where_the_build_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data/contacts.toml").write_text("")
    config = settings.merged({"SAFEGUARDING": {"contacts": "data/contacts.toml", "consent_pattern": "MC/NNNN"}})
    assert config.contacts == str(tmp_path / "data/contacts.toml")
    assert config.consent_regex.pattern == r"MC/\d{4}"


@pytest.mark.parametrize(("value", "words", "hint"), [
    ({"consent_pattern": "CF-2026"}, "SAFEGUARDING['consent_pattern'] must be a pattern such as 'CF-YYYY-NNN', not 'CF-2026'",
     "write Y for each digit of the year"),
    ({"consent_pattern": "N" * 41}, "SAFEGUARDING['consent_pattern'] must be a pattern", None),
    ({"consent_exempt_groups": "staff"}, "SAFEGUARDING['consent_exempt_groups'] must be a list of role groups", None),
    ({"required_severity": "fatal"}, "SAFEGUARDING['required_severity'] must be \"warning\" or \"error\", not 'fatal'", None),
    ({"contacts": " "}, "SAFEGUARDING['contacts'] must be a non-empty text, not ' '", None),
    ({"language": "a\x00b"}, "SAFEGUARDING['language'] must be a file path, not 'a\\x00b'", None),
    ({"withdrawn_template": None}, "SAFEGUARDING['withdrawn_template'] must be a non-empty text, not None", None),
    ({"consent_patern": "X"}, "SAFEGUARDING has an unknown key 'consent_patern'. Did you mean \"consent_pattern\"?", None),
    (["consent_pattern"], "SAFEGUARDING must be a dictionary", None),
])
def test_a_wrong_value_is_named(value, words, hint):
    with pytest.raises(SettingsError) as caught:
        settings.merged({"SAFEGUARDING": value})
    assert words in caught.value.message
    if hint:
        assert hint in caught.value.hint


@pytest.mark.parametrize("key", ["contacts", "language"])
@pytest.mark.parametrize(("value", "why"), [
    ("data/missing.toml", "does not exist"),
    ("../../../../nowhere/crisis_contacts.toml", "does not exist"),
    ("~/no-such-folder-7q/contacts.toml", "does not exist"),
    ("data", "is a folder"),
    (".", "is a folder"),
    ("data/link-to-nothing.toml", "does not exist"),
])
def test_a_file_setting_naming_no_file_is_refused_in_words(tmp_path, monkeypatch, key, value, why):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data/contacts.toml").write_text("")
    (tmp_path / "data/link-to-nothing.toml").symlink_to(tmp_path / "gone.toml")
    with pytest.raises(SettingsError) as caught:
        settings.merged({"SAFEGUARDING": {key: value}})
    assert caught.value.message.startswith(f"SAFEGUARDING['{key}'] must name an existing file, but '")
    assert caught.value.message.endswith(f"' {why}")
    assert "leave the key out" in caught.value.hint and "./dev" in caught.value.hint
