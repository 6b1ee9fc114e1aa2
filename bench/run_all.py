"""Run every benchmark with its defaults, one after the other, printing their figures.

`make bench` calls this. Each benchmark is also a command of its own (see its --help);
pass --quick for smaller sizes that finish in a few minutes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

FULL = [
    ["bench_facts.py"],
    ["bench_link.py"],
    ["bench_validate.py"],
    ["bench_build.py", "--articles", "1000", "10000", "--jobs", "2", "--profile"],
    ["bench_serve.py"],
    ["bench_load.py", "--clients", "50", "--seconds", "60"],
    ["fuzz_report.py"],
]
QUICK = [
    ["bench_facts.py", "--reps", "1"],
    ["bench_link.py", "--entities", "20000", "--links", "2000"],
    ["bench_validate.py", "--repeat", "1"],
    ["bench_build.py", "--articles", "100", "--jobs", "2"],
    ["bench_serve.py", "--triples", "100000", "--reps", "5"],
    ["bench_load.py", "--clients", "20", "--seconds", "15", "--triples", "50000"],
    ["fuzz_report.py", "--articles", "2000", "--sidecars", "2000"],
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes (minutes, not hours)")
    args = parser.parse_args()
    failed = 0
    for command in QUICK if args.quick else FULL:
        print(f"\n=== {' '.join(command)}", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / command[0]), *command[1:]]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
