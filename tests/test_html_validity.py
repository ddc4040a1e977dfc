"""Every HTML file of the built sample site passes the W3C Nu HTML Checker (vnu) with zero errors."""

import json
import shutil
import subprocess

import pytest
from conftest import ROOT, VNU_JAR, require_tool


@pytest.mark.slow
def test_every_page_is_valid_html(sample_site):
    java = shutil.which("java")
    require_tool(java, "Java (Debian package 'default-jre-headless')")
    require_tool(VNU_JAR.exists(), "vnu-jar (npm package, installed by ./dev test)")
    files = [str(path) for path in sample_site.html_files()]
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
        f"{m.get('url', '?').split(str(sample_site.output))[-1]}:{m.get('lastLine', '?')}: {m.get('message')} "
        f"[{(m.get('extract') or '').strip()[:80]}]"
        for m in report["messages"]
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"
    ]
    assert not problems, "\n".join(problems)
    assert result.returncode == 0, result.stderr[-2000:]
