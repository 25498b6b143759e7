#!/usr/bin/env bash
# The whole test suite: install what is missing, build everything (tests, examples, benchmarks)
# with the dev preset on two jobs, run every test including the slow crash test, and check that
# the installed CMake package builds examples/embed.cc; then fuzz the KGQL parser for a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset dev
cmake --build --preset dev
ctest --preset dev
tools/fuzz.sh 60
