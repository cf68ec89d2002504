import SkepConfig
import Testing

@Suite struct BackupSectionTests {
  /// `oneNode` plus a backup section starting on line 6 (`backup:`), its keys on line 7 onwards at column 3.
  static func inventory(_ lines: String...) -> String {
    oneNode + "backup:\n" + lines.map { "  " + $0 + "\n" }.joined()
  }

  @Test func everyKeyIsRead() throws {
    let yaml = Self.inventory(
      "repository: /srv/nas/restic", "compression: max", "keep:", "  last: 3", "  daily: 7", "  weekly: 4",
      "  monthly: 6", "volumes:", "  mysql-data:", "    consistency: pause", "    exclude: [\"*.tmp\", \"cache/\"]",
      "  scratch:", "    backup: false", "  logs:", "    exclude: \"*.log\"", "  plain:")
    let backup = try #require(try InventoryLoader.parse(yaml, file: "skep.yml").backup)
    #expect(backup.repository == "/srv/nas/restic")
    #expect(backup.repositoryKind == .local)
    #expect(backup.repositoryLocation?.description == "skep.yml:7:15")
    #expect(backup.location.description == "skep.yml:7:3")
    #expect(backup.compression == .max)
    #expect(backup.retention == RetentionPolicy(last: 3, daily: 7, weekly: 4, monthly: 6))
    #expect(backup.retention.counts.map(\.key) == ["last", "daily", "weekly", "monthly"])
    #expect(
      backup.volumes["mysql-data"]
        == VolumeRule(
          consistency: .pause, exclude: ["*.tmp", "cache/"],
          location: SkepConfig.SourceLocation(file: "skep.yml", line: 15, column: 5)))
    #expect(backup.volumes["scratch"]?.backup == false)
    #expect(backup.volumes["logs"]?.exclude == ["*.log"])
    #expect(backup.volumes["plain"]?.backup == true)
    #expect(backup.rule(forVolume: "unknown") == VolumeRule())
    #expect(backup.keyLocations.keys.sorted() == ["compression", "keep", "repository", "volumes"])
  }

  @Test func defaultsWithOnlyARepository() throws {
    let backup = try #require(try InventoryLoader.parse(Self.inventory("repository: /mnt/nas"), file: "s").backup)
    #expect(backup.compression == .auto)
    #expect(backup.retention.isEmpty)
    #expect(backup.volumes.isEmpty)
  }

  @Test func remoteRepositories() throws {
    let cases: [(String, BackupRepositoryKind)] = [
      ("sftp:backup@nas.lan:/srv/restic", .sftp), ("sftp://backup@nas.lan:2222//srv/restic", .sftp),
      ("s3:https://minio.lan:9000/backups/skep", .s3), ("s3:s3.amazonaws.com/bucket", .s3),
    ]
    for (repository, kind) in cases {
      let backup = try InventoryLoader.parse(Self.inventory("repository: \(repository)"), file: "s").backup
      #expect(backup?.repositoryKind == kind, "\(repository)")
      #expect(backup?.repository == repository)
    }
  }

  @Test func repositoryIsRequiredAndChecked() {
    expectError(Self.inventory("compression: auto"), at: "skep.yml:7:3", "backup is missing required key 'repository'")
    expectError(
      Self.inventory("repository: nas/restic"), at: "skep.yml:7:15", "must be an absolute path, found 'nas/restic'")
    expectError(Self.inventory("repository: ~/restic"), at: "skep.yml:7:15", "'~' is not expanded")
    expectError(
      Self.inventory("repository: rest:http://nas:8000/"), at: "skep.yml:7:15",
      "unsupported repository scheme 'rest:'", "sftp:user@host:/path")
    expectError(Self.inventory("repository: sftp:nas.lan"), at: "skep.yml:7:15", "needs a host and a path")
    expectError(Self.inventory("repository: s3:https://minio"), at: "skep.yml:7:15", "needs an endpoint and a bucket")
    expectError(Self.inventory("repository: [a]"), at: "skep.yml:7:15", "'repository' must be a string")
  }

  @Test func unknownKeysWithHints() {
    expectError(
      Self.inventory("repository: /r", "compresion: auto"), at: "skep.yml:8:3",
      "unknown key 'compresion' in backup; did you mean 'compression'?")
    expectError(
      Self.inventory("repository: /r", "retention: {}"), at: "skep.yml:8:3",
      "unknown key 'retention' in backup; retention is written 'keep:'")
    expectError(
      Self.inventory("repository: /r", "keep-daily: 7"), at: "skep.yml:8:3", "write 'keep: {daily: N}'")
    expectError(
      Self.inventory("repository: /r", "password: hunter2"), at: "skep.yml:8:3", "swarm secret")
    expectError(
      Self.inventory("repository: /r", "keep: {dayly: 7}"), at: "skep.yml:8:10",
      "unknown key 'dayly' in keep; did you mean 'daily'?")
    expectError(
      Self.inventory("repository: /r", "volumes:", "  db:", "    consistancy: stop"), at: "skep.yml:10:7",
      "unknown key 'consistancy' in volume 'db'; did you mean 'consistency'?")
  }

  @Test func wrongValues() {
    expectError(
      Self.inventory("repository: /r", "compression: fast"), at: "skep.yml:8:16",
      "'compression' must be auto, max, off, found 'fast'")
    expectError(
      Self.inventory("repository: /r", "keep: {daily: -1}"), at: "skep.yml:8:17",
      "'keep.daily' must be 0 or more snapshots, found -1")
    expectError(
      Self.inventory("repository: /r", "keep: {weekly: four}"), at: "skep.yml:8:18",
      "'keep.weekly' must be a whole number of snapshots, found 'four'")
    expectError(Self.inventory("repository: /r", "keep: 7"), at: "skep.yml:8:9", "keep must be a mapping")
    expectError(
      Self.inventory("repository: /r", "volumes:", "  db: {consistency: freeze}"), at: "skep.yml:9:23",
      "'consistency' must be pause, stop, none, found 'freeze'")
    expectError(
      Self.inventory("repository: /r", "volumes:", "  db: {consistency: paus}"), at: "skep.yml:9:23",
      "did you mean 'pause'?")
    expectError(
      Self.inventory("repository: /r", "volumes:", "  db: {backup: no}"), at: "skep.yml:9:18",
      "'backup' must be true or false")
    expectError(
      Self.inventory("repository: /r", "volumes:", "  db: {exclude: {a: b}}"), at: "skep.yml:9:19",
      "'exclude' of volume 'db' must be a pattern or a list")
    expectError(
      Self.inventory("repository: /r", "volumes: [db]"), at: "skep.yml:8:12", "'volumes' must be a mapping")
    expectError(
      Self.inventory("repository: /r", "volumes:", "  -bad: {}"), at: "skep.yml:9:5",
      "'-bad' is not a Docker volume name")
  }
}
