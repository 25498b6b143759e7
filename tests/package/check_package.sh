#!/usr/bin/env bash
# Installs the build into a scratch prefix, builds examples/embed.cc against it with
# find_package(kgraph), runs it twice (the second run must find the document already stored).
set -euo pipefail
build_dir=$(realpath "$1")
source_dir=$(realpath "$2")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
# The consumer builds with the flags of the build it links (sanitizers, for the asan preset).
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build_dir/CMakeCache.txt"; }
cmake -S "$source_dir/tests/package" -B "$scratch/consumer" -G Ninja \
  -DCMAKE_PREFIX_PATH="$scratch/prefix" -DKG_EXAMPLE="$source_dir/examples/embed.cc" \
  -DCMAKE_CXX_FLAGS="$(cache_value CMAKE_CXX_FLAGS)" \
  -DCMAKE_EXE_LINKER_FLAGS="$(cache_value CMAKE_EXE_LINKER_FLAGS)" >"$scratch/configure.log" 2>&1 ||
  { cat "$scratch/configure.log"; exit 1; }
cmake --build "$scratch/consumer" >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log"; exit 1; }
first=$("$scratch/consumer/embed" "$scratch/store")
second=$("$scratch/consumer/embed" "$scratch/store")
echo "$first" | grep -q "^added the document" || { echo "first run: $first"; exit 1; }
echo "$second" | grep -q "^already had the document" || { echo "second run: $second"; exit 1; }
echo "$second" | grep -q "Alex Envoy -\[meet\]-> Sam President (support 1)" || { echo "$second"; exit 1; }
echo "package ok"
