"""Merges the last JSON lines of several `ssim-conform bench --json` runs of one workload into one object of the same
form: the median of their medians (`median_seconds`), the least of their minimums, the most of their peak memories,
and the runs added up; every other field is the first's (they are the same workload). `round_medians` keeps each
run's median, in order.

Usage: bench_rounds.py JSON [JSON ...]

tools/bench times the fast MS-SSIM and the 2-D SSIM it is compared with in rounds, one after the other, rather than
all of one and then all of the other: on a shared machine a slow spell of a few seconds would otherwise fall on one
of the two and not on the other, and their ratio would follow it. tools/bench_table.py divides the two workloads'
round medians round by round.
"""

import json
import statistics
import sys


def merged(rounds):
    first = dict(rounds[0])
    first["median_seconds"] = statistics.median(r["median_seconds"] for r in rounds)
    first["min_seconds"] = min(r["min_seconds"] for r in rounds)
    first["peak_rss_mib"] = max(r["peak_rss_mib"] for r in rounds)
    first["runs"] = sum(r["runs"] for r in rounds)
    first["round_medians"] = [r["median_seconds"] for r in rounds]
    first["megapixels_per_second"] = rounds[0]["megapixels_per_second"] * rounds[0]["median_seconds"] / first["median_seconds"]
    return first


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: bench_rounds.py JSON [JSON ...]", file=sys.stderr)
        sys.exit(2)
    print(json.dumps(merged([json.loads(argument) for argument in sys.argv[1:]])))
