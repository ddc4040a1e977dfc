"""``./dev``'s command line: invoke's, with its typing mistakes said in words a writer can act on."""

from __future__ import annotations

import os
import re
import sys

from invoke import Program
from invoke.exceptions import Exit, ParseError

from inmind.errors import did_you_mean, one_line

UNKNOWN = re.compile(r"^No idea what (['\"])(?P<token>.*)\1 is!$", re.DOTALL)
MISSING = re.compile(r"^'(?P<task>[^']+)' did not receive required positional arguments: (?P<names>.*)$")
# invoke names the option by its repr, "<Argument: title (t)>", or in quotes in older versions.
NO_VALUE = re.compile(r"^Flag (?:<Argument: |['\"]-*)(?P<name>[\w-]+).* needed value and was not given one!$")
# What a task needs that it cannot go without, in the words of its example.
NEEDS = {"themes": ("the Markdown file to look at", "./dev themes content/blog/2024/our-garden.md")}
QUOTES_HINT = ('a value with spaces goes in quotes, such as --title "Our ward garden" or '
               '--themes "carers,lived-experience"; ./dev {task} --help lists what it takes')


def plain(message, task, flags, tasks):
    """Return ``(message, hint)`` for invoke's parsing error ``message`` met in ``task`` (None: no command yet)."""
    unknown = UNKNOWN.match(message)
    if unknown and task is None:
        token = unknown.group("token")
        return (f'"{token}" is not a ./dev command.{did_you_mean(token, tasks)}',
                "the commands are: " + ", ".join(tasks) + "; ./dev --list says what each does")
    if unknown and unknown.group("token").startswith("-"):
        token = unknown.group("token")
        return (f"./dev {task} has no option {token}.{did_you_mean(token, flags)}",
                f"./dev {task} --help lists its options")
    if unknown and "--file" in flags and re.search(r"[/\\]|\.md$", unknown.group("token"), re.IGNORECASE):
        # "./dev check content/blog/2026/my-post.md", as ./dev themes takes it: one file is named with --file.
        token = unknown.group("token")
        return (f'./dev {task} did not expect "{token}"',
                f'to {task} one file, write --file before it: ./dev {task} --file "{token}"')
    if unknown:
        return (f'./dev {task} did not expect "{unknown.group("token")}"', QUOTES_HINT.format(task=task))
    missing = MISSING.match(message)
    if missing:
        task = missing.group("task")
        what, example = NEEDS.get(task, (missing.group("names").replace("'", ""), f"./dev {task} --help"))
        return f"./dev {task} needs {what}", f"for example: {example}"
    no_value = NO_VALUE.match(message)
    if no_value:
        flag = "--" + no_value.group("name").replace("_", "-")
        return f"{flag} needs a value after it", f'write it after {flag}, in quotes if it has spaces: {flag} "..."'
    return message, None


class DevProgram(Program):
    """invoke's Program, whose parsing errors name the mistake and how to put it right."""

    def parse_tasks(self):
        """Parse the command and its options as invoke does; say a mistake in plain words."""
        try:
            super().parse_tasks()
        except ParseError as error:
            context = error.context
            task = context.name if context is not None else None
            flags = sorted(context.flags) if context is not None else []
            tasks = sorted(self.collection.task_names)
            message, hint = plain(str(error), task, flags, tasks)
            # No context: invoke would print the task's whole usage after it, which says more than the fix.
            raise ParseError(f"error: {one_line(message)}" + (f"\n  hint: {one_line(hint)}" if hint else ""), None) from None

    def no_tasks_given(self):
        """Print the commands, what each does and how to use one: ``./dev`` alone is how a writer asks."""
        print("Type ./dev and one of these commands, such as ./dev check (./dev COMMAND --help shows its options):\n")
        self.list_tasks()
        raise Exit


def main():
    """Run the tasks of tasks.py as ``./dev TASK``."""
    try:
        DevProgram(name="In Mind", binary="./dev").run()
    except BrokenPipeError:  # "./dev | head" stopped reading: no traceback for that (Python's own advice)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    main()
