"""Pure bundling: join sources, minify, and name by content hash."""

import hashlib
from pathlib import Path


def collect(source_dir, patterns):
    """Return the existing source files for ``patterns``, in order and without repeats."""
    seen, files = set(), []
    for pattern in patterns:
        for path in sorted(Path(source_dir).glob(pattern)):
            if path.is_file() and path not in seen:
                seen.add(path)
                files.append(path)
    return files


def join(files, *, minify=False):
    """Return the bundle's bytes."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in files)
    if minify and files and files[0].suffix == ".css":
        import rcssmin

        text = rcssmin.cssmin(text)
    return text.encode("utf-8")


def hashed_name(name, content):
    """Return ``css/site.1a2b3c4d5e.css`` for ``css/site.css``."""
    stem, dot, ext = name.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:10]
    return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"
