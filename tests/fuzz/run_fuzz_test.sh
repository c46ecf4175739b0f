#!/usr/bin/env bash
# Runs one fuzz target briefly, as a test: run_fuzz_test.sh <target> <seed
# folder> <seconds> <findings folder>. What it generates stays in memory (the
# seeds are read, never written); temporary files go to a private folder that
# is removed. A finding fails the test and is kept, one file per target, as
# <findings folder>/<target>-crash-<sha1> (or leak-, timeout-, oom-).
set -euo pipefail
target=$1 seeds=$2 seconds=$3 findings=$4
name=$(basename "$target")

work=$(mktemp -d "${TMPDIR:-/tmp}/kgitops-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$findings"
rm -f "$findings/$name"-*

seed_list=$(find "$seeds" -type f | sort | paste -sd, -)
TMPDIR=$work "$target" -seed_inputs="$seed_list" -max_total_time="$seconds" \
  -rss_limit_mb=2048 -max_len=65536 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$findings/$name-"
