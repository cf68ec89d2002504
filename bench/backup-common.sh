# Shared by bench/backup-vs-restic, bench/backup-vs-tar and bench/backup-parallel (sourced, not run).
#
# bench_start NAME NODES   release build (skip with SKEP_BUILD=0), a sandbox of NODES nodes in .skep-sandbox-bench-NAME
#                          (always torn down with --purge on exit), cluster up, the skep image, a password file.
# bench_repo LABEL         a fresh restic repository in the sandbox NAS, `skep backup init` on it; sets $inventory
#                          (an inventory naming it) and $repo.
# bench_plain_repo LABEL   a fresh repository for plain restic next to it; sets $plain_repo.
# bench_fill NODE VOLUME SCRIPT   creates VOLUME on NODE and runs SCRIPT (sh) in a debian:bookworm container with
#                          the volume at /data.
# bench_write_section NAME TEXT   replaces (or appends) the section "## NAME" of docs/benchmarks.md.

set -euo pipefail
cd "$(dirname "$0")/.."
# SKEP_BIN runs another build (say .build/debug/skep, with SKEP_BUILD=0) where the binary's speed does not matter.
skep="${SKEP_BIN:-$PWD/.build/release/skep}"

now() { date +%s%N; }
secs() { python3 -c "print(f'{$1 / 1e9:.1f}')"; }

bench_start() {
  bench_name="$1"
  bench_nodes="$2"
  dir="$PWD/.skep-sandbox-bench-$bench_name"
  log="$PWD/.build/bench-$bench_name.log"
  mkdir -p "$PWD/.build"
  : >"$log"
  if [ "${SKEP_BUILD:-1}" != 0 ]; then { swift build -c release --product skep && swift build -c release --product skep-control; } >&2; fi
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  echo "starting a $bench_nodes-node sandbox in $dir (log: $log)" >&2
  "$skep" sandbox up --dir "$dir" --nodes "$bench_nodes" --engine 26.1 --install >>"$log" 2>&1
  export SKEP_INVENTORY="$dir/skep.yml"
  "$skep" cluster up >>"$log" 2>&1
  echo "building the skep image (from ${skep#"$PWD"/}) into the sandbox registry" >&2
  "$skep" sandbox image --dir "$dir" >>"$log" 2>&1
  password_file="$dir/nas/bench-password"
  mkdir -p "$dir/nas"
  head -c 24 /dev/urandom | base64 >"$password_file"
  chmod 600 "$password_file"
  export RESTIC_PASSWORD_FILE="$password_file"
  export RESTIC_CACHE_DIR="$dir/restic-cache"
  engine_version=$(DOCKER_HOST="unix://$dir/nodes/node1/docker.sock" docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown)
  restic_version=$(restic version | cut -d' ' -f2)
  repo_count=0
}

bench_cleanup() {
  local status=$?
  if [ -n "${dir:-}" ]; then
    echo "tearing down the sandbox $dir" >&2
    "$skep" sandbox down --dir "$dir" --purge >>"$log" 2>&1 || echo "sandbox down failed: see $log" >&2
  fi
  exit "$status"
}

# A fresh repository for skep: its own inventory (the sandbox's with another repository line), then backup init.
bench_repo() {
  repo_count=$((repo_count + 1))
  repo="$dir/nas/restic-$1-$repo_count"
  mkdir -p "$repo"
  inventory="$dir/skep-$1-$repo_count.yml"
  sed -E "s|^([[:space:]]*)repository:.*|\1repository: $repo|" "$dir/skep.yml" >"$inventory"
  SKEP_INVENTORY="$inventory" "$skep" backup init --password-file "$password_file" >>"$log" 2>&1
}

# A fresh repository for plain restic, same kind (local path), same password mechanism.
bench_plain_repo() {
  repo_count=$((repo_count + 1))
  plain_repo="$dir/nas/plain-$1-$repo_count"
  restic init --repo "$plain_repo" >>"$log" 2>&1
}

# `skep backup run --json` with the given inventory and arguments; fails the benchmark when it fails. Sets
# $last_check_ns (start → the agent job is created: secret, repository check job) and $last_agent_s (the longest
# per-volume duration the agents report: restic's own work on the node).
bench_skep_run() {
  local inventory="$1"
  shift
  local t0 status
  t0=$(now)
  set +e
  SKEP_INVENTORY="$inventory" "$skep" backup run --json "$@" 2>&1 >"$dir/last-run.json" |
    while IFS= read -r line; do printf '%s %s\n' "$(now)" "$line"; done >"$dir/last-run.err"
  status=${PIPESTATUS[0]}
  set -e
  cat "$dir/last-run.err" "$dir/last-run.json" >>"$log"
  if [ "$status" != 0 ]; then
    echo "skep backup run $* failed ($status): see $log" >&2
    tail -n 20 "$dir/last-run.err" "$dir/last-run.json" >&2
    return 1
  fi
  last_check_ns=$(( $(awk '/running skep-backup-/ {print $1; exit}' "$dir/last-run.err") - t0 ))
  last_agent_s=$(python3 -c '
import json, sys
events = json.load(open(sys.argv[1])).get("events", [])
print(max([e.get("duration", 0) for e in events] or [0]))' "$dir/last-run.json")
}

bench_fill() {
  local node="$1" volume="$2" script="$3"
  DOCKER_HOST="unix://$dir/nodes/$node/docker.sock" docker volume create "$volume" >/dev/null
  DOCKER_HOST="unix://$dir/nodes/$node/docker.sock" docker run --rm -v "$volume:/data" debian:bookworm sh -c "$script" >>"$log" 2>&1
}

volume_data() { echo "$dir/nodes/$1/var-lib-docker/volumes/$2/_data"; }

median() { python3 -c "import statistics,sys; print(statistics.median(int(x) for x in sys.argv[1:]))" "$@"; }

bench_write_section() {
  python3 - "$1" "$2" <<'PY'
import pathlib, re, sys
name, section = sys.argv[1], sys.argv[2].strip() + "\n"
path = pathlib.Path("docs/benchmarks.md")
text = path.read_text() if path.exists() else "# Benchmarks\n\nEach benchmark compares side by side in one run; ratios matter, not absolute times.\n"
pattern = re.compile(r"## " + re.escape(name) + r"\n.*?(?=\n## |\Z)", re.S)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
path.write_text(text)
PY
}
