#!/usr/bin/env bash
# The README's quick-start job through the kg binary: ingest the sample corpus (re-ingest is a
# no-op), check, answer the quick start's queries, export GraphML that xmllint accepts; and the
# imported sample statements: find an entity by a romanised alias, round-trip JSONL.
set -euo pipefail
kg=$1
src=$2
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
# Outputs are captured first: `grep -q` stopping early would kill kg with SIGPIPE under pipefail.
out=$("$kg" --db "$d/corpus" ingest "$src/examples/corpus/" --models "$src/models")
grep -q "4 new, 0 unchanged, 0 failed" <<<"$out"
out=$("$kg" --db "$d/corpus" ingest "$src/examples/corpus/" --models "$src/models")
grep -q "0 new, 4 unchanged, 0 failed" <<<"$out"
"$kg" --db "$d/corpus" check
out=$("$kg" --db "$d/corpus" query 'MATCH (s)-[r:say]->(c) RETURN s.name, c.name, evidence(r)[0].doc;' --format jsonl)
grep -q '"s.name":"Ana Brill"' <<<"$out"
out=$("$kg" --db "$d/corpus" query 'MATCH p = SHORTEST ("Pavel Orlik")-[*..4]-("coastal town of Brena") RETURN length(p) AS hops;' --format jsonl)
grep -qx '{"hops":3}' <<<"$out"
"$kg" --db "$d/corpus" export --format graphml -o "$d/c.graphml"
xmllint --noout "$d/c.graphml"
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
