#!/usr/bin/env bash
# Installs, from Debian 12's packages, whatever kgraph needs to build, test and run and is not
# installed yet. Safe to run again: it installs only what is missing.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build pkg-config     # toolchain
  librocksdb-dev                       # the store of record
  libboost-graph-dev                   # the in-memory graph (CSR) and GraphML writer
  nlohmann-json3-dev                   # JSON Lines and CBOR records
  libsimdjson-dev                      # the fast path of the JSON Lines reader (~10x nlohmann)
  libxxhash-dev                        # stable content hashes for document/statement ids
  libjemalloc-dev                      # the allocator the kg tools link (1.5x faster imports)
  antlr4 libantlr4-runtime-dev         # KGQL: the parser generator (build time) and its C++ runtime
  libedit-dev                          # line editing and history in `kg shell` (BSD licence)
  libgtest-dev libgmock-dev            # tests
  clang                                # the KGQL parser fuzz target (libFuzzer; KG_BUILD_FUZZ)
  libbenchmark-dev                     # micro-benchmarks
  libxml2-utils                        # xmllint: GraphML well-formedness in tests
  wordnet-base                         # WordNet exception lists (went → go) for kg-train lemmatizer
  iso-codes                            # ISO 3166 countries and regions: places for entity typing
  python3 python3-networkx python3-igraph  # GraphML readers in tests
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
