/// The entrypoint baked into the sandbox's `mariadb` image: a small subset of the official image's behaviour
/// (`MARIADB_ROOT_PASSWORD`, `MARIADB_DATABASE`, `MARIADB_USER`, `MARIADB_PASSWORD`; data in /var/lib/mysql).
enum MariaDBEntrypoint {
  static let path = "usr/local/bin/docker-entrypoint.sh"

  static let script = #"""
    #!/bin/sh
    # Entrypoint of the skep sandbox's mariadb image (written by `skep sandbox up`).
    set -e
    if [ "${1#-}" != "$1" ]; then set -- mariadbd "$@"; fi
    if [ "$1" = "mariadbd" ] || [ "$1" = "mysqld" ]; then
      shift
      mkdir -p /run/mysqld /var/lib/mysql
      chown mysql:mysql /run/mysqld /var/lib/mysql
      if [ ! -d /var/lib/mysql/mysql ]; then
        mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >/dev/null
        mariadbd --user=mysql --skip-networking --socket=/run/mysqld/init.sock &
        pid=$!
        for _ in $(seq 60); do
          mariadb --socket=/run/mysqld/init.sock -e 'SELECT 1' >/dev/null 2>&1 && break
          sleep 1
        done
        {
          if [ -n "$MARIADB_ROOT_PASSWORD" ]; then
            echo "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '$MARIADB_ROOT_PASSWORD';"
            echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
            echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$MARIADB_ROOT_PASSWORD';"
          fi
          if [ -n "$MARIADB_DATABASE" ]; then echo "CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;"; fi
          if [ -n "$MARIADB_USER" ]; then
            echo "CREATE USER IF NOT EXISTS '$MARIADB_USER'@'%' IDENTIFIED BY '$MARIADB_PASSWORD';"
            if [ -n "$MARIADB_DATABASE" ]; then echo "GRANT ALL ON \`$MARIADB_DATABASE\`.* TO '$MARIADB_USER'@'%';"; fi
          fi
        } | mariadb --socket=/run/mysqld/init.sock
        kill "$pid"
        wait "$pid" || true
      fi
      exec mariadbd --user=mysql --bind-address=0.0.0.0 "$@"
    fi
    exec "$@"

    """#
}
