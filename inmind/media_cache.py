"""The caches of files the build makes from content (resized pictures, share cards): a publish build keeps only its own."""

from __future__ import annotations

import os
from pathlib import Path


def forget_unused(folder, used):
    """Delete every file under ``folder`` (links included, never followed) that is not in ``used``; return how many.

    CI keeps these folders from run to run (actions/cache) and saves them whole after each. Without this, a story
    withdrawn at its writer's request kept its photos' copies and its title's card there for good, for any workflow
    of the repository to read, long after the story and its history were gone. Only a publish build (the one CI
    caches) forgets: a preview keeps drafts' copies, and one beside it may be copying from the same folder.
    """
    if os.path.islink(folder):
        return 0  # the cache folder is a link to somewhere else: nothing there is the build's to delete
    keep = {os.path.abspath(path) for path in used}
    gone = 0
    for where, folders, files in os.walk(folder, topdown=False):
        for name in files:
            path = os.path.abspath(os.path.join(where, name))
            if path not in keep:
                Path(path).unlink(missing_ok=True)
                gone += 1
        for name in folders:
            path = os.path.join(where, name)
            if os.path.islink(path):  # os.walk lists a link to a folder among the folders, and never enters it
                os.unlink(path)
                gone += 1
                continue
            try:
                os.rmdir(path)  # only once it is empty
            except OSError:
                pass
    return gone
