"""What the last build's real-name check of the output found clean, kept in CACHE_PATH for the next build.

The next build searches only the output files whose bytes changed. The file holds no name: each output
path with the blake2b digest of the bytes searched and found clean, and a salted scrypt fingerprint of the
names searched for and of the search's own code (a slow hash, so a list of likely names is slow to try).
What was clean for other names, another version of the search or other bytes counts for nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import unicodedata
from pathlib import Path

from . import privacy

FILE = "real-name-scan.json"
# scrypt's cost: about 0.1 s once per build, and as much for each name guessed by whoever reads the cache.
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "dklen": 32}


def search_version(*sources):
    """Return a digest of what decides a search's outcome besides the names: its code and Unicode's tables."""
    digest = hashlib.blake2b(unicodedata.unidata_version.encode())
    for source in (privacy.__file__, *sources):
        digest.update(Path(source).read_bytes())
    return digest.digest()


class Ledger:
    """The clean files of the last build for the same names and search, and the means to save this build's."""

    def __init__(self, cache, matcher, version):
        self.path = Path(cache) / FILE
        self._forms = "\n".join(sorted(matcher._owner)).encode("utf-8")
        self._version = version
        self.clean = {}
        self._salt = self._fingerprint = None
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            salt = bytes.fromhex(stored["salt"])
            if len(salt) == 16 and hmac.compare_digest(self._names(salt).hex(), str(stored["names"])):
                self.clean = {str(rel): bytes.fromhex(digest) for rel, digest in stored["clean"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.clean = {}  # none yet, or damaged: everything is searched, as in a first build

    def _names(self, salt):
        if salt != self._salt:
            self._salt = salt
            self._fingerprint = hashlib.scrypt(self._forms + b"\0" + self._version, salt=salt, **SCRYPT)
        return self._fingerprint

    def save(self, clean):
        """Remember ``clean`` ({output path: digest}) for the next build; never fails the build."""
        salt = self._salt or os.urandom(16)
        text = json.dumps({"salt": salt.hex(), "names": self._names(salt).hex(),
                           "clean": {rel: digest.hex() for rel, digest in sorted(clean.items())}})
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:
            temp.unlink(missing_ok=True)  # an unwritable cache costs the next build time, nothing else
