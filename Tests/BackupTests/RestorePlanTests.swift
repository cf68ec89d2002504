import DockerEngine
import Foundation
import Testing

@testable import Backup

/// `skep restore`'s decisions: which snapshot, whether the target may be written, the job it runs.
struct RestorePlanTests {
  func snapshot(_ id: String, _ volume: String, _ kind: String, at seconds: TimeInterval) -> Snapshot {
    Snapshot(
      id: id, shortID: String(id.prefix(8)), time: Date(timeIntervalSince1970: seconds), paths: ["."],
      hostname: "skep", tags: ["volume=\(volume)", "kind=\(kind)", "node=node2"])
  }

  @Test func latestIsTheNewestFilesSnapshotOfThatVolume() throws {
    let all = [
      snapshot("aaaa1111", "db", "files", at: 10), snapshot("bbbb2222", "db", "files", at: 30),
      snapshot("cccc3333", "db", "dump", at: 40), snapshot("dddd4444", "other", "files", at: 50),
    ]
    #expect(try RestorePlan.snapshot("latest", volume: "db", among: all).id == "bbbb2222")
    #expect(try RestorePlan.snapshot("AAAA", volume: "db", among: all).id == "aaaa1111")
    #expect(throws: RestorePlan.Refusal.unknownSnapshot(id: "cccc", volume: "db", known: ["aaaa1111", "bbbb2222"])) {
      try RestorePlan.snapshot("cccc", volume: "db", among: all)
    }
    #expect(throws: RestorePlan.Refusal.noSnapshot(volume: "nothing")) {
      try RestorePlan.snapshot("latest", volume: "nothing", among: all)
    }
    #expect("\(RestorePlan.Refusal.noSnapshot(volume: "x"))".contains("no files snapshot of volume x"))
  }

  func containers(_ json: String) throws -> [ContainerSummary] {
    try JSONDecoder().decode([ContainerSummary].self, from: Data(json.utf8))
  }

  @Test func aVolumeUsedByAnyContainerIsRefusedNamingIt() throws {
    let list = try containers(
      """
      [{"Id":"1","Names":["/db.1.abc"],"State":"exited","Mounts":[{"Type":"volume","Name":"data"}]},
       {"Id":"2","Names":["/web"],"State":"running","Mounts":[{"Type":"volume","Name":"data"}]},
       {"Id":"3","Names":["/old-job"],"State":"exited","Labels":{"skep.job":"restore"},
        "Mounts":[{"Type":"volume","Name":"data"}]},
       {"Id":"4","Names":["/elsewhere"],"State":"running","Mounts":[{"Type":"volume","Name":"other"}]}]
      """)
    #expect(
      throws: RestorePlan.Refusal.inUse(volume: "data", node: "n", containers: ["db.1.abc (exited)", "web (running)"])
    ) {
      try RestorePlan.checkUnused(volume: "data", node: "n", containers: list)
    }
    try RestorePlan.checkUnused(volume: "free", node: "n", containers: list)
  }

  @Test func theJobMountsTheVolumeAndNeverThePassword() throws {
    let job = RestoreJob.spec(
      name: "skep-restore-x", image: "reg/skep:latest", repository: "/nas/restic", repositoryKind: .local,
      node: "node3", snapshotID: "abcdef", force: true)
    let spec = RestoreJob.serviceSpec(job, volume: "db-restored", secretID: "sec1")
    let container = spec.taskTemplate.containerSpec
    #expect(container.mounts?.contains(.init(type: "volume", source: "db-restored", target: "/restore")) == true)
    #expect(container.mounts?.contains(.init(type: "bind", source: "/nas/restic", target: "/nas/restic")) == true)
    #expect(spec.taskTemplate.placement?.constraints == ["node.hostname==node3"])
    #expect(spec.mode == .replicatedJob(maxConcurrent: 1, totalCompletions: 1))
    #expect(container.command?.suffix(2) == ["abcdef", "force"])
    #expect(container.env?.contains("RESTIC_PASSWORD_FILE=\(SwarmJobSpec.passwordFile)") == true)
    #expect(container.secrets?.map(\.secretName) == [SwarmJobSpec.passwordSecretName])
  }

  @Test func theJobsLastStatusLineIsRead() {
    let lines = ["restoring <Snapshot abc> to /restore", #"{"status":"ok","entries":2,"files":7,"bytes":1234}"#]
    #expect(RestoreJobOutput.parse(lines) == RestoreJobOutput(status: .ok, entries: 2, files: 7, bytes: 1234))
    #expect(RestoreJobOutput.parse([#"{"status":"notEmpty","entries":3}"#])?.status == .notEmpty)
    #expect(RestoreJobOutput.parse(["Fatal: wrong password"]) == nil)
  }
}

/// `skep restore --dump`: which dump, and the client command that loads it.
struct RestoreDumpPlanTests {
  @Test func theNewestDumpOfTheServiceIsChosen() throws {
    let all = [
      Snapshot(
        id: "aa11", shortID: "aa11", time: Date(timeIntervalSince1970: 10), paths: ["/mysql-all-databases.sql"],
        hostname: "skep", tags: ["volume=db", "kind=dump", "service=shop_db"]),
      Snapshot(
        id: "bb22", shortID: "bb22", time: Date(timeIntervalSince1970: 20), paths: ["/mysql-all-databases.sql"],
        hostname: "skep", tags: ["volume=db", "kind=dump", "service=shop_db"]),
      Snapshot(
        id: "cc33", shortID: "cc33", time: Date(timeIntervalSince1970: 30), paths: ["."], hostname: "skep",
        tags: ["volume=db", "kind=files", "service=shop_db"]),
    ]
    let chosen = try RestorePlan.dumpSnapshot("latest", service: "shop_db", among: all)
    #expect(chosen.id == "bb22")
    #expect(RestorePlan.dumpFilename(chosen, kind: .mysql) == "mysql-all-databases.sql")
    #expect(try RestorePlan.dumpSnapshot("aa", service: "shop_db", among: all).id == "aa11")
    #expect(throws: RestorePlan.DumpRefusal.self) { try RestorePlan.dumpSnapshot("latest", service: "x", among: all) }
    #expect(RestorePlan.dumpFilter(service: "a,b") == "kind=dump,service=a%2Cb")
  }

  @Test func theLoadCommandKeepsPasswordsOutOfArgv() throws {
    let db = VolumeUser(id: "1", name: "db", image: "mariadb:10.11", environment: ["MARIADB_ROOT_PASSWORD=s3cret"])
    let mysql = try LoadCommand.make(for: db, kind: .mysql, file: "/var/lib/mysql/.skep-load-x.sql")
    #expect(!mysql.arguments.joined().contains("s3cret") && mysql.environment["MYSQL_PWD"] == "s3cret")
    #expect(
      mysql.arguments.last == "--user=root" && mysql.environment["SKEP_DUMP_FILE"] == "/var/lib/mysql/.skep-load-x.sql")
    let pg = VolumeUser(
      id: "2", name: "pg", image: "postgres:16",
      environment: ["POSTGRES_USER=app", "POSTGRES_PASSWORD_FILE=/run/secrets/pg"])
    let postgres = try LoadCommand.make(for: pg, kind: .postgres, file: "/data/x.sql")
    #expect(
      postgres.arguments.contains("--username=app") && postgres.environment["SKEP_PASSWORD_FILE"] == "/run/secrets/pg")
    #expect(throws: DumpCommandError.self) {
      try LoadCommand.make(for: VolumeUser(id: "3", name: "r", image: "mysql:8"), kind: .mysql, file: "/x")
    }
  }
}
