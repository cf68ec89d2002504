#!/usr/bin/env bash
# `make demo`: a 3-node sandbox, a swarm formed by `skep cluster up`, its status; then a MariaDB service backed up
# and its volume restored on another node; then a small image tree built across the nodes. Leaves the sandbox running.
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

cat <<TXT

The sandbox keeps running. Try:
  export SKEP_INVENTORY=$SKEP_INVENTORY
  $skep cluster status --json
  $skep node drain node3
Tear it down with: $skep sandbox down --dir $dir
TXT
