"""The browser editor at /admin/, driven in Chromium against the local backend (decap-server) on a copy of content/."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, require_tool, run_build

pytestmark = pytest.mark.browser

SERVER = ROOT / "plugins" / "editor" / "files_server.js"  # decap-server behind our rules, as ./dev edit runs it
POST = "content/blog/2017/a-seat-at-the-table-for-carers.md"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


class Editor:
    """A built site with the editor, served, and decap-server writing into a copy of the content folder."""

    def __init__(self, base, url, repo, output, backend):
        self.base, self.url, self.repo, self.output, self.backend = base, url, repo, output, backend

    def file(self, rel):
        return self.repo / rel

    def rebuild(self):
        return run_build(self.repo / "content", self.base / "rebuilt", EDITOR={"local_backend": self.backend})

    def run_checker(self, *args):
        """Run the editorial checker over this copy of the content, as `./dev check` does; return the finished run."""
        return subprocess.run(
            [sys.executable, "-m", "inmind.check", "--settings", str(ROOT / "pelicanconf.py"), "--path",
             str(self.repo / "content"), *args],
            capture_output=True, text=True, cwd=ROOT, timeout=300,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])},
        )

    def problems(self, path, *flags):
        """Return the checker's problems with one saved file (its JSON), once it has passed."""
        checked = self.run_checker("--format", "json", *flags, str(path))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        return json.loads(checked.stdout)


@pytest.fixture(scope="module")
def editor(tmp_path_factory, chromium_path):
    """Build a copy of the sample content, serve it, and run decap-server (bound to 127.0.0.1) on that copy."""
    require_tool((ROOT / "node_modules" / "decap-server").is_dir(), "decap-server (npm package, installed by ./dev test)")
    require_tool(shutil.which("node"), "node (nodejs)")
    from inmind.livereload import Status
    from inmind.serve import check_file, serve

    base = tmp_path_factory.mktemp("editor")
    repo = base / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    port = free_port()
    backend = f"http://127.0.0.1:{port}/api/v1"
    site = run_build(repo / "content", base / "output", EDITOR={"local_backend": backend})
    assert site.status == 0, site.messages
    # The dev server's own handler, with the editor's checks endpoint, as `./dev edit` runs it.
    server = serve(site.output, "127.0.0.1", 0, Status())
    overrides = {"PATH": str(repo / "content"), "CACHE_PATH": str(base / "cache")}
    server.RequestHandlerClass.checker = staticmethod(lambda rel: check_file(ROOT / "pelicanconf.py", overrides, rel))
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(repo), "MODE": "fs",
           "LOG_LEVEL": "warn", "INMIND_EDITOR_FOLDER": "content", "INMIND_EDITOR_PAGE_PORT": str(server.server_address[1])}
    files = subprocess.Popen(["node", str(SERVER)], env=env, cwd=base)
    try:
        wait_for_port(port)
        yield Editor(base, f"http://127.0.0.1:{server.server_address[1]}", repo, site.output, backend)
    finally:
        server.shutdown()
        files.terminate()
        files.wait(timeout=10)


def sign_in(pg, editor):
    """Open /admin/ and sign in to the local backend, as an officer does; return once the collections are listed."""
    pg.goto(f"{editor.url}/admin/")
    pg.get_by_role("button", name="Login").click()
    pg.get_by_text("Blog posts").first.wait_for()


def _decap_update_loop(message):
    """Return True for React's "maximum update depth" error (#185), which Decap's own code logs now and then.

    Decap 3.16.3 logged it while redrawing a form in three CI runs under load over two sessions, never locally, and
    carried on: in each, the entry was saved as the test expected and every check of the file passed. React stops
    the loop itself. It is kept apart (``admin.decap_loops``) rather than failing the test; any other page error
    still does, and so does anything wrong in what the editor wrote.
    """
    return message.startswith("Minified React error #185;")


@pytest.fixture
def admin(browser, editor):
    """The editor, signed in to the local backend; records page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors, pg.decap_loops = [], []
    pg.on("pageerror", lambda e: (pg.decap_loops if _decap_update_loop(str(e)) else pg.errors).append(str(e)))
    pg.on("response", lambda r: pg.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    # Nothing the editor loads may come from another site (Decap as shipped, with our configuration).
    pg.on("request", lambda r: pg.errors.append(f"request to another site: {r.url}")
          if r.url.startswith(("http:", "https:")) and urlsplit(r.url).hostname != "127.0.0.1" else None)
    sign_in(pg, editor)
    yield pg
    context.close()


def open_entry(pg, editor, path):
    slug = path.removeprefix("content/blog/").removesuffix(".md")
    pg.goto(f"{editor.url}/admin/#/collections/blog/entries/{slug}")
    pg.get_by_label("Summary").wait_for()


def publish(pg):
    pg.get_by_role("button", name="Publish").first.click()
    pg.get_by_text("Publish now").click()


# The local backend's actions that write a file (decap-server reads a JSON body {"action": ..., "params": ...}).
WRITES = re.compile(r'"action":\s*"(?:persist|publish|update|delete)\w*"')


def publish_refused(pg, says=None, unsaved=None):
    """Press Publish and return once Decap has refused the save, having sent nothing to the backend to write.

    A refused save rejects its promise (an uncaught error on the page): that is the moment the save has ended, so
    the file can be checked then, with no pause to guess at. With ``says``, the refusal's words are awaited on the
    page; with ``unsaved``, the file the save would have made must not exist.
    """
    sent = []

    def saving(request):
        if request.method == "POST" and WRITES.search(request.post_data or ""):
            sent.append(request.url)

    pg.on("request", saving)
    try:
        with pg.expect_event("pageerror"):
            publish(pg)
    finally:
        pg.remove_listener("request", saving)
    assert not sent, f"the refused save was sent to {sent}"
    if says is not None:
        pg.get_by_text(says).first.wait_for()
    if unsaved is not None:
        assert not unsaved.exists(), f"{unsaved} was saved"


# True once the page has looked the same (as many elements, the same size, scrolled the same) for ten frames in a row.
_STILL = """() => {
  const all = document.querySelectorAll('*');
  let scrolled = 0;
  for (const e of all) scrolled += e.scrollTop + e.scrollLeft;
  const now = [all.length, document.documentElement.scrollWidth, document.documentElement.scrollHeight, scrolled].join();
  const s = window.__inmindStill;
  window.__inmindStill = {last: now, same: s && s.last === now ? s.same + 1 : 0};
  return window.__inmindStill.same >= 10;
}"""


def settled(pg):
    """Wait until the page has stopped changing (Decap draws a screen in several steps), not for a set time."""
    pg.evaluate("() => { window.__inmindStill = null; }")
    pg.wait_for_function(_STILL, polling="raf")


def wait_for_change(path, before, timeout=15):
    """Return the file's new bytes once they differ from ``before`` and have stopped changing (a write is not atomic)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        now = path.read_bytes() if path.exists() else None
        if now is not None and now != before and now == last:
            return now
        last = now
        time.sleep(0.3)
    raise AssertionError(f"{path} was not saved")


def test_changing_one_word_changes_one_word_in_the_file(admin, editor):
    path = editor.file(POST)
    before = path.read_bytes()
    open_entry(admin, editor, POST)
    summary = admin.get_by_label("Summary")
    assert "explains" in summary.input_value()
    summary.fill(summary.input_value().replace("explains", "describes"))
    publish(admin)
    after = wait_for_change(path, before)
    words = [d for d in difflib.ndiff(before.decode().split(" "), after.decode().split(" ")) if d[:1] in "+-"]
    assert words == ["- explains", "+ describes"]
    assert after == before.replace(b"explains", b"describes", 1)
    assert not admin.errors
    path.write_bytes(before)


def test_a_new_post_goes_into_the_folder_of_its_dates_year_not_this_years(admin, editor):
    # Decap's {{year}} is today's year unless the date is its own datetime widget: a 2019 post went into blog/2026/.
    new_post(admin, editor, "Looking back at the garden")
    admin.get_by_label("Date", exact=True).fill("2019-06-03T09:00")
    publish(admin)
    path = editor.file("content/blog/2019/looking-back-at-the-garden.md")
    try:
        assert "\nDate: 2019-06-03 09:00\n" in wait_for_change(path, None).decode()
        assert not editor.file("content/blog/2026/looking-back-at-the-garden.md").exists()
    finally:
        path.unlink()
    assert not admin.errors, admin.errors


@pytest.mark.parametrize(("collection", "title", "name"), [
    ("blog", "What the carers\u2019 café gave me: Señora Ñúñez’s «story»",
     "blog/2026/what-the-carers-cafe-gave-me-senora-nunez-s-story.md"),
    ("transcripts", "Transcript: Our carers' café", "transcripts/transcript-our-carers-cafe.md"),
])
def test_a_new_files_name_is_plain_letters_numbers_and_hyphens(admin, editor, collection, title, name):
    # "What the carers' café gave me" was saved as what-the-carers-café-gave-me.md, a name some computers spell
    # two ways (é as one character or as e and an accent), so git could hold it twice.
    folder = editor.file(f"content/{name}").parent
    if collection == "blog":
        new_post(admin, editor, title)
    else:
        admin.goto(f"{editor.url}/admin/#/collections/{collection}/new")
        admin.get_by_label(re.compile(r"^Title\b")).fill(title)
        admin.locator("[aria-label='markdown field'] [contenteditable=true]").click()
        admin.keyboard.type("Sam: Welcome to the café.")
    before = set(folder.glob("*.md"))
    publish(admin)
    deadline = time.monotonic() + 15
    while not (made := set(folder.glob("*.md")) - before) and time.monotonic() < deadline:
        time.sleep(0.2)
    try:
        assert [p.relative_to(editor.file("content")).as_posix() for p in made] == [name]
        assert re.fullmatch(r"[a-z0-9-]+\.md", next(iter(made)).name)
    finally:
        for path in made:
            path.unlink()
    assert not admin.errors, admin.errors


def test_a_transcript_written_in_the_editor_is_offered_to_the_post_at_once(admin, editor):
    # The post's Transcript list was made when the site was built: a transcript just written was not in it.
    transcript = editor.file("content/transcripts/transcript-planting-day.md")
    admin.goto(f"{editor.url}/admin/#/collections/transcripts/new")
    admin.get_by_label(re.compile(r"^Title\b")).fill("Transcript: Planting day")
    admin.locator("[aria-label='markdown field'] [contenteditable=true]").click()
    admin.keyboard.type("Rachel: This is the ward garden on planting day.")
    publish(admin)
    path = editor.file("content/blog/2026/planting-day-on-the-ward.md")
    try:
        wait_for_change(transcript, None)
        # A new post from a freshly loaded editor, as an officer coming back to it. Going straight on from the
        # transcript's save, Decap once logged React error 185 (an update loop in its own code) in a CI run under
        # load, where a new form is redrawn after it is first drawn (new_post). The site is not rebuilt meanwhile,
        # so the transcript is still offered only because the Transcript box reads the collection live.
        admin.reload()
        admin.get_by_label(re.compile(r"^Title\b")).wait_for()
        new_post(admin, editor, "Planting day on the ward")
        add_video(admin, "https://www.youtube.com/watch?v=q3VtR8xLk2A", "Planting day", "4:12")
        box(admin, "Transcript").locator("input").first.fill("Planting")
        admin.get_by_role("option", name="Transcript: Planting day", exact=True).click()
        admin.get_by_role("option").first.wait_for(state="detached")  # chosen: the list has closed
        box(admin, "Transcript").get_by_text("Transcript: Planting day", exact=True).wait_for()
        publish(admin)
        text = wait_for_change(path, None).decode()
        assert "\nTranscript: transcripts/transcript-planting-day.md\n" in text
        assert not [p for p in editor.problems(path) if "transcript" in p["message"]], editor.problems(path)
    finally:
        path.unlink(missing_ok=True)
        transcript.unlink(missing_ok=True)
    assert not admin.errors, admin.errors


def test_a_saved_transcript_is_shown_by_its_title_and_kept_as_written(admin, editor):
    path = editor.file("content/agm/2017.md")
    before = path.read_bytes()
    admin.goto(f"{editor.url}/admin/#/collections/agm/entries/2017")
    box(admin, "Transcript").get_by_text(
        "Transcript: Chief Executive's message to the Annual General Meeting 2017", exact=True).wait_for()
    venue = admin.get_by_label("Venue", exact=True)
    venue.fill(venue.input_value() + ".")
    publish(admin)
    after = wait_for_change(path, before)
    try:
        # Only the Venue changed: the Transcript line is kept as it was written.
        assert after == before.replace(b"L9 5AS\n", b"L9 5AS.\n", 1)
    finally:
        path.write_bytes(before)
    assert not admin.errors, admin.errors


def test_the_list_of_posts_shows_each_posts_date(admin, editor):
    # The date box is our own widget, so Decap cannot work out {{year}} from it: the list read "Asked, not told (--)".
    admin.goto(f"{editor.url}/admin/#/collections/blog")
    admin.get_by_text("Asked, not told (2017-10-09 09:00)", exact=True).wait_for(timeout=15000)
    assert admin.get_by_text(re.compile(r"\(--\)")).count() == 0
    assert not admin.errors, admin.errors


def test_an_empty_summary_is_refused_in_the_checkers_words(admin, editor):
    path = editor.file(POST)
    before = path.read_bytes()
    open_entry(admin, editor, POST)
    admin.get_by_label("Summary").fill("")
    publish_refused(admin)
    admin.get_by_text("Summary: is empty").wait_for()
    assert path.read_bytes() == before


def box(pg, label):
    """The editor's control for the field labelled ``label`` (Decap's selects do not tie the label to the input)."""
    return pg.locator("div[aria-label$=' field']").filter(has=pg.locator(f"label:text-is('{label}')")).first


def choose(pg, label, *options):
    for option in options:
        box(pg, label).locator("input").first.fill(option)
        pg.keyboard.press("Enter")


def upload(pg, button, path):
    """Press a box's file button, give Decap's library ``path``, and choose it."""
    button.click()
    pg.set_input_files("input[type=file]", str(path))
    pg.get_by_role("button", name="Choose selected").click()


def blank_pdf(path):
    """Write a one-page blank PDF to ``path`` (a document the file vetting accepts); return the path."""
    import pikepdf

    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(path)
    return path


def add_picture(pg, picture, alt):
    md = add_component(pg, "Image")
    upload(pg, md.get_by_role("button", name="Choose an image").last, picture)
    if alt:
        md.get_by_label("Alt Text").last.fill(alt)


def add_component(pg, name):
    """Add one of the text's boxes ("Image", "Video", "Document (PDF, Word, Excel)"); return the text's field."""
    pg.get_by_role("button", name="Add Component").click()
    pg.get_by_role("menuitem", name=name).click()
    return pg.locator("[aria-label='markdown field']")


def add_video(pg, link, title, length):
    """Add a Video box to the post's text and fill it in; return the text's field."""
    md = add_component(pg, "Video")
    md.get_by_label("Link (from the video's Share button)").fill(link)
    md.get_by_label("Title", exact=True).fill(title)
    md.get_by_label("Length (m:ss)").fill(length)
    return md


def new_post(pg, editor, title):
    pg.goto(f"{editor.url}/admin/#/collections/blog/new")
    # Coming from another entry, Decap empties the new form a moment after drawing it: what was typed before then
    # (the title, the date) was lost. In CI runs under load that redraw now and then also logged React error 185
    # (an update loop in Decap's own code), so the new form is drawn by a fresh load of the editor.
    pg.reload()
    pg.get_by_label("Title", exact=True).wait_for()
    settled(pg)
    pg.get_by_label("Title", exact=True).fill(title)
    pg.get_by_label("Date", exact=True).fill("2026-05-14T09:00")
    choose(pg, "Author", "Rachel Nwosu")
    pg.get_by_label("Summary", exact=True).fill("How patients and staff grew a garden together on the ward.")
    choose(pg, "Themes", "Recovery", "Carers")
    pg.locator("[aria-label='markdown field'] [contenteditable=true]").click()
    pg.keyboard.type("We grew vegetables together on the ward, and learnt a lot from each other.")
    pg.keyboard.press("Enter")


@pytest.fixture
def picture(tmp_path):
    from PIL import Image

    path = tmp_path / "garden.png"
    Image.new("RGB", (40, 30), (30, 120, 60)).save(path)
    return path


def test_a_new_post_with_a_picture_a_video_and_two_themes(admin, editor, picture):
    new_post(admin, editor, "Our ward garden grows")
    add_video(admin, "https://www.youtube.com/watch?v=q3VtR8xLk2A", "Planting day", "4:12")
    add_picture(admin, picture, "Raised vegetable beds in the ward garden")
    publish(admin)
    path = editor.file("content/blog/2026/our-ward-garden-grows.md")
    assert wait_for_change(path, None).decode() == (
        "Title: Our ward garden grows\nDate: 2026-05-14 09:00\nAuthor: Rachel Nwosu\n"
        "Summary: How patients and staff grew a garden together on the ward.\nStatus: draft\nThemes: recovery, carers\n\n"
        "We grew vegetables together on the ward, and learnt a lot from each other.\n\n"
        "[video: Planting day | 4:12](https://www.youtube.com/watch?v=q3VtR8xLk2A)\n\n"
        "![Raised vegetable beds in the ward garden]({static}/images/garden.png)\n"
    )
    assert editor.file("content/images/garden.png").read_bytes() == picture.read_bytes()
    assert [p for p in editor.problems(path) if p["severity"] == "error"] == []
    site = editor.rebuild()
    assert site.status == 0, site.messages
    page = site.soup("drafts/our-ward-garden-grows/index.html")
    assert page.find("h1").get_text(strip=True) == "Our ward garden grows"
    assert page.find("img", alt="Raised vegetable beds in the ward garden")
    video = page.find("figure", class_="app-video")
    assert video and "Planting day" in video.get_text() and "youtube-nocookie.com/embed/q3VtR8xLk2A" in video["data-embed-src"]
    assert video.find("time", datetime="PT4M12S")
    assert {a.get_text(strip=True) for a in page.select("a[href*='themes/']")} >= {"Recovery", "Carers"}
    assert not admin.errors, admin.errors


def test_a_picture_without_alt_text_is_refused(admin, editor, picture):
    new_post(admin, editor, "A garden with no words")
    add_picture(admin, picture, "")
    publish_refused(admin, "has no alt text", editor.file("content/blog/2026/a-garden-with-no-words.md"))


def test_a_video_length_that_is_not_m_ss_is_refused_in_the_builds_words_before_saving(admin, editor):
    # "4.12" did not match the Video box's line, so the line fell back to text, was saved, and the build refused it.
    from video_embeds.source import not_a_length

    new_post(admin, editor, "A film about the carers group")
    md = add_video(admin, "https://youtu.be/q3VtR8xLk2A?si=Xy12abCDefGhIJkl", "Our carers' group", "4.12")
    path = editor.file("content/blog/2026/a-film-about-the-carers-group.md")
    publish_refused(admin, not_a_length("4.12"), path)
    admin.errors.clear()  # Decap rejects the refused save's promise: that is the refusal itself
    # Nothing typed is lost: the box still holds the length, and a right one saves.
    assert md.get_by_label("Length (m:ss)").input_value() == "4.12"
    md.get_by_label("Length (m:ss)").click()
    admin.keyboard.press("Control+A")  # fill() appends in a box inside the text (Decap's Slate keeps its own copy)
    admin.keyboard.type("4:12")
    publish(admin)
    assert "[video: Our carers' group | 4:12](https://youtu.be/q3VtR8xLk2A?si=Xy12abCDefGhIJkl)" in wait_for_change(
        path, None).decode()
    path.unlink()
    assert not admin.errors, admin.errors


def test_a_saved_line_with_a_wrong_length_opens_in_the_video_box_and_is_refused(admin, editor):
    messages = json.loads((editor.output / "admin/config.json").read_text(encoding="utf-8"))["messages"]
    for length in ("4.12", "four minutes", "4:7", ""):
        body = f"Text.\n\n[video: Planting day | {length}](https://www.youtube.com/watch?v=q3VtR8xLk2A)\n"
        said = admin.evaluate("([data, m]) => window.InMindAdmin.refusals(data, m)", [{"body": body}, messages])
        assert said == [f'"{length}" is not a video length; write minutes and seconds, such as 4:12 (or 1:02:03)'], said
        assert admin.evaluate("(line) => window.InMindAdmin.VIDEO_LINE.test(line)", body.splitlines()[2])
    for length in ("4:12", "1:02:03", "12:05"):
        body = f"[video: Planting | day | {length}](https://youtu.be/q3VtR8xLk2A)"
        assert admin.evaluate("([data, m]) => window.InMindAdmin.refusals(data, m)", [{"body": body}, messages]) == []


def test_a_guests_post_without_their_role_and_group_is_refused_before_saving(admin, editor):
    # The build refused a guest with no Role-group ("has an Author-role but no Role-group"): the officer learnt of it
    # only after saving, in a box naming the Author-role line.
    messages = json.loads((editor.output / "admin/config.json").read_text(encoding="utf-8"))["messages"]

    def refused(**data):
        return admin.evaluate("([data, m]) => window.InMindAdmin.refusals(data, m)", [{"body": "Text.", **data}, messages])

    role = "Author-role: is empty: Sam Taylor, a guest writer, needs their role, such as 'Carer'"
    group = "Role-group: is empty: Sam Taylor, a guest writer, needs the group they belong to"
    assert refused(guest=" Sam Taylor ") == [role, group]
    assert refused(guest="Sam Taylor", author_role="Carer") == [group]
    assert refused(guest="Sam Taylor", author_role="Carer", role_group="carer") == []
    assert refused(guest="  ", authors=["Rachel Nwosu"]) == []  # a writer on the list brings their own
    assert refused(authors=["Rachel Nwosu"], author_role="Ward manager") == []
    # In the form: refused with the reason, then saved once the group is chosen, and the build's checks agree.
    new_post(admin, editor, "What the carers' café gave me")
    box(admin, "Author").get_by_role("button", name=re.compile("Remove")).first.click()
    admin.get_by_label(re.compile(r"^Guest\b")).fill("Sam Taylor")
    admin.get_by_label(re.compile(r"^Author-role\b")).fill("Carer")
    admin.get_by_label(re.compile(r"^Consent\b")).fill("CF-2026-021")
    path = editor.file("content/blog/2026/what-the-carers-cafe-gave-me.md")
    publish_refused(admin, group, path)
    admin.errors.clear()  # Decap rejects the refused save's promise: that is the refusal itself
    choose(admin, "Role-group", "Carer")
    publish(admin)
    try:
        text = wait_for_change(path, None).decode()
        assert "\nAuthor: Sam Taylor\n" in text and "\nRole-group: carer\n" in text
        assert [p for p in editor.problems(path) if p["severity"] == "error"] == []
    finally:
        path.unlink(missing_ok=True)
    assert not admin.errors, admin.errors


def test_a_picture_without_alt_text_is_refused_in_the_forms_words(admin, editor):
    messages = json.loads((editor.output / "admin/config.json").read_text(encoding="utf-8"))["messages"]
    said = admin.evaluate("([data, m]) => window.InMindAdmin.refusals(data, m)",
                          [{"body": "Hello.\n\n![ ]({static}/images/garden.png)\n"}, messages])
    assert len(said) == 1 and said[0].startswith('the picture "garden.png" has no alt text: in its Alt Text box')
    assert "![" not in said[0] and "{static}" not in said[0]


def test_a_heic_photo_is_refused_in_plain_words_as_it_is_chosen_and_a_picture_still_goes_in(admin, editor, picture, tmp_path):
    # Decap dropped a HEIC photo from the library without a word: no upload, no message.
    heic = tmp_path / "IMG_0042.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(2000))
    said = []
    admin.on("dialog", lambda d: (said.append(d.message), d.dismiss()))
    new_post(admin, editor, "A photo from a phone")
    md = add_component(admin, "Image")
    md.get_by_role("button", name="Choose an image").last.click()
    with admin.expect_event("dialog"):  # the refusal is a dialog; the listener above reads and dismisses it
        admin.set_input_files("input[type=file]", str(heic))
    assert len(said) == 1, said
    assert said[0].startswith('"IMG_0042.HEIC" cannot be added: the site publishes pictures saved as .avif, .gif, .jpeg, .jpg')
    assert "Save the picture as a JPEG or PNG (an iPhone saves photos as HEIC" in said[0]
    assert not admin.get_by_text("IMG_0042.HEIC").count()
    # The post and the library are as they were: a picture of a kind the site publishes still goes in.
    assert box(admin, "Title").locator("input").first.input_value() == "A photo from a phone"
    fresh = tmp_path / "phone-garden.png"  # a name the library does not hold yet (Decap asks before replacing one)
    fresh.write_bytes(picture.read_bytes())
    admin.set_input_files("input[type=file]", str(fresh))
    admin.get_by_role("button", name="Choose selected").click()
    md.get_by_label("Alt Text").last.wait_for()
    assert len(said) == 1, said
    messages = json.loads((editor.output / "admin/config.json").read_text(encoding="utf-8"))["messages"]
    refusal = admin.evaluate("([n, m]) => window.InMindAdmin.uploadRefusal(n, m)", ["talk.MP4", messages])
    assert refusal.endswith("Put the video on YouTube or Vimeo and paste its link into the post on a line of its own.")
    for name in ("garden.JPG", "plan.svg", "photo.webp"):
        assert admin.evaluate("([n, m]) => window.InMindAdmin.uploadRefusal(n, m)", [name, messages]) is None
    assert not admin.errors, admin.errors


def test_a_pdf_added_to_the_text_goes_to_documents_and_the_build_names_its_kind_and_size(admin, editor, tmp_path):
    # Officers had no way to add a PDF: the picture library inserted it as a picture, which saving refused.
    # Then the Document box put it in content/images/: Decap gave a box inside the text the pictures' folder.
    report = blank_pdf(tmp_path / "annual-report-2026.pdf")
    said = []
    admin.on("dialog", lambda d: (said.append(d.message), d.dismiss()))
    new_post(admin, editor, "Our annual report is out")
    md = add_component(admin, "Document (PDF, Word, Excel)")
    upload(admin, md.get_by_role("button", name="Choose a file").last, report)
    path = editor.file("content/blog/2026/our-annual-report-is-out.md")
    # No link text yet: refused, and said where.
    publish_refused(admin, 'the document "annual-report-2026.pdf" has no link text: in its Link text box', path)
    admin.errors.clear()  # Decap rejects the refused save's promise: that is the refusal itself
    md.get_by_label("Link text").fill("Annual report 2025 to 2026")
    publish(admin)
    text = wait_for_change(path, None).decode()
    saved = editor.file("content/documents/annual-report-2026.pdf")
    try:
        assert "\n[Annual report 2025 to 2026]({static}/documents/annual-report-2026.pdf)\n" in text
        assert saved.read_bytes() == report.read_bytes()
        assert not editor.file("content/images/annual-report-2026.pdf").exists()
        assert not said
        # `./dev check --publish` passes the post and its document.
        checked = editor.run_checker("--settings", str(ROOT / "publishconf.py"), "--fatal-warnings", str(path))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        site = editor.rebuild()
        assert site.status == 0, site.messages
        link = site.soup("drafts/our-annual-report-is-out/index.html").find("a", href=re.compile(r"annual-report-2026\.pdf$"))
        assert re.fullmatch(r"Annual report 2025 to 2026 \(PDF, [\d.]+ KB\)", link.get_text(" ", strip=True)), link
        # Opened again, the line is the Document box, not text.
        admin.goto(f"{editor.url}/admin/#/collections/blog/entries/2026/our-annual-report-is-out")
        admin.get_by_label("Link text").wait_for()
        assert admin.get_by_label("Link text").input_value() == "Annual report 2025 to 2026"
    finally:
        path.unlink()
        saved.unlink(missing_ok=True)
        editor.file("content/images/annual-report-2026.pdf").unlink(missing_ok=True)
    assert not admin.errors, admin.errors


def test_an_agm_summarys_minutes_are_uploaded_to_documents_and_a_bare_file_name_is_refused(admin, editor, tmp_path):
    # The Annual-report and Minutes boxes took any text: "annual-report-2026.pdf" was saved and the build refused it.
    from agm.model import URL_HINT

    minutes = blank_pdf(tmp_path / "agm-minutes-2025.pdf")
    typed = ["annual-report-2025.pdf"]
    admin.on("dialog", lambda d: d.accept(typed[0]) if d.type == "prompt" else d.dismiss())
    admin.goto(f"{editor.url}/admin/#/collections/agm/new")
    admin.get_by_label("Title", exact=True).fill("Annual General Meeting 2025")
    admin.get_by_label("Date", exact=True).fill("2025-09-25T14:00")
    choose(admin, "Author", "Communications Team")
    admin.get_by_label("Summary", exact=True).fill("What happened at our 2025 Annual General Meeting.")
    admin.locator("[aria-label='markdown field'] [contenteditable=true]").click()
    admin.keyboard.type("About 120 people came to the meeting.")
    publish_refused(admin)  # no Venue: the AGM plugin refuses that, so the editor does too
    admin.get_by_text("Venue: is empty").wait_for()
    admin.errors.clear()
    admin.get_by_label("Venue", exact=True).fill("The Life Rooms, Walton")
    upload(admin, box(admin, "Minutes").get_by_role("button", name="Choose a file"), minutes)
    box(admin, "Annual-report").get_by_role("button", name="Insert from URL").click()
    path = editor.file("content/agm/2025.md")
    publish_refused(admin, f"Annual-report: {URL_HINT}", path)
    admin.errors.clear()  # Decap rejects the refused save's promise: that is the refusal itself
    typed[0] = "https://www.example.nhs.uk/annual-report-2025.pdf"
    box(admin, "Annual-report").get_by_role("button", name="Replace with URL").click()
    publish(admin)
    text = wait_for_change(path, None).decode()
    try:
        assert "\nMinutes: {static}/documents/agm-minutes-2025.pdf\n" in text
        assert "\nAnnual-report: https://www.example.nhs.uk/annual-report-2025.pdf\n" in text
        assert editor.file("content/documents/agm-minutes-2025.pdf").read_bytes() == minutes.read_bytes()
        said = _checker_says(editor, "content/agm/2025.md")
        assert "error" not in said, said
    finally:
        path.unlink()
        editor.file("content/documents/agm-minutes-2025.pdf").unlink()
    assert not admin.errors, admin.errors


@pytest.mark.parametrize("width", [375, 1280])
def test_a_refused_save_says_not_saved_and_its_reasons_stay_until_the_next_save(browser, editor, picture, width):
    # Decap's toast read "Failed to persist entry: Error: ..." and went after 8 seconds.
    context = browser.new_context(viewport={"width": width, "height": 812})
    pg = context.new_page()
    try:
        sign_in(pg, editor)
        new_post(pg, editor, f"Words for a picture {width}")
        add_picture(pg, picture, "")
        publish(pg)
        box_ = pg.locator("#inmind-refusal[role=alert]")
        box_.get_by_text('the picture "garden.png" has no alt text').wait_for()
        assert box_.locator("h2").inner_text() == "Not saved: fix this first"
        toast = pg.get_by_text(re.compile(r"^Not saved: the picture \"garden\.png\" has no alt text")).first
        toast.wait_for()
        assert not pg.get_by_text(re.compile("Failed to persist|Error: the picture")).count()
        _fits(pg, f"the refusal at {width} px")
        # Decap's "UNSAVED CHANGES" and Publish button were 4.0:1 and 3.0:1 while a post has unsaved changes.
        assert pg.get_by_text("Unsaved changes", exact=False).first.evaluate("e => getComputedStyle(e).color") == "rgb(138, 21, 56)"
        assert pg.get_by_role("button", name="Publish").first.evaluate("e => getComputedStyle(e).backgroundColor") in (
            "rgb(0, 94, 184)", "rgb(0, 48, 135)")
        toast.wait_for(state="hidden")  # Decap's toast goes by itself after a few seconds; the reasons stay
        assert box_.is_visible()
        ids = axe_ids(pg)
        assert set(ids) <= set(DECAP_VIOLATIONS["editor"]), {k: [(n["target"], n["any"][0]["message"] if n["any"] else "")
                                                                  for n in v["nodes"]] for k, v in ids.items()}
        pg.locator("[aria-label='markdown field']").get_by_label("Alt Text").last.fill("A green square")
        publish(pg)
        box_.wait_for(state="detached")
        path = editor.file(f"content/blog/2026/words-for-a-picture-{width}.md")
        wait_for_change(path, None)
        path.unlink()
    finally:
        context.close()


# --- accessibility: Decap's own markup has known faults; ours must have none --------------------------

# axe-core rules that Decap CMS 3.16.3 itself breaks, in markup we cannot change without patching it (the
# README lists them). Any other rule failing is ours (the page, the config's labels and hints) and fails.
DECAP_VIOLATIONS = {
    "sign-in": {},
    # The grey collection links, Media button and Sort by were 3.4:1 to 3.9:1; inmind-admin.css darkens them.
    "list": {},
    "editor": {
        "aria-input-field-name": "the rich-text editor's text box has no name",
        # The Rich Text / Markdown switch had no aria-checked and no name: inmind-admin.js gives it both.
        "nested-interactive": "the toolbar's heading and component menus nest a button in a button",
    },
}


def axe_ids(pg):
    from conftest import run_axe

    return {v["id"]: v for v in run_axe(pg)}


def test_axe_on_the_editor_reports_only_decaps_known_faults(browser, admin, editor):
    found = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in = context.new_page()
    sign_in.goto(f"{editor.url}/admin/")
    sign_in.get_by_role("button", name="Login").wait_for()
    found["sign-in"] = axe_ids(sign_in)
    context.close()
    found["list"] = axe_ids(admin)
    open_entry(admin, editor, POST)
    admin.locator("#preview-pane[title]").wait_for(state="attached")
    found["editor"] = axe_ids(admin)
    for view, ids in found.items():
        assert set(ids) <= set(DECAP_VIOLATIONS[view]), (view, {k: [n["target"] for n in v["nodes"]] for k, v in ids.items()})
    # The preview frame's missing title is Decap's too, but inmind-admin.js names it: ours now.
    assert "frame-title" not in found["editor"]


def test_the_rich_text_markdown_switch_is_named_and_says_which_mode_is_on(admin, editor):
    open_entry(admin, editor, POST)
    switch = admin.get_by_role("switch", name="Markdown", exact=True)
    switch.wait_for()
    assert switch.count() == 1 and switch.get_attribute("aria-checked") == "false"
    assert not admin.locator('[class*="-RawEditorContainer"]').count()
    for mode in ("true", "false", "true"):
        switch.click()
        # Decap draws the other editor (and a new switch) for the mode: the name and the state follow it.
        admin.locator(f'[role="switch"][aria-label="Markdown"][aria-checked="{mode}"]').wait_for()
        assert admin.locator('[class*="-RawEditorContainer"]').count() == (1 if mode == "true" else 0)
        assert switch.count() == 1
    # Decap remembers the mode: a post opened afterwards starts in Markdown, and its switch says so at once.
    open_entry(admin, editor, "content/blog/2019/growing-a-ward-garden-together.md")
    admin.locator('[class*="-RawEditorContainer"]').wait_for()
    assert admin.get_by_role("switch", name="Markdown", exact=True).get_attribute("aria-checked") == "true"


def test_the_list_darkens_decaps_grey_links_and_keeps_the_current_one_blue(admin):
    # inmind-admin.css: the other collections, Media and Sort by in NHS dark grey (axe above holds them to 4.5:1);
    # the current collection and screen keep Decap's blue, so where you are still shows, and pointing turns blue.
    def color(locator):
        return locator.evaluate("el => getComputedStyle(el).color")

    dark, blue = "rgb(76, 98, 114)", "rgb(58, 105, 199)"
    current = admin.locator('[class*="-SidebarNavLink"][aria-current="page"]')
    others = admin.locator('[class*="-SidebarNavLink"]:not([aria-current="page"])')
    assert current.count() == 1 and others.count() >= 3
    assert color(current) == blue and {color(others.nth(i)) for i in range(others.count())} == {dark}
    assert color(admin.locator('[class*="-AppHeaderButton"][aria-current="page"]')) == blue
    assert color(admin.get_by_role("button", name="Media")) == dark
    assert color(admin.get_by_text("Sort by")) == dark
    others.first.hover()
    assert color(others.first) != dark


def test_the_checks_for_the_open_file_are_shown_in_plain_words(admin, editor):
    rel = "content/blog/2019/a-quick-note.md"
    editor.file(rel).write_text(
        "Title: A quick note\nDate: 2019-03-01 09:00\nAuthor: Rachel Nwosu\nSummary: A short note.\n\n"
        "Read the garden story [here](https://example.org/garden).\n", encoding="utf-8")
    try:
        admin.goto(f"{editor.url}/admin/#/collections/blog/entries/2019/a-quick-note")
        panel = admin.locator("#inmind-problems")
        panel.get_by_text("worth a look").first.wait_for()
        text = panel.inner_text()
        assert "blog/2019/a-quick-note.md" in text and "Line 6 (Text): worth a look: the link text" in text
        assert "What to do: say what the reader will find" in text and "[link-text]" not in text
        admin.goto(f"{editor.url}/admin/#/collections/blog")
        panel.wait_for(state="detached")
    finally:
        editor.file(rel).unlink()


def test_the_checks_panel_names_the_box_to_fix_not_only_a_line_the_form_does_not_show(admin, editor):
    # "Line 3: ... has no Consent: line" sent officers looking for a line 3 in a form with no line numbers.
    rel = "content/blog/2019/a-carers-note.md"
    editor.file(rel).write_text(
        "Title: A carer's note\nDate: 2019-03-01 09:00\nAuthor: Maureen Costigan\nSummary: A short note.\n"
        "Themes: carers,\n  recovery\n\nA first line.\n\nRead the garden story [here](https://example.org/garden).\n",
        encoding="utf-8")
    try:
        admin.goto(f"{editor.url}/admin/#/collections/blog/entries/2019/a-carers-note")
        panel = admin.locator("#inmind-problems")
        panel.get_by_text("Line 10 (Text): worth a look: the link text").wait_for()
        assert "Line 3 (Consent): worth a look: this post is by a writer outside" in panel.inner_text()
    finally:
        editor.file(rel).unlink()
    lines = admin.evaluate("""(text) => window.InMindProblems.fieldLines(text, {fields: [
        {key: "title", label: "Title"}, {key: "author", label: "Author", aliases: ["authors"]},
        {key: "themes", label: "Themes"}, {key: "annual-report", label: "Annual-report"},
        {key: "annual-report-title", label: "Annual-report-title"}]})""",
        "Title: T\nAuthors: A, B\nThemes: a,\n  b\nTags: x\n\nBody\n")
    assert lines["lines"] == {"1": "Title", "2": "Author", "3": "Themes", "4": "Themes", "5": "Tags"}
    assert lines["headerEnd"] == 5 and lines["labels"][0] == "Annual-report-title"
    said = admin.evaluate("([p, f]) => window.InMindProblems.boxFor(p, f)",
                          [{"line": 7, "message": "Annual-report-title: is given but there is no Annual-report: link"}, lines])
    assert said == "Annual-report-title"
    assert admin.evaluate("([p, f]) => window.InMindProblems.boxFor(p, f)", [{"line": 7, "message": "x"}, lines]) == "Text"


def test_on_a_phone_the_checks_panel_starts_folded_to_its_title_and_opens_on_request(browser, editor):
    # Unfolded, the panel covered the lower half of a 375 px screen (the Date's Now button, the Author box).
    rel = "content/blog/2019/a-folded-note.md"
    editor.file(rel).write_text(
        "Title: A folded note\nDate: 2019-03-01 09:00\nAuthor: Rachel Nwosu\nSummary: A short note.\n\n"
        "Read the garden story [here](https://example.org/garden).\n", encoding="utf-8")
    context = browser.new_context(viewport={"width": 375, "height": 812})
    pg = context.new_page()
    try:
        sign_in(pg, editor)
        pg.goto(f"{editor.url}/admin/#/collections/blog/entries/2019/a-folded-note")
        panel = pg.locator("#inmind-problems")
        title = panel.locator("summary")
        title.wait_for()
        assert title.inner_text() == "Checks: 1 thing to look at"
        assert not panel.get_by_text("worth a look").first.is_visible()
        assert panel.bounding_box()["height"] <= 60
        _fits(pg, "the folded panel at 375 px")
        title.focus()
        pg.keyboard.press("Enter")
        panel.get_by_text("Line 6 (Text): worth a look: the link text").wait_for()
        assert panel.bounding_box()["height"] <= 812 * 0.6 + 1
        # A save redraws the panel: it stays as the officer left it.
        summary = pg.get_by_label("Summary")
        summary.fill("A short note, changed.")
        drawn = panel.locator("details").element_handle()
        publish(pg)
        pg.wait_for_function("(old) => !old.isConnected", arg=drawn)  # the panel drawn again after the save
        assert panel.get_by_text("Line 6 (Text): worth a look").is_visible()
        title.click()
        assert not panel.get_by_text("worth a look").first.is_visible()
    finally:
        context.close()
        editor.file(rel).unlink()


IMPOSSIBLE = "content/blog/2026/a-date-that-is-not.md"


def _checker_says(editor, rel):
    """The editorial checker's messages for one file of the editor's copy, as `./dev check --file` prints them."""
    result = editor.run_checker(str(editor.file(rel)))
    return result.stdout + result.stderr


def test_an_impossible_date_in_a_file_is_refused_in_the_checkers_words_not_moved(admin, editor):
    path = editor.file(IMPOSSIBLE)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Title: A date that is not\nDate: 2026-11-31 09:00\nAuthor: Rachel Nwosu\n"
                    "Summary: A post with a day November does not have.\nStatus: draft\n\nSome words.\n", encoding="utf-8")
    before = path.read_bytes()
    message = "there is no 31 November 2026: November 2026 has 30 days"
    try:
        admin.goto(f"{editor.url}/admin/#/collections/blog/entries/2026/a-date-that-is-not")
        admin.get_by_label("Summary").wait_for()
        date = box(admin, "Date")
        date.get_by_text(f"Date: {message}").wait_for()  # as the file opens, in the field's own box
        assert admin.get_by_label("Date", exact=True).input_value() == ""  # never 2026-12-01
        summary = admin.get_by_label("Summary")
        summary.fill(summary.input_value() + " Changed.")
        assert not admin.errors
        publish_refused(admin)
        assert path.read_bytes() == before
        admin.errors.clear()  # Decap rejects a refused save with an empty error of its own (as for a missing Summary)
        assert f"a-date-that-is-not.md:2: error: {message} [date-invalid]" in _checker_says(editor, IMPOSSIBLE)
        # A real date chosen in the box is saved in the file's form, and the message goes.
        admin.get_by_label("Date", exact=True).fill("2026-11-30T09:00")
        date.get_by_text(f"Date: {message}").wait_for(state="detached")
        publish(admin)
        assert b"\nDate: 2026-11-30 09:00\n" in wait_for_change(path, before)
    finally:
        path.unlink()
    assert not admin.errors


# Month first: headless Chromium lays its picker out the US way whatever the locale (31 November, 29 February 2027).
@pytest.mark.parametrize("typed", ["11312026", "02292027"])
def test_an_impossible_date_typed_in_the_picker_is_refused_not_moved(browser, editor, typed):
    path = editor.file(POST)
    before = path.read_bytes()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    try:
        sign_in(pg, editor)
        open_entry(pg, editor, POST)
        field = pg.get_by_label("Date", exact=True)
        was = field.input_value()
        assert was
        field.click(position={"x": 12, "y": 10})  # its first part
        pg.keyboard.type(typed)
        assert field.evaluate("(e) => e.validity.badInput")
        date = box(pg, "Date")
        date.get_by_text("Date: this is not a date that exists: check the day, the month and the year").wait_for()
        summary = pg.get_by_label("Summary")
        summary.fill(summary.input_value() + " Changed.")
        publish_refused(pg)
        assert path.read_bytes() == before
        assert field.input_value() == ""  # what was typed stays in the box: never turned into another day
    finally:
        context.close()


# --- screenshots for docs/editing.md ---------------------------------------------------------------------------
# `./dev editor-screenshots` runs this with INMIND_GUIDE_SCREENSHOTS=docs/images/editing, so the guide's
# pictures are taken from the real editor; otherwise they go to a temporary folder and are only checked.


# The guide's pictures are PNGs of a few hundred colours at most: kept to a palette, they are a third the size.
GUIDE_COLOURS = 256
# A note with a link that says "here", so the checks box has something to show.
GUIDE_NOTE = ("Title: Our garden open day\nDate: 2019-03-01 09:00\nAuthor: Rachel Nwosu\n"
              "Summary: The ward garden is open to visitors on Saturday.\n\n"
              "Read the garden story [here](https://example.org/garden).\n")


def small_png(path):
    """Rewrite a screenshot as a palette PNG (optimised), which is how the guide's pictures are kept."""
    from PIL import Image

    with Image.open(path) as shot:
        palette = shot.convert("RGB").quantize(GUIDE_COLOURS, method=Image.Quantize.MEDIANCUT,
                                               dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def test_guide_screenshots(browser, editor, picture, tmp_path):
    folder = Path(os.environ.get("INMIND_GUIDE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    report = blank_pdf(tmp_path / "annual-report-2026.pdf")
    shots = []
    context = browser.new_context(viewport={"width": 1100, "height": 760})
    pg = context.new_page()

    def shot(name, locator=None, page=None):
        target = folder / f"{name}.png"
        settled(page or pg)
        (locator or page or pg).screenshot(path=str(target))
        small_png(target)
        shots.append(target)

    pg.goto(f"{editor.url}/admin/")
    pg.get_by_role("button", name="Login").wait_for()
    shot("01-sign-in")
    pg.get_by_role("button", name="Login").click()
    pg.get_by_text("Blog posts").first.wait_for()
    shot("02-posts")
    new_post(pg, editor, "Our ward garden grows")
    pg.get_by_label("Title", exact=True).scroll_into_view_if_needed()
    shot("03-new-post")
    assert pg.get_by_label("Date", exact=True).input_value() == "2026-05-14T09:00"
    shot("04-date", box(pg, "Date"))
    md = pg.locator("[aria-label='markdown field']")
    md.scroll_into_view_if_needed()
    pg.get_by_role("button", name="Add Component").click()
    pg.get_by_role("menuitem", name="Video").wait_for()
    shot("05-add-component")
    pg.get_by_role("menuitem", name="Video").click()
    md.get_by_label("Link (from the video's Share button)").fill("https://www.youtube.com/watch?v=q3VtR8xLk2A")
    md.get_by_label("Title", exact=True).fill("Planting day")
    md.get_by_label("Length (m:ss)").fill("4:12")
    md.get_by_label("Length (m:ss)").blur()
    md.get_by_label("Length (m:ss)").scroll_into_view_if_needed()
    shot("06-video")
    add_picture(pg, picture, "Raised vegetable beds in the ward garden")
    md.get_by_label("Alt Text").last.blur()
    md.get_by_label("Alt Text").last.scroll_into_view_if_needed()
    shot("07-picture")
    add_component(pg, "Document (PDF, Word, Excel)")
    upload(pg, md.get_by_role("button", name="Choose a file").last, report)
    md.get_by_label("Link text").fill("Annual report 2025 to 2026")
    md.get_by_label("Link text").blur()
    md.get_by_text("{static}/documents/annual-report-2026.pdf").wait_for()  # where the guide says it goes
    md.get_by_label("Link text").scroll_into_view_if_needed()
    shot("11-document")
    consent = pg.get_by_label(re.compile(r"^Consent\b"))
    consent.fill("CF-26-14")
    pg.get_by_label(re.compile(r"^Content-note\b")).fill("This post talks about self-harm.")
    pg.get_by_role("button", name="Publish").first.click()
    pg.get_by_text("Publish now").click()
    pg.get_by_text("is not a consent reference like CF-YYYY-NNN").first.wait_for()
    consent.scroll_into_view_if_needed()
    pg.mouse.move(250, 400)
    pg.mouse.wheel(0, -150)  # the label line, which carries the refusal, above the box
    shot("10-consent")
    consent.click()
    pg.keyboard.press("Control+A")
    pg.keyboard.type("CF-2026-014")
    pg.get_by_label("Summary", exact=True).fill("")
    pg.get_by_role("button", name="Publish").first.click()
    pg.get_by_text("Publish now").wait_for()
    shot("08-publish")
    pg.get_by_text("Publish now").click()
    pg.get_by_text("Summary: is empty").wait_for()
    pg.get_by_text("Summary: is empty").scroll_into_view_if_needed()
    pg.wait_for_function("() => !document.querySelector('.Toastify__toast')")  # Decap's toast, gone by itself
    shot("09-refused")
    # The checks box, on a computer and on a phone (where it starts folded).
    rel = "content/blog/2019/our-garden-open-day.md"
    editor.file(rel).write_text(GUIDE_NOTE, encoding="utf-8")
    phone = browser.new_context(viewport={"width": 375, "height": 812})
    try:
        pg.close()  # the refused post is left unsaved
        pg = context.new_page()
        pg.goto(f"{editor.url}/admin/#/collections/blog/entries/2019/our-garden-open-day")
        pg.locator("#inmind-problems").get_by_text("Line 6 (Text): worth a look").wait_for()
        shot("12-checks")
        small = phone.new_page()
        sign_in(small, editor)
        small.goto(f"{editor.url}/admin/#/collections/blog/entries/2019/our-garden-open-day")
        small.locator("#inmind-problems summary").wait_for()
        assert small.locator("#inmind-problems summary").inner_text() == "Checks: 1 thing to look at"
        shot("13-checks-phone", page=small)
        small.locator("#inmind-problems summary").click()
        small.locator("#inmind-problems").get_by_text("Line 6 (Text): worth a look").wait_for()
        shot("14-checks-phone-open", page=small)
    finally:
        editor.file(rel).unlink()
        phone.close()
        context.close()
    assert all(2000 < p.stat().st_size < 80_000 for p in shots), {p.name: p.stat().st_size for p in shots}
    # The guide shows exactly the pictures taken here: none left over from an older editor, none missing.
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    assert sorted(re.findall(r"\(images/editing/([\w-]+\.png)\)", guide)) == sorted(p.name for p in shots)
    assert sorted(p.name for p in (ROOT / "docs" / "images" / "editing").glob("*.png")) == sorted(p.name for p in shots)


def test_a_file_the_editor_cannot_read_is_shown_read_only_and_never_overwritten(admin, editor):
    rel = "content/blog/2019/pasted-from-word.md"
    raw = b"Title: Pasted\nDate: 2019-03-01 09:00\nSummary: x\n\nPK\x03\x04\x00\x00 word document bytes\n"
    editor.file(rel).write_bytes(raw)
    try:
        admin.goto(f"{editor.url}/admin/#/collections/blog/entries/2019/pasted-from-word")
        frame = admin.frame_locator("#preview-pane")
        frame.get_by_text("This file cannot be edited here").wait_for()
        assert "not plain text saved as UTF-8" in frame.locator("[role=alert]").inner_text()
        admin.get_by_label("Title", exact=True).fill("Pasted again")
        publish_refused(admin)
        # Refused: with no fields read, the required ones are empty, and saving such a file always fails.
        admin.get_by_text("Date: is empty").wait_for()
        admin.locator("#inmind-problems").get_by_text("this is not a text file").wait_for()
        assert editor.file(rel).read_bytes() == raw
    finally:
        editor.file(rel).unlink()


def test_a_consent_reference_and_a_content_note_are_set_and_saved(admin, editor):
    from inmind.source import parse

    admin.goto(f"{editor.url}/admin/#/collections/blog/new")
    admin.get_by_label("Title", exact=True).fill("Finding words again")
    admin.get_by_label("Date", exact=True).fill("2026-05-20T10:00")
    choose(admin, "Author", "Maureen Costigan")  # a carer: her post needs a consent reference
    admin.get_by_label("Summary", exact=True).fill("A carer on the months after her son's self-harm, and what helped.")
    admin.locator("[aria-label='markdown field'] [contenteditable=true]").click()
    admin.keyboard.type("After my son's self-harm I stopped talking to friends. A carers' group helped me start again.")
    # Decap adds "(optional)" to the label of a field that may stay empty.
    consent = admin.get_by_label(re.compile(r"^Consent\b"))
    consent.fill("CF-26-14")  # the year written short: not the pattern
    publish_refused(admin)
    refusal = admin.get_by_text("Consent: is not a consent reference like CF-YYYY-NNN, such as CF-")
    refusal.first.wait_for()
    assert "didn't match" not in refusal.first.inner_text().lower()  # the checker's words alone, not Decap's around them
    path = editor.file("content/blog/2026/finding-words-again.md")
    assert not path.exists()
    admin.errors.clear()  # Decap rejects the refused save's promise without a message: that is the refusal itself
    consent.click()
    admin.keyboard.press("Control+A")
    admin.keyboard.type("CF-2026-014")
    assert consent.input_value() == "CF-2026-014"
    admin.get_by_label(re.compile(r"^Content-note\b")).fill("This post talks about self-harm.\nIt does not describe how.")
    publish(admin)
    text = wait_for_change(path, None).decode()
    header = parse(text)
    assert header.value("consent") == "CF-2026-014"
    assert header.value("content-note") == "This post talks about self-harm. It does not describe how."  # one line
    assert "\nConsent: CF-2026-014\n" in text and "\nContent-note: This post talks about self-harm. It does not" in text
    found = {p["message"].rsplit("[", 1)[-1] for p in editor.problems(path, "--fatal-warnings")}
    assert not found & {"consent-missing]", "consent-invalid]", "content-note-missing]"}, found
    assert not admin.errors, admin.errors
    path.unlink()


def test_a_share_picture_without_its_alt_text_is_refused_in_the_builds_words(admin, editor):
    from share_cards import handlers

    messages = json.loads((editor.output / "admin/config.json").read_text(encoding="utf-8"))["messages"]
    refusals = admin.evaluate("([data, m]) => window.InMindAdmin.refusals(data, m)", [
        {"share_image": "{static}/images/garden.jpg", "share_image_alt": " \n ", "body": "Text."}, messages])
    assert refusals == [f"{handlers.NO_ALT[0]}: {handlers.NO_ALT[1]}"]
    for data in ({"share_image": "{static}/images/garden.jpg", "share_image_alt": "A garden", "body": ""},
                 {"share_image": "", "share_image_alt": "", "body": ""}, {"body": ""}):
        assert admin.evaluate("([data, m]) => window.InMindAdmin.refusals(data, m)", [data, messages]) == []


def test_the_preview_pane_strips_a_posts_scripts_and_event_attributes(admin, editor):
    # The site's own sanitiser runs at build time; Decap's preview renders the raw file, so it must clean it too.
    rel = "content/blog/2019/hostile-markup.md"
    editor.file(rel).write_text(
        "Title: Hostile markup\nDate: 2019-03-01 09:00\nAuthor: Communications Team\nSummary: Markup in the body.\n\n"
        'Before the markup.\n\n<img src="x" alt="" onerror="document.title=\'pwned\'">\n\n'
        '<p onmouseover="alert(1)">Hover text</p><script>document.title="pwned"</script>\n\n'
        '<a href="javascript:alert(1)">A bad link</a>\n', encoding="utf-8")
    try:
        admin.goto(f"{editor.url}/admin/#/collections/blog/entries/2019/hostile-markup")
        frame = admin.frame_locator("#preview-pane")
        frame.get_by_text("Hover text").wait_for()
        body = frame.locator("body").inner_html()
        assert "Before the markup." in body
        assert not re.search(r"<script|\son\w+\s*=|javascript:", body, re.IGNORECASE), body
    finally:
        editor.file(rel).unlink()


# --- on a phone (375 px) and a computer: nothing cut off, nothing scrolled sideways, targets 24 px ---------------

# Controls under 24 × 24 px (WCAG 2.5.8), leaving out links inside running text and the select boxes' own text
# inputs, which sit inside their box (the box is the target, and is far bigger).
SMALL_TARGETS = """() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [role=button], [role=switch]')]
  .filter((el) => { const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!box.width || style.visibility === 'hidden') return false;
    if (el.matches('input') && el.closest('[class*="-control"]')) return false;
    const inline = style.display === 'inline' && el.parentElement.closest('p, li, td, dd');
    return !inline && (box.width < 24 || box.height < 24); })
  .map((el) => `${el.tagName} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" `
    + `${Math.round(el.getBoundingClientRect().width)}x${Math.round(el.getBoundingClientRect().height)}`)"""
# Text cut off: a box that hides what overflows it and has more text than room.
CLIPPED = """() => [...document.querySelectorAll('body *')].filter((el) => { const style = getComputedStyle(el);
    return el.clientWidth > 0 && (style.overflowX === 'hidden' || style.textOverflow === 'ellipsis')
      && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim(); })
  .map((el) => `${el.tagName} "${el.textContent.trim().slice(0, 40)}" ${el.scrollWidth} > ${el.clientWidth}`)"""
SIDEWAYS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _fits(pg, where):
    widths = pg.evaluate(SIDEWAYS)
    assert widths[0] <= widths[1], f"{where} scrolls sideways: {widths}"
    assert pg.evaluate(SMALL_TARGETS) == [], where
    assert pg.evaluate(CLIPPED) == [], where


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
def test_every_control_of_the_editor_fits_the_screen(browser, editor, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    try:
        sign_in(pg, editor)
        # Decap's "＋ blog post" used a full-width plus many fonts lack (a box), and a name it did not show.
        new = pg.get_by_role("link", name="New blog post", exact=True)
        assert new.inner_text() == "New blog post"
        _fits(pg, f"the list of posts at {width} px")
        new.click()
        pg.get_by_label("Title", exact=True).wait_for()
        settled(pg)
        _fits(pg, f"a new post at {width} px")
        publish = pg.get_by_role("button", name="Publish").first
        box = publish.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"Publish is off the screen: {box}"
        open_entry(pg, editor, POST)
        pg.locator("#preview-pane[title]").wait_for(state="attached")
        settled(pg)
        _fits(pg, f"a post at {width} px")
        if width < 800:
            # One column: the fields take the screen's width, and the preview follows them.
            field = pg.get_by_label("Summary").bounding_box()
            preview = pg.locator("#preview-pane").bounding_box()
            assert field["width"] >= width - 64 and preview["y"] > field["y"] and preview["width"] >= width - 32
    finally:
        context.close()


def test_axe_on_a_phone_reports_only_decaps_known_faults(browser, editor):
    context = browser.new_context(viewport={"width": 375, "height": 812})
    pg = context.new_page()
    try:
        sign_in(pg, editor)
        found = {"list": axe_ids(pg)}
        open_entry(pg, editor, POST)
        pg.locator("#preview-pane[title]").wait_for(state="attached")
        found["editor"] = axe_ids(pg)
        for view, ids in found.items():
            assert set(ids) <= set(DECAP_VIOLATIONS[view]), (view, {k: [n["target"] for n in v["nodes"]] for k, v in ids.items()})
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_on_an_agm_summary_with_its_documents_reports_only_decaps_known_faults(browser, editor, width):
    # Decap's red "Remove file" under Annual-report and Minutes was 3.2:1 (color-contrast) at 375 px.
    context = browser.new_context(viewport={"width": width, "height": 812})
    pg = context.new_page()
    try:
        sign_in(pg, editor)
        pg.goto(f"{editor.url}/admin/#/collections/agm/entries/2019")
        remove = box(pg, "Minutes").get_by_role("button", name="Remove file")
        remove.wait_for()
        remove.scroll_into_view_if_needed()
        assert remove.evaluate("el => getComputedStyle(el).color") == "rgb(138, 21, 56)"
        # Each Highlight's fold, move and remove controls had no name: they are named, one of each per item.
        items = pg.locator('[class*="ListItemTopBar"]').count()
        assert items >= 3
        for name in ("Fold or unfold this item", "Move this item", "Remove this item"):
            assert pg.get_by_role("button", name=name, exact=True).count() == items, name
        ids = axe_ids(pg)
        assert set(ids) <= set(DECAP_VIOLATIONS["editor"]), {k: [n["target"] for n in v["nodes"]] for k, v in ids.items()}
    finally:
        context.close()


def test_the_chosen_date_is_written_out_beside_the_box_and_saved_in_iso_form(admin, editor):
    path = editor.file(POST)
    before = path.read_bytes()
    open_entry(admin, editor, POST)
    field = admin.get_by_label("Date", exact=True)
    chosen = admin.locator(f"#{field.get_attribute('id')}-chosen")
    assert chosen.inner_text() == "Monday 16 October 2017 at 09:00"
    assert f"{field.get_attribute('id')}-chosen" in field.get_attribute("aria-describedby").split()
    try:
        field.fill("2026-12-01T09:00")
        admin.get_by_text("Tuesday 1 December 2026 at 09:00", exact=True).wait_for()
        publish(admin)
        assert b"\nDate: 2026-12-01 09:00\n" in wait_for_change(path, before)
        # Half a date typed: the box holds no date, so no day is written out for it.
        field.click(position={"x": 12, "y": 10})
        admin.keyboard.type("11312026")
        assert field.evaluate("(e) => e.validity.badInput")
        admin.wait_for_function(f"() => !document.getElementById({field.get_attribute('id') + '-chosen'!r}).textContent")
    finally:
        path.write_bytes(before)
    assert not admin.errors, admin.errors


@pytest.mark.parametrize(("message", "kept_apart"), [
    ("Minified React error #185; visit https://react.dev/errors/185 for the full message", True),
    ("Minified React error #418; visit https://react.dev/errors/418 for the full message", False),
    ("Minified React error #1850; visit https://react.dev/errors/1850", False),
    ("TypeError: cannot read properties of undefined (reading 'Minified React error #185;')", False),
    ("Failed to persist entry: Minified React error #185;", False),
])
def test_only_decaps_own_update_loop_is_kept_apart_from_page_errors(message, kept_apart):
    assert _decap_update_loop(message) is kept_apart
