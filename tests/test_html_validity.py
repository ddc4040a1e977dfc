"""Every HTML file of the built sample site, preview and publish, passes the W3C Nu HTML Checker (vnu)."""

import json
import shutil
import subprocess

import pytest
from conftest import ROOT, VNU_JAR, require_tool, run_build


def vnu_errors(output):
    """Run vnu once over every HTML file under ``output``; return its errors as readable lines."""
    java = shutil.which("java")
    require_tool(java, "Java (Debian package 'default-jre-headless')")
    require_tool(VNU_JAR.exists(), "vnu-jar (npm package, installed by ./dev test)")
    files = [str(path) for path in sorted(output.rglob("*.html"))]
    assert files
    # One invocation for every file: the JVM starts once.
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    problems = [
        f"{m.get('url', '?').split(str(output))[-1]}:{m.get('lastLine', '?')}: {m.get('message')} "
        f"[{(m.get('extract') or '').strip()[:80]}]"
        for m in report["messages"]
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"
    ]
    if not problems and result.returncode != 0:
        problems.append(result.stderr[-2000:])
    return problems


@pytest.mark.slow
def test_preview_site_is_valid_html(sample_site):
    problems = vnu_errors(sample_site.output)
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_published_site_is_valid_html(tmp_path):
    # The publish build differs in what matters here: absolute addresses, feed links, hashed assets.
    site = run_build(ROOT / "content", tmp_path / "output", "publishconf.py", SITEURL="https://inmind.example.nhs.uk")
    assert site.status == 0, site.messages
    problems = vnu_errors(site.output)
    assert not problems, "\n".join(problems)


# A withdrawn story (its address gets the short "removed" page), a content note, review dates, an "Updated"
# date, a crisis number in the text and a page with the urgent-help box (plugins/safeguarding).
SAFEGUARDING_SITE = {
    "blog/gone.md": "Title: Gone\nDate: 2019-03-04 09:00\nAuthor: Communications Team\nSummary: Gone.\n"
                    "Status: withdrawn\n\nText.\n",
    "blog/note.md": "Title: A hard year\nDate: 2019-05-01 09:00\nModified: 2019-06-01 09:00\n"
                    "Author: Communications Team\nSummary: A short post.\nContent-note: This post talks about "
                    "self-harm.\n\nThat night I rang 111, then 999.\n",
    "pages/help.md": "Title: Help\nSummary: Help.\nCrisis-help: yes\nReviewed: 2026-01-05\nReview-due: 2027-01-05"
                     "\n\nText.\n",
}


@pytest.mark.slow
def test_safeguarding_pages_are_valid_html(build_site):
    site = build_site(SAFEGUARDING_SITE)
    assert site.status == 0, site.messages
    assert (site.output / "blog" / "2019" / "gone" / "index.html").exists()
    problems = vnu_errors(site.output)
    assert not problems, "\n".join(problems)
