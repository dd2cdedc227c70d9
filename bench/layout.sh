#!/usr/bin/env bash
# The layout benchmark: archc against Graphviz dot on the external corpus and a generated
# scaling series. Installs graphviz and GNU time when missing. Prints a Markdown table;
# docs/benchmarks.md keeps the latest one.
#   bench/layout.sh            # everything (the 5,000 and 10,000-node graphs take minutes in dot)
#   ARCHC_BENCH_QUICK=1 bench/layout.sh   # up to 1,000 nodes
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dot >/dev/null 2>&1 || [ ! -x /usr/bin/time ]; then
  echo "installing graphviz and time" >&2
  apt-get update -qq && apt-get install -y -qq graphviz time >/dev/null
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dot -V 2>&1)" >&2
exec cargo bench --bench layout -- "$@"
