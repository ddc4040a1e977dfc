"""What pictures and share cards cost: resizing one photo, drawing cards cold and from the cache.

Run as ``python -m bench.media [--cards N]`` from the project folder. Small by default (the machine is shared).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pictures import resize
from pictures import settings as picture_settings
from PIL import Image
from share_cards import draw
from share_cards import settings as card_settings

ROOT = Path(__file__).resolve().parent.parent


def _photo(width=3000, height=2000):
    image = Image.effect_noise((width // 10, height // 10), 60).convert("RGB").resize((width, height))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def pictures(folder):
    """Return (seconds cold, seconds cached, original bytes, {copy: bytes}) for one 3000-pixel photo."""
    data = _photo()
    path = folder / "photo.jpg"
    path.write_bytes(data)
    config = picture_settings.merged({})
    started = time.perf_counter()
    fallback, webp = resize.copies(path, "images/photo.jpg", data, config, folder / "cache")
    cold = time.perf_counter() - started
    started = time.perf_counter()
    resize.copies(path, "images/photo.jpg", data, config, folder / "cache")
    warm = time.perf_counter() - started
    sizes = {Path(c.site_path).name.split(".", 1)[0] + Path(c.site_path).suffix: c.cached.stat().st_size
             for c in [*webp, fallback]}
    return cold, warm, len(data), sizes


def cards(folder, count):
    """Return (median seconds per card drawn, seconds per card found in the cache, median PNG bytes)."""
    config = card_settings.merged({})
    palette = draw.colours((ROOT / "theme/assets/css/tokens.css").read_text(encoding="utf-8"))
    fonts = (config.font, config.font_regular)
    times, sizes, keys = [], [], []
    for n in range(count):
        card = draw.Card(f"What co-production taught us on ward {n}: listening before deciding", "In Mind series",
                         "In Mind")
        key = card.key(palette, list(fonts))
        started = time.perf_counter()
        png = draw.draw(card, palette, *fonts)
        (folder / f"{key}.png").write_bytes(png)
        times.append(time.perf_counter() - started)
        sizes.append(len(png))
        keys.append(key)
    started = time.perf_counter()
    hits = sum((folder / f"{key}.png").is_file() for key in keys)
    cached = (time.perf_counter() - started) / max(hits, 1)
    return statistics.median(times), cached, statistics.median(sizes)


def main(argv=None):
    """Print the figures as Markdown table rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        cold, warm, original, sizes = pictures(folder)
        per_card, cached, png = cards(folder, args.cards)
    print(f"| One 3000 × 2000 photo ({original / 1024:.0f} KB JPEG): all copies made | {cold:.2f} s |")
    print(f"| The same photo again, copies from the cache | {warm * 1000:.0f} ms |")
    for name, size in sizes.items():
        print(f"| copy {name} | {size / 1024:.0f} KB |")
    print(f"| One share card drawn (median of {args.cards}) | {per_card * 1000:.0f} ms, {png / 1024:.0f} KB |")
    print(f"| One share card from the cache | {cached * 1_000_000:.0f} µs |")
    print(f"| 1,000 cards, cold (estimate) | {per_card * 1000:.0f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
