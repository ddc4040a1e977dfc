"""Processes a build forks: they end with the build, even when it is killed with ``kill -9``."""

import os
import signal
import sys
import threading
import time

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
