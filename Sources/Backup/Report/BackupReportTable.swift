import Foundation

/// The table `skep backup run` ends with: one row per event, sorted by node then volume, plus a failure count.
public enum BackupReportTable {
  static let headers = ["NODE", "VOLUME", "KIND", "MODE", "FILES", "NEW", "TOTAL", "TIME", "SNAPSHOT", "STATUS"]

  /// The table as text lines; failed and skipped rows carry their reason after the status.
  public static func render(_ events: [BackupEvent]) -> String {
    let sorted = events.sorted { ($0.node, $0.volume, $0.kind.rawValue) < ($1.node, $1.volume, $1.kind.rawValue) }
    let rows = sorted.map { event -> [String] in
      var status = event.status.rawValue
      if event.status != .ok, let reason = event.reason { status += ": \(reason)" }
      return [
        event.node, event.volume, event.kind.rawValue, event.mode.rawValue, event.files.map(String.init) ?? "-",
        event.bytesNew.map(bytes) ?? "-", event.bytesTotal.map(bytes) ?? "-", event.duration.map(seconds) ?? "-",
        event.snapshot ?? "-", status,
      ]
    }
    let widths = headers.indices.map { column in
      ([headers] + rows).map { $0[column].count }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { index, cell in
        index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
      }.joined(separator: "  ")
    }
    let failed = events.filter { $0.status == .failed }.count
    let skipped = events.filter { $0.status == .skipped }.count
    let summary = "\(events.count - failed - skipped) ok, \(failed) failed, \(skipped) skipped"
    return ([line(headers)] + rows.map(line) + [summary]).joined(separator: "\n") + "\n"
  }

  /// `1.5 MiB`, `512 B`.
  public static func bytes(_ count: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(count)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
  }

  /// `4.2s`, `2m05s`.
  static func seconds(_ value: Double) -> String {
    guard value >= 60 else { return String(format: "%.1fs", value) }
    let whole = Int(value.rounded())
    return String(format: "%dm%02ds", whole / 60, whole % 60)
  }
}
