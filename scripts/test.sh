#!/usr/bin/env bash
# `make test`: unit tests and the sandbox integration suites against one shared sandbox, which is always torn down.
set -uo pipefail
cd "$(dirname "$0")/.."
dir="${SKEP_TEST_SANDBOX:-$PWD/.skep-sandbox-test}"
skep=.build/debug/skep
log="$PWD/.build/sandbox-test.log"

teardown() {
  "$skep" sandbox down --dir "$dir" >>"$log" 2>&1 || echo "sandbox down failed: see $log" >&2
}
trap teardown EXIT

echo "== sandbox up (4 nodes: 3 managers + a worker, mixed engines; log: $log)" >&2
if ! "$skep" sandbox up --dir "$dir" --nodes 4 --engine mixed --install >"$log" 2>&1; then
  tail -40 "$log" >&2
  echo "sandbox up failed" >&2
  exit 1
fi

export SKEP_WARNINGS_AS_ERRORS=1 SKEP_SANDBOX_DIR="$dir" SKEP_SANDBOX_TESTS=1 SKEP_BINARY="$PWD/$skep"
# Serially: the sandbox suites share nodes and a swarm, and one suite's containers, volumes and paused
# containers must never be seen by another's backup, clean or "nothing changed" checks.
swift test --no-parallel 2>&1
