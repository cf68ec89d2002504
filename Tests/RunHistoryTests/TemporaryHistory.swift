import Foundation

@testable import RunHistory

/// A fresh directory per test for the database file, removed at the end.
struct TemporaryHistory: ~Copyable {
  let directory: URL
  let path: String

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "skep-run-history-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    path = directory.appendingPathComponent("history.sqlite").path
  }

  deinit { try? FileManager.default.removeItem(at: directory) }

  func open(journal: RunHistoryStore.Journal = .wal) throws -> RunHistoryStore {
    try RunHistoryStore(path: path, journal: journal)
  }
}

/// Fixed times, whole milliseconds.
enum T {
  /// 2026-03-01T03:00:00Z.
  static let base = Date(timeIntervalSince1970: 1_772_334_000)
  static func at(_ seconds: Double) -> Date { base.addingTimeInterval(seconds) }
  static func day(_ n: Int) -> Date { base.addingTimeInterval(Double(n) * 86_400) }
}

/// The error `body` throws, as a `RunHistoryError`, or nil.
func historyError(_ body: () async throws -> Void) async -> RunHistoryError? {
  do {
    try await body()
    return nil
  } catch let error as RunHistoryError {
    return error
  } catch {
    return RunHistoryError(.storage, "unexpected \(error)")
  }
}
