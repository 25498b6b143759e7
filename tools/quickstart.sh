#!/usr/bin/env bash
# Quick start: install what is missing, build, and run the main job on the bundled sample in an
# embedded store (./kgraph.db): import statements, show the figures and one entity, export
# GraphML.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target kg
KG=build/release/tools/kg
DB=kgraph.db
echo
echo "== kg import examples/sample/statements.jsonl"
$KG --db "$DB" import examples/sample/statements.jsonl
echo
echo "== kg stats"
$KG --db "$DB" stats
echo
echo "== kg show Wolkow   (a German romanisation of Volkov, found through the alias index)"
$KG --db "$DB" show Wolkow
echo
echo "== kg export --format graphml -o sample.graphml"
$KG --db "$DB" export --format graphml -o sample.graphml
echo "wrote sample.graphml ($(grep -c '<node ' sample.graphml) nodes, $(grep -c '<edge ' sample.graphml) edges)"
