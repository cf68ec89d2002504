/// Builds the ``DumpCommand`` for a database container from its own environment, the way the official images
/// take their credentials.
public enum DumpCommandBuilder {
  static let mysqlOptions = ["--single-transaction", "--routines", "--events", "--all-databases"]

  /// The dump command for `user`'s database of kind `kind`.
  public static func command(for user: VolumeUser, kind: DatabaseKind) throws(DumpCommandError) -> DumpCommand {
    switch kind {
    case .mysql: return try mysql(user)
    case .postgres: return postgres(user)
    }
  }

  /// `mariadb-dump` when the image has it (MariaDB 11 dropped the `mysqldump` name), else `mysqldump`.
  static func mysql(_ container: VolumeUser) throws(DumpCommandError) -> DumpCommand {
    let credentials = try mysqlCredentials(container)
    let pick =
      "if command -v mariadb-dump >/dev/null 2>&1; then dump=mariadb-dump; else dump=mysqldump; fi; "
    var environment: [String: String] = [:]
    var script = pick
    switch credentials.password {
    case .none:
      script += "exec \"$dump\" \"$@\""
    case .value(let password):
      environment["MYSQL_PWD"] = password
      script += "exec \"$dump\" \"$@\""
    case .file(let path):
      environment["SKEP_PASSWORD_FILE"] = path
      script += "MYSQL_PWD=\"$(cat \"$SKEP_PASSWORD_FILE\")\"; export MYSQL_PWD; exec \"$dump\" \"$@\""
    }
    return DumpCommand(
      kind: .mysql, arguments: ["/bin/sh", "-c", script, "skep-dump", "--user=\(credentials.user)"] + mysqlOptions,
      environment: environment, user: credentials.user, filename: "mysql-all-databases.sql")
  }

  /// `pg_dumpall` as `POSTGRES_USER` (default `postgres`) over the container's local socket.
  static func postgres(_ container: VolumeUser) -> DumpCommand {
    let user = container.environmentValue("POSTGRES_USER").flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
    var environment: [String: String] = [:]
    var script = "exec pg_dumpall \"$@\""
    if let password = container.environmentValue("POSTGRES_PASSWORD"), !password.isEmpty {
      environment["PGPASSWORD"] = password
    } else if let path = container.environmentValue("POSTGRES_PASSWORD_FILE"), !path.isEmpty {
      environment["SKEP_PASSWORD_FILE"] = path
      script = "PGPASSWORD=\"$(cat \"$SKEP_PASSWORD_FILE\")\"; export PGPASSWORD; exec pg_dumpall \"$@\""
    }
    return DumpCommand(
      kind: .postgres,
      arguments: ["/bin/sh", "-c", script, "skep-dump", "--username=\(user)", "--clean", "--if-exists"],
      environment: environment, user: user, filename: "postgres-all-databases.sql")
  }

  enum Password: Equatable {
    case none
    case value(String)
    case file(String)
  }

  /// root with `MYSQL_ROOT_PASSWORD`/`MARIADB_ROOT_PASSWORD` (or `_FILE`), else the app user
  /// `MYSQL_USER`/`MARIADB_USER` with its password, else root without a password when the image allows it.
  static func mysqlCredentials(_ container: VolumeUser) throws(DumpCommandError) -> (user: String, password: Password) {
    func password(_ names: [String]) -> Password? {
      for name in names {
        if let value = container.environmentValue(name), !value.isEmpty { return .value(value) }
        if let path = container.environmentValue(name + "_FILE"), !path.isEmpty { return .file(path) }
      }
      return nil
    }
    if let root = password(["MARIADB_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD"]) { return ("root", root) }
    let userName = ["MARIADB_USER", "MYSQL_USER"].lazy.compactMap { container.environmentValue($0) }
      .first { !$0.isEmpty }
    if let userName, let userPassword = password(["MARIADB_PASSWORD", "MYSQL_PASSWORD"]) {
      return (userName, userPassword)
    }
    let allowEmpty = ["MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD"].contains { name in
      guard let value = container.environmentValue(name)?.lowercased() else { return false }
      return !value.isEmpty && value != "no" && value != "0" && value != "false"
    }
    if allowEmpty { return ("root", .none) }
    throw DumpCommandError(
      container: container.name,
      message: "no credentials in its environment (MYSQL_ROOT_PASSWORD/MARIADB_ROOT_PASSWORD or MYSQL_USER with"
        + " MYSQL_PASSWORD, or their _FILE forms); a random root password cannot be used")
  }
}
