#!/usr/bin/env bash
# The README's quick-start job on the bundled sample, through the kg binary: import, check,
# find an entity by a romanised alias, export GraphML that xmllint accepts, round-trip JSONL.
set -euo pipefail
kg=$1
src=$2
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
"$kg" --db "$d/db" import "$src/examples/sample/statements.jsonl"
"$kg" --db "$d/db" check
"$kg" --db "$d/db" show Wolkow | grep -q "Dmitri Volkov"
"$kg" --db "$d/db" export --format graphml -o "$d/s.graphml"
xmllint --noout "$d/s.graphml"
"$kg" --db "$d/db" export -o "$d/a.jsonl"
"$kg" --db "$d/db2" import "$d/a.jsonl" >/dev/null
"$kg" --db "$d/db2" export -o "$d/b.jsonl"
cmp "$d/a.jsonl" "$d/b.jsonl"
echo "sample ok"
