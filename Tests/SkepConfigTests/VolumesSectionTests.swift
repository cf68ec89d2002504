import SkepConfig
import Testing

@Suite struct VolumesSectionTests {
  /// `oneNode` plus a volumes section starting on line 6 (`volumes:`), its keys on line 7 onwards at column 3.
  /// Values start at column 22 (`snapshot_interval`), 14 (`lease_ttl`, `heartbeat`) and 17 (`restore_wait`).
  static func inventory(_ lines: String...) -> String {
    oneNode + "volumes:\n" + lines.map { "  " + $0 + "\n" }.joined()
  }

  /// The section of `inventory(lines)`, which must parse.
  static func section(_ lines: String...) throws -> VolumesSection {
    let yaml = oneNode + "volumes:\n" + lines.map { "  " + $0 + "\n" }.joined()
    return try #require(try InventoryLoader.parse(yaml, file: "skep.yml").volumes)
  }

  /// Expects parsing `yaml` to fail with exactly `location: error: message`.
  static func expectFailure(
    _ yaml: String, at location: String, _ message: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    guard let error = parseError(yaml) else {
      Issue.record("expected an error at \(location), but the inventory parsed", sourceLocation: sourceLocation)
      return
    }
    #expect(error.description == "\(location): error: \(message)", sourceLocation: sourceLocation)
  }

  @Test func absentSectionIsNilAndEmptySettingsAreNil() throws {
    #expect(try InventoryLoader.parse(oneNode, file: "skep.yml").volumes == nil)
    let section = try Self.section("heartbeat: 10")
    #expect(section.snapshotInterval == nil && section.leaseTTL == nil && section.restoreWait == nil)
    #expect(section.location.description == "skep.yml:7:3")
    #expect(
      VolumesSection.defaultSnapshotInterval == 3600 && VolumesSection.defaultLeaseTTL == 45
        && VolumesSection.defaultHeartbeat == 10 && VolumesSection.defaultRestoreWait == 30)
  }

  @Test func everyKeyInSecondsAndWithUnits() throws {
    let plain = try Self.section("snapshot_interval: 5400", "lease_ttl: 60", "heartbeat: 20", "restore_wait: 45")
    let units = try Self.section("snapshot_interval: 1h30m", "lease_ttl: 1m", "heartbeat: 20s", "restore_wait: \"45s\"")
    for section in [plain, units] {
      #expect(section.snapshotInterval == VolumesSection.Setting(seconds: 5400, location: location(7, 22)))
      #expect(section.leaseTTL == VolumesSection.Setting(seconds: 60, location: location(8, 14)))
      #expect(section.heartbeat == VolumesSection.Setting(seconds: 20, location: location(9, 14)))
      #expect(section.restoreWait == VolumesSection.Setting(seconds: 45, location: location(10, 17)))
    }
  }

  @Test(arguments: [
    ("0", 0), ("60", 60), ("90s", 90), ("15m", 900), ("1h", 3600), ("2h5s", 7205), ("1h1m1s", 3661),
    ("\"600\"", 600), ("'10m'", 600), ("007m", 420),
  ])
  func durationForms(text: String, seconds: Int) throws {
    #expect(try Self.section("snapshot_interval: \(text)").snapshotInterval?.seconds == seconds)
  }

  @Test(arguments: [
    "ten", "1.5h", "1.5m", "1h30", "30m1h", "1h1h", "1d", "10 s", "10S", "+10", "s", "1e3", "0x10", "1:30",
  ])
  func malformedDurations(text: String) {
    Self.expectFailure(
      Self.inventory("heartbeat: \(text)"), at: "skep.yml:7:14",
      "'heartbeat' must be a duration (whole seconds like 45, or whole numbers with unit h, m or s like 90s, 15m,"
        + " 1h30m), found '\(text)'")
  }

  @Test func durationsMustBeScalars() {
    Self.expectFailure(
      Self.inventory("lease_ttl: [45s]"), at: "skep.yml:7:14",
      "'lease_ttl' must be a duration (whole seconds like 45, or whole numbers with unit h, m or s like 90s, 15m,"
        + " 1h30m), found a list")
    Self.expectFailure(
      Self.inventory("restore_wait:"), at: "skep.yml:7:16",
      "'restore_wait' must be a duration (whole seconds like 45, or whole numbers with unit h, m or s like 90s, 15m,"
        + " 1h30m), found an empty value")
  }

  @Test func negativeValues() {
    Self.expectFailure(
      Self.inventory("snapshot_interval: -1h"), at: "skep.yml:7:22",
      "'snapshot_interval' must not be negative, found '-1h'")
    Self.expectFailure(
      Self.inventory("restore_wait: -5"), at: "skep.yml:7:17", "'restore_wait' must not be negative, found '-5'")
  }

  @Test func tooLarge() {
    Self.expectFailure(
      Self.inventory("lease_ttl: 99999999999999999999"), at: "skep.yml:7:14",
      "'lease_ttl' is too large, found '99999999999999999999'")
    Self.expectFailure(
      Self.inventory("lease_ttl: 9223372036854775807h"), at: "skep.yml:7:14",
      "'lease_ttl' is too large, found '9223372036854775807h'")
  }

  @Test func heartbeatMustBeMoreThanZero() {
    Self.expectFailure(
      Self.inventory("heartbeat: 0s"), at: "skep.yml:7:14",
      "'heartbeat' must be more than 0 seconds: the driver renews its leases every heartbeat")
  }

  @Test func restoreWaitAtMost80Seconds() throws {
    #expect(try Self.section("restore_wait: 80s").restoreWait?.seconds == 80)
    #expect(try Self.section("restore_wait: 0").restoreWait?.seconds == 0)
    Self.expectFailure(
      Self.inventory("restore_wait: 1m21s"), at: "skep.yml:7:17",
      "'restore_wait' must be at most 80 s (Docker gives a Mount 120 s, and a Mount may first wait 20 s for another"
        + " node's release), found 81 s")
  }

  @Test func snapshotIntervalIsZeroOrAtLeastAMinute() throws {
    #expect(try Self.section("snapshot_interval: 0").snapshotInterval?.seconds == 0)
    #expect(try Self.section("snapshot_interval: 60s").snapshotInterval?.seconds == 60)
    Self.expectFailure(
      Self.inventory("snapshot_interval: 59s"), at: "skep.yml:7:22",
      "'snapshot_interval' must be 0 (only the final snapshot at unmount) or at least 60 s, found 59 s")
  }

  @Test func leaseTTLAgainstAWrittenHeartbeat() throws {
    #expect(try Self.section("lease_ttl: 30s", "heartbeat: 10s").leaseTTL?.seconds == 30)
    Self.expectFailure(
      Self.inventory("lease_ttl: 29s", "heartbeat: 10s"), at: "skep.yml:7:14",
      "'lease_ttl' is 29 s but must be at least three heartbeats (3 × 10 s = 30 s, 'heartbeat' at skep.yml:8:14),"
        + " or a lease would expire while its node is still alive")
  }

  @Test func leaseTTLAgainstTheDefaultHeartbeat() {
    Self.expectFailure(
      Self.inventory("lease_ttl: 20s"), at: "skep.yml:7:14",
      "'lease_ttl' is 20 s but must be at least three heartbeats (3 × 10 s = 30 s, the default 'heartbeat'),"
        + " or a lease would expire while its node is still alive")
  }

  @Test func heartbeatAgainstTheDefaultLeaseTTL() throws {
    #expect(try Self.section("heartbeat: 15s").heartbeat?.seconds == 15)
    Self.expectFailure(
      Self.inventory("heartbeat: 16s"), at: "skep.yml:7:14",
      "'heartbeat' is 16 s, so 'lease_ttl' must be at least three heartbeats (3 × 16 s = 48 s), more than its default"
        + " 45 s; set 'lease_ttl' too, or shorten the heartbeat")
  }

  @Test func valueErrorsComeInDocumentOrderBeforeTheLeaseRule() {
    Self.expectFailure(
      Self.inventory("lease_ttl: 1s", "restore_wait: 2m"), at: "skep.yml:8:17",
      "'restore_wait' must be at most 80 s (Docker gives a Mount 120 s, and a Mount may first wait 20 s for another"
        + " node's release), found 120 s")
  }

  @Test func unknownKeys() {
    Self.expectFailure(
      Self.inventory("heartbeat: 10s", "lease-ttl: 45s"), at: "skep.yml:8:3",
      "unknown key 'lease-ttl' in volumes; did you mean 'lease_ttl'?")
    Self.expectFailure(
      Self.inventory("interval: 1h"), at: "skep.yml:7:3",
      "unknown key 'interval' in volumes (expected one of: snapshot_interval, lease_ttl, heartbeat, restore_wait)")
    Self.expectFailure(
      Self.inventory("mysql-data:", "  consistency: pause"), at: "skep.yml:7:3",
      "unknown key 'mysql-data' in volumes (expected one of: snapshot_interval, lease_ttl, heartbeat, restore_wait);"
        + " rules for one volume go under backup.volumes")
  }

  @Test func sectionMustBeAMapping() {
    Self.expectFailure(
      oneNode + "volumes: [lease_ttl]\n", at: "skep.yml:6:10",
      "'volumes' must be a mapping of volume driver settings (like 'lease_ttl: 45s'), found a list")
    Self.expectFailure(
      oneNode + "volumes:\n", at: "skep.yml:6:9",
      "'volumes' must be a mapping of volume driver settings (like 'lease_ttl: 45s'), found an empty value")
  }

  @Test func documentedExampleParses() throws {
    let section = try Self.section(
      "snapshot_interval: 15m", "lease_ttl: 90s", "heartbeat: 30s", "restore_wait: 60s")
    #expect(
      [section.snapshotInterval, section.leaseTTL, section.heartbeat, section.restoreWait].map { $0?.seconds }
        == [900, 90, 30, 60])
  }

  func location(_ line: Int, _ column: Int) -> SkepConfig.SourceLocation {
    SkepConfig.SourceLocation(file: "skep.yml", line: line, column: column)
  }
}
