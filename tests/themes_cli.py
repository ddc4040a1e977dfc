"""Running ``invoke themes`` in a test: its output with each wrapped line joined again, for the CLI's tests."""

import io

from coproduction import cli


def run(capsys, *args):
    """Return the status, the output with each wrapped line joined again (see unwrap), and the errors."""
    out = io.StringIO()
    status = cli.main([*args], stream=out)
    return status, unwrap(out.getvalue()), capsys.readouterr().err


def unwrap(text):
    """Return ``text`` with each line that goes on a long line (it starts with cli.MORE) joined to it again."""
    lines = []
    for line in text.splitlines():
        assert len(line) <= cli.WIDTH or " " not in line.strip(), line  # only one long word may overflow
        if line.startswith(cli.MORE):
            lines[-1] += " " + line.removeprefix(cli.MORE)
        else:
            lines.append(line)
    return "".join(line + "\n" for line in lines)
