"""Each rule is written once: no message text exists twice in the site's code (issue: one pipeline)."""

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("inmind", "plugins")
# Shorter literals are words and format fragments ("must be ", ", not "), not messages.
MIN_LENGTH = 25


def _literals(path):
    """Yield (text, line) for every string literal and every literal part of an f-string in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    # Docstrings are prose about the code, and the parts of an f-string are counted as parts.
    parts = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts.update(id(value) for value in node.values)
            for value in node.values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    yield value.value.strip(" :;,.\n"), node.lineno
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
            yield node.value.strip(" :;,.\n"), node.lineno


def _messages():
    found = defaultdict(set)
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for text, line in _literals(path):
                if len(text) >= MIN_LENGTH and " " in text and "\n" not in text:
                    found[text].add(f"{path.relative_to(ROOT)}:{line}")
    return found


def test_no_message_is_written_twice():
    copies = {text: sorted(places) for text, places in _messages().items() if len(places) > 1}
    assert not copies, "write each message once, in the rule that owns it:\n" + "\n".join(
        f"  {text!r}: {', '.join(places)}" for text, places in sorted(copies.items())
    )


def test_the_scan_finds_a_copy(tmp_path, monkeypatch):
    # The scan must be able to fail: two modules with one message between them are caught.
    package = tmp_path / "plugins" / "example"
    package.mkdir(parents=True)
    (tmp_path / "inmind").mkdir()
    message = "this picture has no description for people who cannot see it"
    (package / "checks.py").write_text(f"def rule():\n    return f'{{0}}: {message}'\n")
    (package / "handlers.py").write_text(f"HINT = '{message}'\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert sorted(_messages()[message]) == ["plugins/example/checks.py:2", "plugins/example/handlers.py:1"]
