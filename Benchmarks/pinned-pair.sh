#!/usr/bin/env bash
# Compares two exfilwatch binaries on one log by running them at the same time, each pinned to its own
# core (swapped every round), and reading each run's main-thread CPU seconds from `perf` samples.
#
#   Benchmarks/pinned-pair.sh [--rounds N] BINARY_A BINARY_B [FILE.gz]
#
# Prints per round A's and B's main-thread seconds and B/A, then the median B/A. On a shared machine
# the load moves both runs of a round alike, so this separates changes of a few percent that
# interleaved wall times do not. Each run's pipeline threads share its one core, so the figure is the
# main thread's work, not the wall time of a two-core scan. Needs `perf` (Debian: linux-perf) and
# `taskset`; FILE defaults to the e2e log (Benchmarks/e2e.sh --mode one generates it).
set -euo pipefail

rounds=10
if [[ "${1:-}" == --rounds ]]; then
    rounds="$2"
    shift 2
fi
if (( $# < 2 )); then
    sed -n '5p' "$0" | sed 's/^# */usage: /' >&2
    exit 2
fi
a="$1"
b="$2"
file="${3:-$HOME/.cache/exfilwatch-e2e/one-420M.log.gz}"
for tool in perf taskset python3; do
    command -v "$tool" >/dev/null || { echo "pinned-pair.sh: needs $tool" >&2; exit 2; }
done
[[ -r "$file" ]] || { echo "pinned-pair.sh: cannot read $file" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Seconds of the busiest thread (the main thread) in a perf recording at 2000 Hz.
main_seconds() {
    perf script -i "$1" -F tid 2>/dev/null | sort | uniq -c | sort -rn | head -1 | awk '{ print $1 / 2000 }'
}

for ((i = 1; i <= rounds; i++)); do
    if (( i % 2 == 0 )); then ca=0; cb=1; else ca=1; cb=0; fi
    taskset -c "$ca" perf record -q -F 2000 -o "$work/a.data" "$a" scan --quiet --output none "$file" \
        >/dev/null 2>&1 &
    taskset -c "$cb" perf record -q -F 2000 -o "$work/b.data" "$b" scan --quiet --output none "$file" \
        >/dev/null 2>&1 &
    wait
    echo "$(main_seconds "$work/a.data") $(main_seconds "$work/b.data")"
done | python3 -c '
import sys
ratios = []
print("A s    B s    B/A")
for line in sys.stdin:
    a, b = map(float, line.split())
    ratios.append(b / a)
    print("%.3f  %.3f  %.3f" % (a, b, b / a))
ratios.sort()
print("median B/A %.3f over %d rounds (below 1: B does less work)" % (ratios[len(ratios) // 2], len(ratios)))
'
