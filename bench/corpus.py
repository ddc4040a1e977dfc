"""Deterministic synthetic content for the build benchmarks.

``generate(dest, n_posts)`` writes a content folder shaped like ``content/``: blog/<year>/<slug>.md
posts of about 700 words, a few AGM summaries in agm/<year>.md, two pages, and copies of the real
authors.toml and themes.toml. The same arguments always give byte-identical files, so runs on
different days and machines compare like with like. 10,000 posts take a few seconds.

``PLAIN_SETTINGS`` is the settings module for baseline (a): the same posts built by plain Pelican
with its default theme and no plugins.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTRIES = ROOT / "content"
PLAIN_SETTINGS = Path(__file__).resolve().parent / "plainconf.py"

WORDS_PER_POST = 700
FIRST_DAY = dt.date(2015, 1, 5)
# Posts are spread over this many days (about ten years), never in the future.
SPAN_DAYS = 3650

# Everyday words the posts are mostly made of (Zipf-weighted, so common words dominate as in prose).
COMMON = """
the of and to a in that is was it for on with as be at by this had not are but from or have an they
which one you were her all she there would their we him been has when who will more no if out so said
what up its about into than them can only other new some could time these two may then do first any
my now such like our over man me even most made after also did many before must through back years
where much your way well down should because each just those people how too little state good very
make world still own see men work long get here between both life being under never day same another
know while last might us great old year off come since against go came right used take three
care support team ward family home group service staff carer plan voice choice meeting hope story
week month morning evening friend doctor nurse worker member board question answer change idea
listen learn share trust respect honest kind safe together equal small local community hospital
recovery course college garden kitchen bike walk music book letter phone screen form report minutes
""".split()

# Syllables for a long tail of rarer words, so the search index sees a realistic vocabulary size.
ONSETS = ["b", "br", "c", "ch", "d", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "r", "s", "sh",
          "st", "t", "th", "tr", "v", "w", "y"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "oo", "ou"]
CODAS = ["", "", "n", "r", "d", "l", "m", "s", "t", "st", "nd", "ck"]
RARE_WORDS = 6000

VENUES = [
    "Bootle Town Hall, Oriel Road, Bootle L20 7AE",
    "ACC Liverpool, Kings Dock, Liverpool L3 4FP",
    "St Helens Town Hall, Victoria Square, St Helens WA10 1HP",
    "The Life Rooms, 1 Rice Lane, Walton, Liverpool L9 1AA",
]
YOUTUBE_IDS = ["M7lc1UVf-VE", "aqz-KE-bpKQ", "ScMzIvxBSi4", "dQw4w9WgXcQ", "jNQXAC9IVRw", "9bZkp7q19f0"]


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Return the words and their cumulative Zipf weights."""
    rare = set()
    while len(rare) < RARE_WORDS:
        # One or two short syllables: the editorial reading-age check must pass, as real posts do.
        syllables = 1 if rng.random() < 0.4 else 2
        rare.add("".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)))
    tail = sorted(rare - set(COMMON))
    rng.shuffle(tail)
    words = COMMON + tail
    cumulative, total = [], 0.0
    for rank, _ in enumerate(words, start=1):
        total += 1.0 / rank
        cumulative.append(total)
    return words, cumulative


def _registries(source: Path) -> tuple[list[str], str, list[str], list[str]]:
    """Return the public author names, the AGM author, theme slugs and theme phrases."""
    authors = tomllib.loads((source / "authors.toml").read_text(encoding="utf-8")).get("author", [])
    themes = tomllib.loads((source / "themes.toml").read_text(encoding="utf-8")).get("theme", [])
    names = [a["name"] for a in authors if not a.get("anonymous")]
    if not names:
        raise ValueError(f"{source / 'authors.toml'} lists no public (non-anonymous) author")
    agm_author = "Communications Team" if "Communications Team" in names else names[0]
    slugs = [t["slug"] for t in themes]
    phrases = sorted({p for t in themes for p in t.get("phrases", [])})
    return names, agm_author, slugs, phrases


class _Writer:
    """Builds sentences and paragraphs from one seeded random source."""

    def __init__(self, rng: random.Random, phrases: list[str]):
        self.rng = rng
        self.words, self.cumulative = _vocabulary(rng)
        self.phrases = phrases

    def sentence(self, n_words: int, phrase_chance: float = 0.0) -> str:
        """Return one sentence of about ``n_words`` words, sometimes with a theme phrase."""
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=n_words)
        if self.phrases and self.rng.random() < phrase_chance:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(self.phrases).lower())
        words[0] = words[0].capitalize()
        return " ".join(words) + self.rng.choice(".....?!")

    def paragraph(self, n_words: int, phrase_chance: float) -> tuple[str, int]:
        """Return a paragraph and how many words it has."""
        out, count = [], 0
        while count < n_words:
            length = self.rng.randint(5, 13)
            out.append(self.sentence(length, phrase_chance))
            count += length
        return " ".join(out), count

    def title(self) -> str:
        """Return a short title."""
        words = self.rng.choices(self.words[:400], k=self.rng.randint(3, 7))
        return " ".join(words).capitalize()


def _post(writer: _Writer, index: int, date: dt.datetime, slug: str, names, theme_slugs, earlier) -> str:
    """Return the Markdown of one post."""
    rng = writer.rng
    authors = rng.sample(names, 2) if rng.random() < 0.1 else [rng.choice(names)]
    head = [
        f"Title: {writer.title()} {index}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"{'Authors' if len(authors) > 1 else 'Author'}: {', '.join(authors)}",
        f"Slug: {slug}",
        f"Summary: {writer.sentence(rng.randint(14, 24))}",
        # Guest writers need a consent reference to publish (plugins/safeguarding); staff may carry one too.
        f"Consent: CF-{date:%Y}-{index % 1000:03d}",
    ]
    if index % 25 == 0:
        head += ["Series: In Mind", f"Series_index: {index // 25 + 1}"]
    if theme_slugs and rng.random() < 0.35:
        head.append(f"Themes: {', '.join(rng.sample(theme_slugs, rng.randint(1, 3)))}")
        if rng.random() < 0.2:
            head.append("Auto-themes: off")
    # About a third of posts are about one theme, so automatic tagging has something to find.
    phrase_chance = 0.25 if rng.random() < 0.35 else 0.0
    body, words = [], 0
    while words < WORDS_PER_POST:
        if body and rng.random() < 0.15:
            body.append(f"## {writer.title()}")
        if rng.random() < 0.07:
            body.append("\n".join(f"- {writer.sentence(rng.randint(4, 9))}" for _ in range(rng.randint(2, 5))))
            words += 20
        if earlier and rng.random() < 0.05:
            year, other = rng.choice(earlier)
            body.append(f"You can also read [an earlier post in the series]({{filename}}/blog/{year}/{other}.md).")
        text, count = writer.paragraph(rng.randint(50, 110), phrase_chance)
        body.append(text)
        words += count
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"


def _agm(writer: _Writer, year: int, author: str) -> str:
    """Return the Markdown of one AGM summary."""
    rng = writer.rng
    highlights = [f"Highlight: {writer.sentence(rng.randint(8, 14))}" for _ in range(rng.randint(3, 5))]
    head = [
        f"Title: Annual General Meeting {year}",
        f"Date: {year}-09-{rng.randint(20, 28):02d} 14:00",
        f"Author: {author}",
        f"Slug: agm-{year}",
        f"Summary: {writer.sentence(rng.randint(14, 22))}",
        f"Venue: {rng.choice(VENUES)}",
        "Annual-report: https://www.merseycare.nhs.uk/about-us/publications",
        f"Annual-report-title: Annual report and accounts {year - 1}/{str(year)[2:]}",
        *highlights,
    ]
    paragraphs = [writer.paragraph(80, 0.2)[0] for _ in range(4)]
    transcript = [writer.paragraph(90, 0.0)[0] for _ in range(3)]
    body = [
        paragraphs[0],
        "## The Chief Executive's talk",
        paragraphs[1],
        f"https://www.youtube.com/watch?v={YOUTUBE_IDS[year % len(YOUTUBE_IDS)]}",
        "## Questions from the floor",
        paragraphs[2],
        paragraphs[3],
        "## Transcript",
        *transcript,
    ]
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"


PAGES = {
    "about": "About In Mind",
    "contribute": "Write for In Mind",
}


def _private_names(dest: Path):
    """Give the corpus's anonymous writers a made-up real name outside content/, so publish builds check for it."""
    authors = tomllib.loads((dest / "authors.toml").read_text(encoding="utf-8")).get("author", [])
    private = dest.parent / f"{dest.name}.private-names.toml"
    private.write_text("".join(f'[{a["slug"]}]\nreal_name = "Zephyrine Quillfeather"\n' for a in authors
                               if a.get("anonymous")), encoding="utf-8")
    if not os.environ.get("INMIND_PRIVATE_NAMES"):
        os.environ["INMIND_PRIVATE_NAMES"] = str(private)


def generate(dest: Path, n_posts: int = 1000, seed: int = 1, agm_count: int = 5) -> Path:
    """Write a deterministic synthetic content folder at ``dest`` and return it."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("authors.toml", "themes.toml"):
        shutil.copy(REGISTRIES / name, dest / name)
    names, agm_author, theme_slugs, phrases = _registries(dest)
    _private_names(dest)
    rng = random.Random(seed)
    writer = _Writer(rng, phrases)

    step = SPAN_DAYS * 24 * 60 / max(n_posts, 1)  # minutes between posts: unique, ordered dates
    start = dt.datetime.combine(FIRST_DAY, dt.time(9, 0))
    earlier: list[tuple[int, str]] = []
    folders: set[Path] = set()
    for i in range(1, n_posts + 1):
        date = start + dt.timedelta(minutes=int((i - 1) * step))
        slug = f"post-{i:05d}-{'-'.join(rng.choices(COMMON[150:], k=2))}"
        folder = dest / "blog" / str(date.year)
        if folder not in folders:
            folder.mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        text = _post(writer, i, date, slug, names, theme_slugs, earlier[-200:])
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
        earlier.append((date.year, slug))

    last_year = (start + dt.timedelta(days=SPAN_DAYS)).year
    (dest / "agm").mkdir()
    for year in range(last_year - agm_count + 1, last_year + 1):
        (dest / "agm" / f"{year}.md").write_text(_agm(writer, year, agm_author), encoding="utf-8")

    (dest / "pages").mkdir()
    for slug, title in PAGES.items():
        body = "\n\n".join(writer.paragraph(120, 0.1)[0] for _ in range(3))
        summary = writer.sentence(16)
        (dest / "pages" / f"{slug}.md").write_text(
            f"Title: {title}\nSlug: {slug}\nSummary: {summary}\n\n{body}\n", encoding="utf-8"
        )
    return dest


def edit_one_post(dest: Path) -> Path:
    """Append a sentence to one post (the middle one), as an editor fixing a typo would; return its path."""
    posts = sorted(Path(dest).glob("blog/*/*.md"))
    target = posts[len(posts) // 2]
    with target.open("a", encoding="utf-8") as f:
        f.write("\nThis paragraph was added after the post was first published.\n")
    return target


def main(argv=None) -> int:
    """Command-line entry point: ``python bench/corpus.py DEST [--posts N] [--seed S]``."""
    parser = argparse.ArgumentParser(description="Write a synthetic content folder for the benchmarks.")
    parser.add_argument("dest", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--agm", type=int, default=5)
    args = parser.parse_args(argv)
    generate(args.dest, args.posts, args.seed, args.agm)
    print(f"wrote {args.posts} posts to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
