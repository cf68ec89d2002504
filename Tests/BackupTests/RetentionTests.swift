import Backup
import Foundation
import SkepConfig
import Testing

/// `forget` keeps exactly what the policy says, for each volume on its own, with snapshots over 40 days.
@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic"))
struct RetentionTests {
  static let policy = RetentionPolicy(daily: 7, weekly: 4, monthly: 6)

  @Test func fortySimulatedDaysTwoVolumesIndependently() async throws {
    try await ResticFixture.with { fixture in
      let restic = fixture.restic()
      _ = try await restic.initIfMissing()
      let data = fixture.path("data")
      try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
      try Data("x".utf8).write(to: URL(fileURLWithPath: data + "/file"))
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = TimeZone.current
      // restic's weeks are ISO weeks: Monday to Sunday.
      calendar.firstWeekday = 2
      calendar.minimumDaysInFirstWeek = 4
      let start = try #require(calendar.date(from: DateComponents(year: 2025, month: 1, day: 6, hour: 12)))
      // "photos": daily on node1/node2 alternately (its history must not split by node);
      // "db": every third day, twice on some days.
      var plan: [(String, String, Date)] = []
      for day in 0..<40 {
        let time = start.addingTimeInterval(Double(day) * 86_400)
        plan.append(("photos", day % 2 == 0 ? "node1" : "node2", time))
        if day % 3 == 0 { plan.append(("db", "node3", time)) }
        if day % 9 == 0 { plan.append(("db", "node3", time.addingTimeInterval(3_600))) }
      }
      let schedule = plan
      try await withThrowingTaskGroup(of: Void.self) { group in
        for slice in 0..<3 {
          group.addTask {
            for (index, entry) in schedule.enumerated() where index % 3 == slice {
              let tags = SnapshotTags(volume: entry.0, kind: .files, node: entry.1)
              _ = try await restic.backup(path: data, tags: tags, time: entry.2)
            }
          }
        }
        try await group.waitForAll()
      }

      let dry = try await restic.forget(policy: Self.policy, prune: false, dryRun: true)
      #expect(dry.map(\.group.volume) == ["db", "photos"])
      #expect(try fixture.plainSnapshotIDs(tag: "volume=photos").count == 40, "dry run removes nothing")

      let results = try await restic.forget(policy: Self.policy, prune: true)
      for volume in ["photos", "db"] {
        let times = plan.filter { $0.0 == volume }.map(\.2)
        let expected = Self.expectedKept(times, calendar: calendar)
        let result = try #require(results.first { $0.group.volume == volume })
        #expect(Set(result.kept.map { Int($0.time.timeIntervalSince1970) }) == expected, "\(volume)")
        #expect(result.kept.count + result.removed.count == times.count)
        let remaining = try await restic.snapshots(tags: SnapshotTags(volume: volume))
        #expect(Set(remaining.map { Int($0.time.timeIntervalSince1970) }) == expected, "\(volume) in the repository")
      }
      #expect(results.first { $0.group.volume == "photos" }?.kept.count == 10)
      try await restic.check()
    }
  }

  /// restic's documented policy, written out: newest first, each rule keeps the newest snapshot of each of its N
  /// most recent buckets (day, ISO week, month) that have one.
  static func expectedKept(_ times: [Date], calendar: Calendar) -> Set<Int> {
    func key(_ date: Date, _ components: Set<Calendar.Component>) -> [Int] {
      let parts = calendar.dateComponents(components, from: date)
      return [parts.yearForWeekOfYear, parts.weekOfYear, parts.year, parts.month, parts.day].compactMap { $0 }
    }
    let rules: [(Int, (Date) -> [Int])] = [
      (7, { key($0, [.year, .month, .day]) }),
      (4, { key($0, [.yearForWeekOfYear, .weekOfYear]) }),
      (6, { key($0, [.year, .month]) }),
    ]
    var remaining = rules.map(\.0)
    var last: [[Int]] = rules.map { _ in [] }
    var kept: Set<Int> = []
    for time in times.sorted(by: >) {
      for (index, rule) in rules.enumerated() where remaining[index] > 0 {
        let bucket = rule.1(time)
        if bucket != last[index] {
          last[index] = bucket
          remaining[index] -= 1
          kept.insert(Int(time.timeIntervalSince1970))
        }
      }
    }
    return kept
  }
}
