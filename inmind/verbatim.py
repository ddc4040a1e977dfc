"""Output files a plugin copies byte for byte from a pinned package, declared for the checks that read the output.

A plugin that copies such files connects a receiver to ``COPIES``: it is sent the site's settings and returns
``{output path, relative to the output folder: the package file it was copied from}``. A check that reads every
output file (the real-name scan) may compare such a file's bytes with the package file instead of reading it;
any difference and the file is read like any other.
"""

import blinker

# A named signal, so that a build forgetting its plugins' receivers (inmind.build) forgets these too.
COPIES = blinker.signal("inmind.verbatim_copies")


def declared(settings):
    """Return ``{output path: package file}`` for every file the enabled plugins say they copied verbatim."""
    found = {}
    for _receiver, copies in COPIES.send(settings):
        found.update(copies or {})
    return found
