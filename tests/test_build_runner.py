"""The build runner: failures are plain messages and never replace a good output folder."""

from conftest import child_pid, outlives_kill_9, run_build


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


# --- Build safety: content errors, crashes, Ctrl+C, killed builds and failed swaps --------------------------

import errno  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from conftest import write_files  # noqa: E402

import inmind.build  # noqa: E402

GOOD_POST = """
    Title: A good post
    Date: 2018-01-02 10:00
    Author: Communications Team
    Summary: A post that builds.

    Some words.
    """


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def leftovers(output):
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}."))


@pytest.fixture
def good_site(build_site):
    site = build_site({"blog/a.md": GOOD_POST})
    assert site.status == 0, site.messages
    return site


def test_a_content_error_leaves_the_previous_output_byte_for_byte(good_site):
    before = snapshot(good_site.output)
    write_files(good_site.content, {"blog/b.md": "Date: 2018-02-31\nSummary: No title.\n\nText.\n"})
    bad = run_build(good_site.content, good_site.output)
    assert bad.status == 1
    assert "b.md:1: error: there is no title [title-missing]" in bad.messages
    assert "b.md:1: error: there is no 31 February 2018: February 2018 has 28 days [date-invalid]" in bad.messages
    assert "output/ was left as it was" in bad.messages
    assert snapshot(good_site.output) == before
    assert leftovers(good_site.output) == []


def test_a_crash_half_way_through_leaves_the_previous_output(good_site, monkeypatch):
    before = snapshot(good_site.output)
    from pelican import Pelican

    real_run = Pelican.run

    def crash(self):
        real_run(self)  # the whole site is written into the temporary folder...
        raise RuntimeError("disk full")  # ...and then something fails (the search index, say)

    monkeypatch.setattr(Pelican, "run", crash)
    bad = run_build(good_site.content, good_site.output)
    assert bad.status == 1
    assert "the build stopped unexpectedly: RuntimeError: disk full" in bad.messages
    assert "Traceback" not in bad.messages
    assert snapshot(good_site.output) == before
    assert leftovers(good_site.output) == []


def test_ctrl_c_leaves_the_previous_output_and_no_temporary_folder(good_site, monkeypatch):
    before = snapshot(good_site.output)
    from pelican import Pelican

    def interrupted(self):
        os.makedirs(os.path.join(self.output_path, "blog"), exist_ok=True)
        raise KeyboardInterrupt

    monkeypatch.setattr(Pelican, "run", interrupted)
    bad = run_build(good_site.content, good_site.output)
    assert bad.status == 130
    assert "build interrupted; output/ was left as it was." in bad.messages
    assert snapshot(good_site.output) == before
    assert leftovers(good_site.output) == []


def test_a_refused_swap_puts_the_previous_site_back(good_site, monkeypatch):
    before = snapshot(good_site.output)
    real_replace = os.replace
    calls = []

    def refuse_second(src, dst):
        # Only the swap's renames count: plugins also rename their cache files into place.
        if Path(dst) != good_site.output and Path(src) != good_site.output:
            return real_replace(src, dst)
        calls.append((src, dst))
        if len(calls) == 2:
            raise PermissionError("output is in use")
        return real_replace(src, dst)

    monkeypatch.setattr(inmind.build.os, "replace", refuse_second)
    write_files(good_site.content, {"blog/b.md": GOOD_POST.replace("A good post", "Another post")})
    bad = run_build(good_site.content, good_site.output)
    assert bad.status == 1
    assert "the new site could not replace output/" in bad.messages
    assert snapshot(good_site.output) == before
    assert leftovers(good_site.output) == []


def _dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_leftovers_of_a_killed_build_are_removed_and_a_lost_site_restored(good_site):
    output = good_site.output
    dead = _dead_pid()
    stale = output.parent / f".output.building-{dead}"
    (stale / "blog").mkdir(parents=True)
    (stale / "blog" / "half.html").write_text("half a site")
    running = output.parent / f".output.building-{os.getpid()}"  # a build that is still going: left alone
    running.mkdir()
    before = snapshot(output)
    # Killed between the two renames: the live site was moved aside and never replaced.
    os.replace(output, output.parent / f".output.old-{dead}")
    inmind.build._tidy_leftovers(output)
    assert snapshot(output) == before
    assert leftovers(output) == [running.name]
    running.rmdir()
    assert run_build(good_site.content, output).status == 0
    assert leftovers(output) == []


def test_a_killed_build_is_cleaned_up_on_the_next_run(good_site, tmp_path):
    """SIGTERM (CI cancelling a job) stops a real build like Ctrl+C: nothing left behind."""
    script = tmp_path / "slow.py"
    script.write_text(
        "import sys, time, signal\n"
        "import inmind.build, pelican\n"
        "def slow(self):\n"
        "    import os; os.makedirs(self.output_path, exist_ok=True); print('building', flush=True); time.sleep(60)\n"
        "pelican.Pelican.run = slow\n"
        f"sys.exit(inmind.build.main(['--output', {str(good_site.output)!r}]))\n"
    )
    before = snapshot(good_site.output)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(inmind.build.ROOT), str(inmind.build.ROOT / "plugins")])}
    process = subprocess.Popen([sys.executable, str(script)], cwd=inmind.build.ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout.readline().strip() == "building"
    process.terminate()
    _, err = process.communicate(timeout=60)  # the build winding down; the limit only ends a build that hangs
    assert process.returncode == 130, err
    assert "build interrupted" in err and "Traceback" not in err
    assert snapshot(good_site.output) == before
    assert leftovers(good_site.output) == []


def test_checks_running_beside_pelican_still_stop_a_bad_build(build_site, monkeypatch):
    import inmind.build

    # Any site counts as large, so the checks run in their own process while Pelican renders.
    monkeypatch.setattr(inmind.build, "OVERLAP_MIN_FILES", 1)
    good = build_site({"blog/a.md": """
        Title: A good post
        Date: 2018-01-02 10:00
        Author: Communications Team
        Summary: A post that builds.

        Some words about co-production.
        """})
    assert good.status == 0, good.messages
    before = {p: p.read_bytes() for p in good.output.rglob("*") if p.is_file()}
    (good.content / "blog" / "b.md").write_text(
        "Title: Second\nDate: 2018-02-31 10:00\nAuthor: Communications Team\nSummary: Bad date.\n\nWords.\n",
        encoding="utf-8",
    )
    bad = run_build(good.content, good.output)
    assert bad.status == 1
    assert "b.md:2: error: there is no 31 February 2018" in bad.messages
    assert "Traceback" not in bad.messages
    assert {p: p.read_bytes() for p in good.output.rglob("*") if p.is_file()} == before


def checks_beside_pelican_then(monkeypatch, then):
    """Have the build check beside Pelican even for one post, its checks calling ``then()`` after handing over."""
    # A checker that uses no processor time is then given up on after 1 s (CHECKER_WAIT).
    real = inmind.build.preflight

    def checks(settings, fatal_warnings=False, sources=None):
        def handed_over(read):
            sources(read)
            then()

        return real(settings, fatal_warnings=fatal_warnings, sources=handed_over)

    monkeypatch.setattr(inmind.build, "OVERLAP_MIN_FILES", 1)
    monkeypatch.setattr(inmind.build, "CHECKER_WAIT", 1)
    monkeypatch.setattr(inmind.build, "preflight", checks)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_checker_slowed_by_a_busy_machine_is_waited_for_not_given_up_on(good_site, monkeypatch):
    # A loaded machine gives the checking process little time: while it works it is waited for, however long that
    # takes (here longer than the build's wait for a checker that uses no processor time at all).
    def slow():
        end = time.process_time() + 4 * inmind.build.CHECKER_WAIT
        while time.process_time() < end:
            pass

    checks_beside_pelican_then(monkeypatch, slow)
    result = run_build(good_site.content, good_site.output)
    assert result.status == 0, result.messages
    assert "Traceback" not in result.messages


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_checker_stuck_without_using_the_processor_is_given_up_on_in_words(good_site, monkeypatch):
    # As if waiting for a lock another thread held at the fork: asleep for longer than any build waits.
    checks_beside_pelican_then(monkeypatch, lambda: time.sleep(60))
    before = snapshot(good_site.output)
    result = run_build(good_site.content, good_site.output)
    assert result.status == 1, "the build waited for a checker that did nothing (it would have passed after 60 s)"
    assert "the checking process ended before it finished" in result.messages
    assert "Traceback" not in result.messages
    assert snapshot(good_site.output) == before


def blocked_in(pid, kernel_function, timeout=60):
    """Wait until process ``pid`` waits in the kernel function ``kernel_function`` (Linux /proc/PID/wchan).

    The limit is only there to fail a test whose checker never gets there (it starts, checks and writes in a
    process of its own, which a loaded machine may take a while over); the wait ends as soon as it does.
    """
    deadline, where = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        try:
            where = Path(f"/proc/{pid}/wchan").read_text(encoding="ascii")
            state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
        except OSError:
            where = state = ""
        # A kernel that hides wchan says "0": then any sleep (state S) is taken as the place.
        if kernel_function in where or (where == "0" and state == "S"):
            return
        time.sleep(0.01)
    pytest.fail(f"process {pid} did not wait in {kernel_function} within {timeout} s (it was in {where!r})")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("stuck", ["checking", "sending"])
def test_kill_9_of_a_build_leaves_no_checker_process(good_site, tmp_path, stuck):
    """A build killed with SIGKILL cannot clean up; the checker it forked must still end by itself.

    "checking": the checker is busy (a slow check of a large site). "sending": it has finished and is
    writing more problems than the pipe holds, which used to block for ever once the build had gone.
    """

    pid_file = tmp_path / "checker.pid"
    work = "time.sleep(120)" if stuck == "checking" else (
        "return [Problem('x.md', n, 'error', 'a problem ' * 50, None) for n in range(20000)]")
    script = tmp_path / "killed.py"
    script.write_text(
        "import os, sys, time\n"
        "import inmind.build, pelican\n"
        "from inmind.errors import Problem\n"
        "inmind.build.OVERLAP_MIN_FILES = 1\n"
        "def checks(settings, fatal_warnings=False, sources=None):\n"
        f"    open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        f"    {work}\n"
        "inmind.build.preflight = checks\n"
        "def slow(self):\n"
        "    time.sleep(120)\n"
        "pelican.Pelican.run = slow\n"
        f"sys.exit(inmind.build.main(['--output', {str(good_site.output)!r}]))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(inmind.build.ROOT), str(inmind.build.ROOT / "plugins")])}
    process = subprocess.Popen([sys.executable, str(script)], cwd=inmind.build.ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    checker = child_pid(pid_file, process)
    # Killed only once the checker is where the case says: asleep in its slow check, or blocked on the full pipe.
    blocked_in(checker, "pipe_write" if stuck == "sending" else "nanosleep")
    assert not outlives_kill_9(process, checker), "the checker process outlived the build that started it"


@pytest.mark.parametrize("code, words", [
    (errno.EROFS, "the disk is read-only"), (errno.ENOSPC, "the disk is full"), (errno.EACCES, "permission denied"),
])
def test_a_disk_that_refuses_writes_is_named_not_blamed_on_the_code(good_site, monkeypatch, code, words):
    import pelican

    def refused(self):
        raise OSError(code, os.strerror(code), os.path.join(self.output_path, "index.html"))

    monkeypatch.setattr(pelican.Pelican, "run", refused)
    before = snapshot(good_site.output)
    result = run_build(good_site.content, good_site.output)
    assert result.status == 1
    assert f"error: the output folder cannot be written: {words}" in result.messages, result.messages
    assert str(good_site.output) in result.messages
    assert "site's code" not in result.messages and "Traceback" not in result.messages
    assert snapshot(good_site.output) == before


def test_a_recursion_in_a_reader_names_the_file(build_site, monkeypatch):
    import markdown

    site = build_site({"blog/a.md": GOOD_POST})
    assert site.status == 0

    def deep(self, source):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markdown.Markdown, "convert", deep)
    result = run_build(site.content, site.output)
    assert result.status == 1
    assert re.search(r"blog/a\.md: error: the text is nested too deeply", result.messages), result.messages
    assert "site's code" not in result.messages
