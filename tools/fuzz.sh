#!/usr/bin/env bash
# Builds the KGQL parser fuzz target with clang (libFuzzer + AddressSanitizer) in build/fuzz and
# runs it for SECONDS (default 60), starting from the queries of the data-driven query tests and
# the examples of docs/query-language.md. Exit status: 0 when nothing crashed, hung or leaked;
# otherwise libFuzzer's report names the input it saved (crash-*, timeout-*, leak-*).
#   tools/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
CXX=clang++ CC=clang cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKG_BUILD_FUZZ=ON -DKG_BUILD_TESTS=OFF -DKG_BUILD_BENCH=OFF -DKG_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build/fuzz --target kgql_parser_fuzz -j2
work="build/fuzz/run"
rm -rf "$work/seeds" && mkdir -p "$work/seeds" "$work/corpus"
python3 - "$work/seeds" <<'PY'
import glob, re, sys
out = sys.argv[1]
for i, f in enumerate(sorted(glob.glob("tests/data/query/cases/*.kgql"))):
    open(f"{out}/case{i}", "w").write(open(f).read().split("\n----\n")[0])
doc = open("docs/query-language.md").read()
for i, m in enumerate(re.findall(r"```[a-z]*\n(.*?)```", doc, re.S)):
    open(f"{out}/doc{i}", "w").write(m)
PY
cd "$work"
exec ../tests/fuzz/kgql_parser_fuzz corpus seeds -max_total_time="$seconds" -max_len=4096 \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
