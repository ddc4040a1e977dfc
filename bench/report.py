"""Write one benchmark's section into docs/benchmarks.md, leaving the other sections alone."""

import re
from pathlib import Path

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
