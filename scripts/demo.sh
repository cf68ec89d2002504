#!/usr/bin/env bash
# `make demo`: a 3-node sandbox, a swarm formed by `skep cluster up`, its status; the nodes set up over SSH by
# `skep node setup` (engines restarted one at a time); then a MariaDB service backed up
# and its volume restored on another node; then MariaDB on a `driver: skep` volume surviving a node's power loss and
# moved back with `skep volume mv`; then a small image tree built across the nodes; then skep-control (schedule,
# history, dashboard). Leaves the sandbox running and prints the dashboard's address.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$PWD/.skep-sandbox"
skep=.build/debug/skep
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "skep sandbox up: 3 real dockerd nodes in namespaces, a registry, an inventory"
"$skep" sandbox up --dir "$dir" --nodes 3 --install
export SKEP_INVENTORY="$dir/skep.yml"
# The demo's NAS stand-in starts empty: a repository left by an earlier run holds that run's volumes (and its
# database password, which this run's MariaDB would not know).
rm -rf "$dir/nas/restic" && mkdir -p "$dir/nas/restic"

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

step "skep node setup --dry-run: the setup: profile over SSH (each node has its own /etc, /boot and sshd)"
setup_inventory="$dir/skep-node-setup.yml"
sed '/^setup:/,$d' "$SKEP_INVENTORY" >"$setup_inventory"
cat >>"$setup_inventory" <<YAML
setup:
  ssh:
    identity: $dir/ssh/id_ed25519
    known_hosts: $dir/ssh/known_hosts
  docker:
    log_opts: {max-size: 20m, max-file: "5"}
    restart_command: /etc/skep-sandbox/restart-dockerd
    reload_command: /etc/skep-sandbox/reload-dockerd
  journald: {storage: volatile, runtime_max_use: 50M}
  io_scheduler: {scheduler: mq-deadline}
  kernel: {fsck_force: true}
  logrotate:
    - paths: [/var/log/skep/*.log]
      rotate: 7
YAML
sed -n '/^setup:/,$p' "$setup_inventory"
"$skep" node setup --dry-run -i "$setup_inventory" node1

step "skep node setup: files written, dockerd restarted one node at a time (drained first, quorum kept)"
"$skep" node setup -i "$setup_inventory"

step "skep node setup again: nothing to change"
"$skep" node setup -i "$setup_inventory"
echo "node1's /boot/cmdline.txt: $(cat "$dir/nodes/node1/boot/cmdline.txt")"

node() { DOCKER_HOST="unix://$dir/nodes/$1/docker.sock" docker "${@:2}"; }
db_password="demo-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
sql() { # sql NODE CONTAINER STATEMENT: run a statement with the client inside the container (password via env)
  node "$1" exec -e MYSQL_PWD="$db_password" "$2" mariadb -uroot -N shop -e "$3"
}
wait_for_db() { # wait_for_db NODE CONTAINER
  for _ in $(seq 90); do sql "$1" "$2" "SELECT 1" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "MariaDB did not start on $1" >&2; return 1
}

step "skep sandbox image: the skep image (binary + restic) built on a node, pushed to the sandbox registry"
"$skep" sandbox image --dir "$dir" --registry-image

step "skep backup init: a restic repository on the NAS stand-in, its password kept as a swarm secret"
password_file="$dir/restic-password"
[ -f "$password_file" ] || od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$password_file"
"$skep" backup init --password-file "$password_file"

step "a MariaDB service on node2 with a named volume, and some rows"
node node1 service rm shop-db >/dev/null 2>&1 || true
node node1 service create --detach --no-resolve-image --name shop-db --constraint node.hostname==node2 \
  --mount type=volume,source=shop-data,target=/var/lib/mysql \
  --env MARIADB_ROOT_PASSWORD="$db_password" --env MARIADB_DATABASE=shop mariadb:10.11 >/dev/null
for _ in $(seq 60); do
  db=$(node node2 ps -q --filter label=com.docker.swarm.service.name=shop-db | head -1)
  [ -n "$db" ] && break
  sleep 1
done
wait_for_db node2 "$db"
sql node2 "$db" "CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY AUTO_INCREMENT, item VARCHAR(40))"
sql node2 "$db" "INSERT INTO orders (item) VALUES ('tomatoes'), ('basil'), ('olive oil')"
echo "orders on node2: $(sql node2 "$db" "SELECT COUNT(*) FROM orders")"

step "skep backup run: every volume on every node; the database is paused for its snapshot and dumped"
"$skep" backup run

step "skep backup ls"
"$skep" backup ls --volume shop-data

step "skep restore: the volume on node3, as if node2 had died"
node node3 volume rm shop-data-restored >/dev/null 2>&1 || true
"$skep" restore shop-data --node node3 --as shop-data-restored

step "a fresh MariaDB on node3 on the restored volume holds the rows"
node node3 rm -f shop-db-restored >/dev/null 2>&1 || true
node node3 run -d --name shop-db-restored -v shop-data-restored:/var/lib/mysql \
  -e MARIADB_ROOT_PASSWORD="$db_password" mariadb:10.11 >/dev/null
wait_for_db node3 shop-db-restored
echo "orders on node3: $(sql node3 shop-db-restored "SELECT GROUP_CONCAT(item ORDER BY id) FROM orders")"
node node3 rm -f shop-db-restored >/dev/null

step "skep agent deploy: the skep volume driver on every node (leases in the repository, snapshots every 20 s)"
"$skep" agent deploy --lease-ttl 15 --heartbeat 3 --snapshot-interval 20

step "MariaDB on node2 on a driver: skep volume (examples/stack-volume-driver.yml is the stack-file form)"
node node1 service rm shop-live >/dev/null 2>&1 || true
node node1 service create --detach --no-resolve-image --name shop-live --constraint node.hostname==node2 \
  --mount type=volume,source=shop-live-data,target=/var/lib/mysql,volume-driver=skep \
  --env MARIADB_ROOT_PASSWORD="$db_password" --env MARIADB_DATABASE=shop mariadb:10.11 >/dev/null
live_on() { # live_on NODE: the shop-live container on NODE, once it runs
  for _ in $(seq 120); do
    live=$(node "$1" ps -q --filter label=com.docker.swarm.service.name=shop-live | head -1)
    [ -n "$live" ] && return 0
    sleep 1
  done
  echo "shop-live does not run on $1" >&2; return 1
}
live_on node2
wait_for_db node2 "$live"
sql node2 "$live" "CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY AUTO_INCREMENT, item VARCHAR(40))"
sql node2 "$live" "INSERT INTO orders (item) VALUES ('flour'), ('yeast'), ('salt'), ('water')"
echo "orders on node2: $(sql node2 "$live" "SELECT COUNT(*) FROM orders")"
# Free to run anywhere now (the running task stays where it is).
node node1 service update --detach --constraint-rm node.hostname==node2 shop-live >/dev/null
"$skep" volume ls

step "waiting for the next periodic snapshot of shop-live-data (every 20 s)"
sleep 25
"$skep" volume ls

step "node2 loses power: every process of it killed at once"
"$skep" sandbox stop node2 --kill
killed=$(date +%s)
for _ in $(seq 180); do
  where=$(node node1 service ps shop-live --filter desired-state=running --format '{{.Node}} {{.CurrentState}}' |
    awk '$1 != "node2" && $2 == "Running" {print $1; exit}')
  [ -n "$where" ] && break
  sleep 1
done
[ -n "$where" ] || { echo "shop-live did not come back" >&2; exit 1; }
live_on "$where"
wait_for_db "$where" "$live"
echo "shop-live back on $where after $(( $(date +%s) - killed )) s (swarm noticed, node2's lease expired, restored)"
echo "orders on $where: $(sql "$where" "$live" "SELECT GROUP_CONCAT(item ORDER BY id) FROM orders")"
"$skep" volume ls

step "node2 comes back; a planned move to it loses nothing"
"$skep" sandbox start node2
sql "$where" "$live" "INSERT INTO orders (item) VALUES ('honey')"
"$skep" volume mv shop-live-data --to node2
live_on node2
wait_for_db node2 "$live"
echo "orders on node2: $(sql node2 "$live" "SELECT GROUP_CONCAT(item ORDER BY id) FROM orders")"

step "skep build --plan: a folder of Dockerfiles (examples/images), parents first, spread over the nodes"
"$skep" build examples/images --plan

step "skep build: built on the nodes' own engines, date-tagged and pushed to the sandbox registry"
"$skep" build examples/images

step "skep build again: nothing changed, nothing is built"
"$skep" build examples/images

step "skep registry ls: what the builds pushed"
"$skep" registry ls

step "skep registry deploy: a registry as a swarm service on a manager (recorded in a copy of the inventory)"
own_registry_inventory="$dir/skep-own-registry.yml"
cp "$SKEP_INVENTORY" "$own_registry_inventory"
sandbox_registry=$(sed -n 's/^registry: *//p' "$SKEP_INVENTORY")
SKEP_INVENTORY="$own_registry_inventory" "$skep" registry deploy --image "$sandbox_registry/registry:2" --replace
diff "$SKEP_INVENTORY" "$own_registry_inventory" || true

step "skep control deploy: the schedule, run history, notifications and dashboard as one swarm service"
control_inventory="$dir/skep-control.yml"
cp "$SKEP_INVENTORY" "$control_inventory"
cat >>"$control_inventory" <<YAML

schedule:
  time_zone: UTC
  catch_up: once
  jobs:
    backup: "30 3 * * *"
    check: "0 5 * * sun"
control:
  port: 8484
  stale_after: 36h
YAML
sed -n '/^schedule:/,$p' "$control_inventory"
SKEP_INVENTORY="$control_inventory" "$skep" control deploy

step "skep jobs run backup --wait: a backup now, through the service (recorded like a scheduled one)"
timeout 600 env SKEP_INVENTORY="$control_inventory" "$skep" jobs run backup --wait || true
SKEP_INVENTORY="$control_inventory" "$skep" jobs ls

step "skep jobs run backup twice at once: the second is refused, never overlapped"
SKEP_INVENTORY="$control_inventory" "$skep" jobs run backup
SKEP_INVENTORY="$control_inventory" "$skep" jobs run backup || echo "(exit $?: refused while run is going on)"

control_url=$(SKEP_INVENTORY="$control_inventory" "$skep" control url)
control_password=$(cat "$dir/.skep-control-password")
step "the dashboard: $control_url"
echo "user: any name, password: in $dir/.skep-control-password"
if command -v chromium >/dev/null; then
  url_with_login="${control_url/http:\/\//http://skep:$control_password@}"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$dir/chromium" \
    --window-size=1280,1800 --screenshot="$dir/dashboard.png" "$url_with_login" >/dev/null 2>&1 &&
    echo "a screenshot of it: $dir/dashboard.png"
fi
echo "metrics: curl -u skep:\$(cat $dir/.skep-control-password) ${control_url}metrics"

cat <<TXT

The sandbox keeps running. Try:
  export SKEP_INVENTORY=$SKEP_INVENTORY
  $skep cluster status --json
  $skep node drain node3
  SKEP_INVENTORY=$control_inventory $skep jobs ls
Dashboard: $control_url (password in $dir/.skep-control-password)
Tear it down with: $skep sandbox down --dir $dir
TXT
