#!/usr/bin/env python3
"""SlapOS's promise runner design, written for this benchmark from its description (no SlapOS code):
one process per promise run, started by cron. If the PID file names a live process it exits 1 (no second run);
otherwise it writes its PID, runs the promise with a timeout, parses its stdout as JSON ({} if that fails), sets
status OK or ERROR from the exit code, puts stderr in `error`, writes public/<name>.status.json atomically
(temporary file and rename) and removes the PID file.

usage: slapos_runner.py PROMISE PID_FILE STATUS_FILE TITLE
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time


def main():
    promise, pid_file, status_file, title = sys.argv[1:5]
    if os.path.exists(pid_file):
        try:
            with open(pid_file) as f:
                os.kill(int(f.read().strip()), 0)
            sys.exit(1)
        except (ValueError, OSError):
            pass
    with open(pid_file, "w") as f:
        f.write(str(os.getpid()))
    try:
        start = time.time()
        start_date = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        try:
            p = subprocess.run([promise], capture_output=True, timeout=20)
            code, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired:
            code, out, err = 1, b"", b"Error: Promise timed out after 20 seconds"
        try:
            result = json.loads(out.decode("utf-8", "replace"))
            if not isinstance(result, dict):
                result = {}
        except ValueError:
            result = {}
        result["title"] = title
        result["status"] = "OK" if code == 0 else "ERROR"
        result["returncode"] = code
        result["error"] = err.decode("utf-8", "replace")[-5000:]
        result["start-date"] = start_date
        result["execution-time"] = time.time() - start
        folder = os.path.dirname(status_file)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump(result, f)
        os.rename(tmp, status_file)
    finally:
        os.remove(pid_file)


if __name__ == "__main__":
    main()
