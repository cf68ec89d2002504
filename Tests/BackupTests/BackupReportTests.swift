import Backup
import Testing

@Suite struct BackupReportTests {
  static let events = [
    BackupEvent(
      node: "node2", volume: "shop-db", kind: .dump, mode: .none, status: .failed,
      reason: "the dump exited with status 2: Access denied for user 'root'"),
    BackupEvent(
      node: "node1", volume: "photos", kind: .files, mode: .none,
      summary: SnapshotSummary(
        filesNew: 3, filesChanged: 0, filesUnmodified: 1200, dataAdded: 1_572_864, totalFilesProcessed: 1203,
        totalBytesProcessed: 5_368_709_120, totalDuration: 125.2, snapshotID: "2b714591")),
    BackupEvent(node: "node1", volume: "scratch", status: .skipped, reason: "backup: false in skep.yml"),
  ]

  @Test func jsonLinesRoundTrip() throws {
    for event in Self.events {
      let line = try event.jsonLine()
      #expect(!line.contains("\n"))
      #expect(BackupEvent.parse(line: line) == event)
    }
    #expect(try Self.events[1].jsonLine().contains("\"snapshot\":\"2b714591\""))
    #expect(BackupEvent.parse(line: "restic 0.14.0 starting") == nil)
  }

  @Test func tableIsSortedAlignedAndCountsFailures() {
    let lines = BackupReportTable.render(Self.events).split(separator: "\n").map(String.init)
    #expect(lines.count == 5)
    #expect(lines[0].hasPrefix("NODE   VOLUME   KIND   MODE  FILES  NEW      TOTAL    TIME   SNAPSHOT  STATUS"))
    #expect(lines[1].hasPrefix("node1  photos   files  none  1203   1.5 MiB  5.0 GiB  2m05s  2b714591  ok"))
    #expect(lines[2].hasSuffix("skipped: backup: false in skep.yml"))
    #expect(lines[3].hasPrefix("node2  shop-db  dump"))
    #expect(lines[3].hasSuffix("failed: the dump exited with status 2: Access denied for user 'root'"))
    #expect(lines[4] == "1 ok, 1 failed, 1 skipped")
  }
}
