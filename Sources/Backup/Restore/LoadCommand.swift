/// How to load a dump file into a running database container: an exec of its own client reading a file that is
/// inside the container. Like ``DumpCommand``, the password is never in ``arguments``.
public struct LoadCommand: Sendable, Hashable {
  /// The exec's argv; holds no secret.
  public var arguments: [String]
  /// Environment the exec needs (`MYSQL_PWD`, `PGPASSWORD`, or the path of a `*_FILE` secret).
  public var environment: [String: String]
  /// The database user it connects as.
  public var user: String

  /// The environment as Docker's exec `Env` list.
  public var execEnvironment: [String] {
    environment.keys.sorted().compactMap { key in environment[key].map { "\(key)=\($0)" } }
  }

  /// The load command for `container` (a database of `kind`) reading `file` (a path inside the container), with
  /// the credentials the dump would use.
  public static func make(for container: VolumeUser, kind: DatabaseKind, file: String) throws(DumpCommandError)
    -> LoadCommand
  {
    switch kind {
    case .mysql:
      let credentials = try DumpCommandBuilder.mysqlCredentials(container)
      var environment = ["SKEP_DUMP_FILE": file]
      var script = "if command -v mariadb >/dev/null 2>&1; then c=mariadb; else c=mysql; fi; "
      switch credentials.password {
      case .none: break
      case .value(let password): environment["MYSQL_PWD"] = password
      case .file(let path):
        environment["SKEP_PASSWORD_FILE"] = path
        script += "MYSQL_PWD=\"$(cat \"$SKEP_PASSWORD_FILE\")\"; export MYSQL_PWD; "
      }
      script += "exec \"$c\" \"$@\" < \"$SKEP_DUMP_FILE\""
      return LoadCommand(
        arguments: ["/bin/sh", "-c", script, "skep-load", "--user=\(credentials.user)"], environment: environment,
        user: credentials.user)
    case .postgres:
      let user = container.environmentValue("POSTGRES_USER").flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
      var environment = ["SKEP_DUMP_FILE": file]
      var script = ""
      if let password = container.environmentValue("POSTGRES_PASSWORD"), !password.isEmpty {
        environment["PGPASSWORD"] = password
      } else if let path = container.environmentValue("POSTGRES_PASSWORD_FILE"), !path.isEmpty {
        environment["SKEP_PASSWORD_FILE"] = path
        script = "PGPASSWORD=\"$(cat \"$SKEP_PASSWORD_FILE\")\"; export PGPASSWORD; "
      }
      // pg_dumpall --clean cannot drop the connected role: its error is expected, so no ON_ERROR_STOP.
      script += "exec psql --quiet \"$@\" -f \"$SKEP_DUMP_FILE\""
      return LoadCommand(
        arguments: ["/bin/sh", "-c", script, "skep-load", "--username=\(user)", "--dbname=postgres"],
        environment: environment, user: user)
    }
  }
}
