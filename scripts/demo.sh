#!/usr/bin/env bash
# `make demo`: a 3-node sandbox, a swarm formed by `skep cluster up`, its status. Leaves the sandbox running.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$PWD/.skep-sandbox"
skep=.build/debug/skep
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "skep sandbox up: 3 real dockerd nodes in namespaces, a registry, an inventory"
"$skep" sandbox up --dir "$dir" --nodes 3 --install
export SKEP_INVENTORY="$dir/skep.yml"

step "the inventory skep wrote ($SKEP_INVENTORY)"
cat "$SKEP_INVENTORY"

step "skep cluster up --dry-run: what would change"
"$skep" cluster up --dry-run

step "skep cluster up: form the swarm with 3 managers"
"$skep" cluster up

step "skep cluster up again: nothing to do"
"$skep" cluster up

step "skep cluster status"
"$skep" cluster status

step "what docker itself says"
DOCKER_HOST="unix://$dir/nodes/node1/docker.sock" docker node ls

cat <<TXT

The sandbox keeps running. Try:
  export SKEP_INVENTORY=$SKEP_INVENTORY
  $skep cluster status --json
  $skep node drain node3
Tear it down with: $skep sandbox down --dir $dir
TXT
