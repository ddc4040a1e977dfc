"""Processes a build forks: they end with the build, even when it is killed with ``kill -9``."""

import os
import signal
import sys
import threading
import time
from pathlib import Path

# From <linux/prctl.h>: ask for a signal when the parent process ends.
PR_SET_PDEATHSIG = 1
# How often a child process looks whether the build that started it is still there.
WATCHDOG_INTERVAL = 0.5


def die_with_parent(parent_pid):
    """End this process when the build that forked it ends, even by ``kill -9``.

    On Linux the kernel sends SIGKILL when the parent goes; elsewhere (or if the parent went before that
    was set up) a watchdog thread notices that the parent process has changed.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)  # the parent went before the kernel was told to tell us

    def watch():
        while os.getppid() == parent_pid:
            time.sleep(WATCHDOG_INTERVAL)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def cpu_seconds(pid):
    """Return the processor seconds process ``pid`` has used so far (Linux's /proc), or None where that cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime and stime
    except (OSError, IndexError, ValueError):
        return None


class Progress:
    """Whether a helper process is still at work: it has used processor time within the last ``stall`` seconds.

    A busy machine slows a helper, but the kernel still gives it some time; one stuck on a lock uses none. Where the
    time cannot be read (not Linux), this is a plain deadline of ``stall`` seconds from the start.
    """

    def __init__(self, pid, stall):
        self.pid, self.stall = pid, stall
        self.used, self.since = cpu_seconds(pid), time.monotonic()

    def working(self):
        """Return whether the helper has used processor time within the last ``stall`` seconds."""
        now, used = time.monotonic(), cpu_seconds(self.pid)
        if used is not None and used != self.used:
            self.used, self.since = used, now
        return now - self.since < self.stall
