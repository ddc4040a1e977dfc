"""Write one benchmark's section into docs/benchmarks.md, leaving the other sections alone."""

import contextlib
import re
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where a benchmark builds when not told: inside the project, as `./dev build` builds output/ beside it. The system's
# temporary folder can sit on a slower path: on the machine of the seventh and eighth sessions, making a folder or
# file under /tmp took 0.5 to 0.8 ms of CPU against 0.02 to 0.03 ms on the same disk in the project's folder, which
# charged every written page's folder and file to whatever wrote it.
WORK = ROOT / "bench" / ".work"

INTRO = "# Benchmarks\n\nMeasured figures for this site, each section with how to reproduce it.\n"


def record_section(path: Path, heading: str, section: str) -> None:
    """Replace the section that starts with ``heading`` (or add it at the end)."""
    text = path.read_text(encoding="utf-8") if path.exists() else INTRO
    start = text.find(heading + "\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = re.search(r"^## ", text[start + len(heading):], flags=re.M)
        end = start + len(heading) + following.start() if following else len(text)
        text = text[:start] + section + ("\n" if following else "") + text[end:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def work_folder(given: Path | None, prefix: str):
    """Return a context giving ``given`` (kept afterwards) or a fresh folder under bench/.work/ (removed afterwards)."""
    if given:
        return contextlib.nullcontext(given)
    WORK.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=prefix, dir=WORK)
