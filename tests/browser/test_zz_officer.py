import re
import test_editor as t
from test_editor import editor, admin  # noqa


def test_agm_walk(admin, editor, tmp_path):
    pg = admin
    report = t.blank_pdf(tmp_path / "Annual Report 2025-26.pdf")
    said = []
    pg.on("dialog", lambda d: (said.append(d.message), d.accept("https://www.example.nhs.uk/agm-2026-minutes.pdf") if d.type == "prompt" else d.dismiss()))
    pg.goto(f"{editor.url}/admin/#/collections/agm/new")
    pg.get_by_label("Title", exact=True).fill("Annual General Meeting 2026")
    pg.get_by_label("Date", exact=True).fill("2026-09-24T14:00")
    t.choose(pg, "Author", "Communications Team")
    pg.get_by_label("Summary", exact=True).fill("What happened at our 2026 Annual General Meeting, with the annual report.")
    pg.get_by_label("Venue", exact=True).fill("The Life Rooms, 1 Park Road, Walton, Liverpool L9 1DA")
    t.box(pg, "Attendance").click()
    pg.wait_for_timeout(300)
    print("attendance options", pg.get_by_role("option").all_inner_texts())
    pg.get_by_role("option").first.click()
    t.upload(pg, t.box(pg, "Annual-report").get_by_role("button", name="Choose a file"), report)
    t.box(pg, "Minutes").get_by_role("button", name="Insert from URL").click()
    t.box(pg, "Highlight").get_by_role("button", name=re.compile("Add")).click()
    pg.wait_for_timeout(300)
    t.box(pg, "Highlight").locator("input").last.fill("Our new Chair was welcomed")
    pg.locator("[aria-label='markdown field'] [contenteditable=true]").click()
    pg.keyboard.type("About 150 people came to the meeting in person and online.")
    t.publish(pg)
    pg.wait_for_timeout(3000)
    pg.screenshot(path="/tmp/agm1.png", full_page=True)
    print("said", said, pg.errors)
    for p in (editor.repo / "content/agm").glob("2026*.md"):
        print(p.read_text())
        print(t._checker_says(editor, "content/agm/" + p.name))
        checked = editor.run_checker("--settings", str(t.ROOT / "publishconf.py"), "--fatal-warnings", str(p))
        print("PUBLISH:", checked.returncode, checked.stdout, checked.stderr)
    print(sorted(p.name for p in (editor.repo / "content/documents").glob("*")))
