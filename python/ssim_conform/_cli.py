"""The `ssim-conform` console script: the bundled executable, run in this process's place."""
import os
import sys

import ssim_conform


def main():
    try:
        executable = ssim_conform.executable()
    except FileNotFoundError as error:
        # The executable's own convention for a run that cannot be made: one line, exit status 2.
        print(f"ssim-conform: {error}", file=sys.stderr)
        sys.exit(2)
    # exec, not a child: signals, the exit status and the terminal are the executable's own, as if run directly.
    # The executable finds the reader of untrusted files (itself) through /proc/self/exe, wherever it lies.
    os.execve(executable, [executable, *sys.argv[1:]], ssim_conform.environment())
