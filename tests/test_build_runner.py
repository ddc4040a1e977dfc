"""The build runner: failures are plain messages and never replace a good output folder."""

from conftest import run_build


def test_failed_build_leaves_previous_output_untouched(build_site, tmp_path):
    good = build_site({"blog/a.md": """
        Title: A good post
        Date: 2018-01-02 10:00
        Author: Communications Team
        Summary: A post that builds.

        Some words.
        """})
    assert good.status == 0, good.messages
    before = {p: p.read_bytes() for p in good.output.rglob("*") if p.is_file()}
    bad_settings = {"ASSETS": {"hsh": True}}
    bad = run_build(good.content, good.output, **bad_settings)
    assert bad.status == 1
    assert "unknown key 'hsh'" in bad.messages
    assert "Traceback" not in bad.messages
    after = {p: p.read_bytes() for p in good.output.rglob("*") if p.is_file()}
    assert before == after
