import Foundation
import GRDB

/// Times as stored: integer milliseconds since 1970, UTC.
enum Millis {
  static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
  static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
  /// `date` as it reads back from the store.
  static func round(_ date: Date) -> Date { Self.date(from(date)) }
}

extension JobRun {
  /// The columns of `run`, in the order `init(row:)` reads them.
  static let columns = "id, job, trigger, due, started, ended, status, message, bytesAdded"

  /// Reads a `run` row selected with ``columns``.
  init(row: Row) throws {
    let trigger: String = row["trigger"]
    let status: String = row["status"]
    guard let trigger = Trigger(rawValue: trigger), let status = Status(rawValue: status) else {
      throw RunHistoryError(
        .newerSchema, "a run has a trigger '\(trigger)' or status '\(status)' this skep does not know")
    }
    let due: Int64? = row["due"]
    let ended: Int64? = row["ended"]
    self.init(
      id: row["id"], job: row["job"], trigger: trigger, due: due.map(Millis.date), started: Millis.date(row["started"]),
      ended: ended.map(Millis.date), status: status, message: row["message"], bytesAdded: row["bytesAdded"])
  }
}

extension JobRunItem {
  static let columns = "runID, node, volume, kind, status, message, bytesAdded, bytesTotal, duration, reference"

  /// Reads an `item` row selected with ``columns``.
  init(row: Row) throws {
    let status: String = row["status"]
    guard let status = Status(rawValue: status) else {
      throw RunHistoryError(.newerSchema, "an item has a status '\(status)' this skep does not know")
    }
    self.init(
      runID: row["runID"], node: row["node"], volume: row["volume"], kind: row["kind"], status: status,
      message: row["message"], bytesAdded: row["bytesAdded"], bytesTotal: row["bytesTotal"],
      duration: row["duration"], reference: row["reference"])
  }

  /// Inserts the item as part of run `runID`.
  func insert(_ db: Database, runID: Int64) throws {
    try db.execute(
      sql: "INSERT INTO item (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      arguments: [
        runID, node, volume, kind, status.rawValue, message, bytesAdded, bytesTotal, duration, reference,
      ])
  }
}
