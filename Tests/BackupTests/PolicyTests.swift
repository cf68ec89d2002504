import Backup
import SkepConfig
import Testing

@Suite struct ConsistencyPolicyTests {
  static let db = VolumeUser(id: "1", name: "shop_db", image: "mariadb:11")
  static let web = VolumeUser(id: "2", name: "web", image: "nginx:1.27")

  func decide(_ users: [VolumeUser], rule: VolumeRule = VolumeRule(), labels: [String: String] = [:])
    -> ConsistencyDecision
  {
    ConsistencyPolicy.decide(volume: "data", volumeLabels: labels, users: users, rule: rule)
  }

  @Test func precedence() {
    var labelled = Self.db
    labelled.labels = [BackupLabels.consistency: "stop", BackupLabels.offenStop: "true"]
    var offen = Self.web
    offen.labels = [BackupLabels.offenStop: "true"]
    let cases: [(ConsistencyDecision, ConsistencyMode, ConsistencyDecision.Source)] = [
      (decide([labelled], rule: VolumeRule(consistency: ConsistencyMode.none)), .none, .inventory),
      (decide([labelled]), .stop, .label),
      (decide([offen, Self.db]), .stop, .offen),
      (decide([Self.web, Self.db]), .pause, .database),
      (decide([Self.web]), .none, .none),
      (decide([]), .none, .none),
    ]
    for (decision, mode, source) in cases {
      #expect(decision.backup)
      #expect(decision.mode == mode)
      #expect(decision.source == source)
    }
    #expect(decide([Self.web, Self.db]).containers == ["web", "shop_db"])
    #expect(decide([Self.web, Self.db]).reason == "pause: shop_db runs mariadb:11 (mysql)")
    #expect(decide([Self.web]).containers.isEmpty)
  }

  @Test func optOutWinsOverEverything() {
    let byLabel = decide([Self.db], labels: [BackupLabels.backup: "false"])
    #expect(!byLabel.backup)
    #expect(byLabel.source == .optOut)
    #expect(byLabel.reason.contains("skep.backup=false"))
    let byRule = decide([Self.db], rule: VolumeRule(backup: false, consistency: .stop))
    #expect(!byRule.backup)
    #expect(byRule.reason.contains("backup: false in skep.yml"))
  }

  @Test func onlyRunningContainersArePausedOrHooked() {
    var stopped = Self.db
    stopped.state = "exited"
    stopped.labels = [BackupLabels.pre: "echo pre"]
    #expect(decide([stopped]).mode == .none)
    var hooked = Self.web
    hooked.labels = [BackupLabels.pre: "redis-cli save", BackupLabels.post: "  "]
    let decision = decide([hooked, stopped])
    #expect(decision.preHooks == [ExecHook(container: "web", command: ["/bin/sh", "-c", "redis-cli save"])])
    #expect(decision.postHooks.isEmpty)
  }

  @Test func badLabelValueIsAWarningNotADecision() {
    var user = Self.db
    user.labels = [BackupLabels.consistency: "freeze"]
    let decision = decide([user])
    #expect(decision.mode == .pause)
    #expect(decision.source == .database)
    #expect(decision.warnings == ["shop_db: skep.backup.consistency=freeze is not pause, stop or none; ignored"])
  }
}

@Suite struct DatabaseDetectorTests {
  @Test(arguments: [
    ("mysql", DatabaseKind.mysql), ("mysql:8.4", .mysql), ("mariadb:11", .mysql), ("bitnami/mariadb:11.4", .mysql),
    ("docker.io/library/mariadb@sha256:abc", .mysql), ("mysql/mysql-server:8.0", .mysql), ("postgres", .postgres),
    ("192.168.1.2:5000/lib/postgres:16-alpine", .postgres), ("bitnami/postgresql:16", .postgres),
    ("postgis/postgis:16-3.4", .postgres),
  ])
  func imagesAreDetected(image: String, kind: DatabaseKind) {
    #expect(DatabaseDetector.detect(VolumeUser(id: "x", name: "x", image: image)) == kind)
  }

  @Test(arguments: ["nginx", "registry.lan:5000/mysql-exporter:1", "postgres-exporter", "redis:7"])
  func othersAreNot(image: String) {
    #expect(DatabaseDetector.detect(VolumeUser(id: "x", name: "x", image: image)) == nil)
  }

  @Test func labelOverridesTheImage() {
    let custom = VolumeUser(id: "x", name: "x", image: "me/shop-db:3", labels: [BackupLabels.database: "postgres"])
    #expect(DatabaseDetector.detect(custom) == .postgres)
    let off = VolumeUser(id: "x", name: "x", image: "mariadb:11", labels: [BackupLabels.database: "none"])
    #expect(DatabaseDetector.detect(off) == nil)
  }
}

@Suite struct DumpCommandTests {
  func mysql(_ environment: [String]) throws -> DumpCommand {
    try DumpCommandBuilder.command(
      for: VolumeUser(id: "x", name: "db", image: "mariadb:11", environment: environment), kind: .mysql)
  }

  @Test func rootPasswordGoesThroughTheEnvironmentOnly() throws {
    let command = try mysql(["MARIADB_ROOT_PASSWORD=hunter2", "MYSQL_USER=app", "MYSQL_PASSWORD=apppw"])
    #expect(command.user == "root")
    #expect(command.environment == ["MYSQL_PWD": "hunter2"])
    #expect(command.execEnvironment == ["MYSQL_PWD=hunter2"])
    #expect(!command.arguments.joined().contains("hunter2"))
    #expect(!command.description.contains("hunter2"))
    #expect(
      command.arguments.suffix(5) == ["--user=root"] + [
        "--single-transaction", "--routines", "--events", "--all-databases",
      ])
    #expect(command.arguments[2].contains("mariadb-dump") && command.arguments[2].contains("mysqldump"))
  }

  @Test func appUserAndSecretFiles() throws {
    let user = try mysql(["MYSQL_USER=app", "MYSQL_PASSWORD=apppw"])
    #expect(user.user == "app")
    #expect(user.environment == ["MYSQL_PWD": "apppw"])
    let file = try mysql(["MYSQL_ROOT_PASSWORD_FILE=/run/secrets/db_root"])
    #expect(file.environment == ["SKEP_PASSWORD_FILE": "/run/secrets/db_root"])
    #expect(file.arguments[2].contains("cat \"$SKEP_PASSWORD_FILE\""))
    let empty = try mysql(["MYSQL_ALLOW_EMPTY_PASSWORD=yes"])
    #expect(empty.environment.isEmpty)
    #expect(throws: DumpCommandError.self) { try mysql(["MYSQL_RANDOM_ROOT_PASSWORD=yes"]) }
  }

  @Test func postgres() throws {
    let user = VolumeUser(
      id: "x", name: "pg", image: "postgres:16", environment: ["POSTGRES_USER=shop", "POSTGRES_PASSWORD=pgpw"])
    let command = try DumpCommandBuilder.command(for: user, kind: .postgres)
    #expect(command.arguments.contains("--username=shop"))
    #expect(command.arguments[2] == "exec pg_dumpall \"$@\"")
    #expect(command.environment == ["PGPASSWORD": "pgpw"])
    #expect(!command.arguments.joined().contains("pgpw"))
    let defaults = try DumpCommandBuilder.command(
      for: VolumeUser(id: "x", name: "pg", image: "postgres", environment: ["POSTGRES_PASSWORD_FILE=/run/s/pg"]),
      kind: .postgres)
    #expect(defaults.user == "postgres")
    #expect(defaults.environment == ["SKEP_PASSWORD_FILE": "/run/s/pg"])
  }
}
