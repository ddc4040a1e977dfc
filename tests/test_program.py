"""./dev's command line: a mistyped command, option or value is named in plain words with the fix, never invoke's."""

import subprocess
import sys

import pytest
from conftest import ROOT

from inmind.program import plain

INVOKE_WORDS = ("No idea what", "positional", "Flag <Argument", "needed value", "Traceback")


def dev(*argv):
    """Run ./dev's command line as ./dev does (without its set-up), in the project folder."""
    done = subprocess.run([sys.executable, "-m", "inmind.program", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize(("argv", "expected"), [
    (["chek"], ['error: "chek" is not a ./dev command. Did you mean "check"?', "hint: the commands are: bench,"]),
    (["new-agn"], ['Did you mean "new-agm"?']),
    (["themes"], ["error: ./dev themes needs the Markdown file to look at",
                  "hint: for example: ./dev themes content/blog/2024/our-garden.md"]),
    (["new", "--titel", "Our garden"], ['error: ./dev new has no option --titel. Did you mean "--title"?']),
    (["new", "--title"], ["error: --title needs a value after it", 'hint: write it after --title, in quotes if it has']),
    (["new", "--title", "x", "--themes", "carers,", "lived", "experience"],
     ['error: ./dev new did not expect "lived"', 'hint: a value with spaces goes in quotes, such as --title']),
    (["check", "--format"], ["error: --format needs a value after it"]),
    # A file named as ./dev themes takes it: the hint writes the command with --file.
    (["check", "content/blog/2017/asked-not-told.md"],
     ['error: ./dev check did not expect "content/blog/2017/asked-not-told.md"',
      'hint: to check one file, write --file before it: ./dev check --file "content/blog/2017/asked-not-told.md"']),
    (["it's"], ['error: "it\'s" is not a ./dev command.']),
    (["new", "--title", "x", "line\nbreak\x1b[2J"], ['did not expect "line\\nbreak\\x1b[2J"']),
])
def test_a_typing_mistake_is_named_with_its_fix(argv, expected):
    code, output = dev(*argv)
    assert code == 1, output
    for fragment in expected:
        assert fragment in output, output
    assert not any(word in output for word in INVOKE_WORDS), output
    assert "Usage:" not in output, "invoke's usage block buries the one line that says what to fix"


@pytest.mark.parametrize("task", ["new", "new-agm", "check", "build"])
def test_dash_h_after_a_command_shows_its_options(task):
    # invoke gave new's --themes the short flag -h: "./dev new -h" answered "--themes needs a value after it".
    code, output = dev(task, "-h")
    assert code == 0 and "Options:" in output and "needs a value" not in output, output


def test_dev_alone_lists_the_commands_not_invokes_core_options():
    code, output = dev()
    assert code == 0 and "./dev check" in output and "new-agm" in output and "--complete" not in output, output


def test_a_correct_command_still_runs():
    code, output = dev("--list")
    assert code == 0 and "new-agm" in output and "themes" in output, output


def test_a_message_invoke_words_differently_passes_through_unchanged():
    assert plain("Something else went wrong", "new", [], ["new"]) == ("Something else went wrong", None)
