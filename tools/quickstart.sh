#!/usr/bin/env bash
# Quick start: install what is missing, build, and run the main job on the bundled sample corpus
# (four short articles we wrote, examples/corpus/) in an embedded store (./kgraph.db): ingest the
# articles (clean, analyse, extract, store), show the figures, ask who said what and how two
# people are connected, export GraphML.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target kg
KG=build/release/tools/kg
DB=kgraph.db
echo
echo "== kg ingest examples/corpus/"
$KG --db "$DB" ingest examples/corpus/
echo
echo "== kg stats"
$KG --db "$DB" stats
echo
echo "== who said what, and in which document"
$KG --db "$DB" query 'MATCH (s)-[r:say]->(c) RETURN s.name AS speaker, c.name AS claim, evidence(r)[0].doc AS document LIMIT 5;'
echo
echo "== how the spokesman Pavel Orlik is connected to Brena"
$KG --db "$DB" query 'MATCH p = SHORTEST ("Pavel Orlik")-[*..4]-("coastal town of Brena") RETURN p, length(p);'
echo
echo "== kg export --format graphml -o sample.graphml"
$KG --db "$DB" export --format graphml -o sample.graphml
echo "wrote sample.graphml ($(grep -c '<node ' sample.graphml) nodes, $(grep -c '<edge ' sample.graphml) edges)"
