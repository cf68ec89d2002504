import Foundation
import GRDB

/// The history of job runs, in one SQLite file on skep-control's volume: start and finish runs (never two of one job
/// at once), mark the runs a stopped service left running, and answer the scheduler's, the CLI's, the dashboard's
/// and the metrics' questions.
///
/// One serial connection (a GRDB `DatabaseQueue`) in WAL mode: every access runs in turn off the caller's thread,
/// so a `start` racing another `start` is settled by the order they reach the queue, and across processes by an
/// immediate transaction plus a unique index. Sendable: share one store in the service.
public final class RunHistoryStore: Sendable {
  /// How SQLite journals writes.
  public enum Journal: Sendable, Hashable {
    /// Write-ahead log (the default): fewer syncs, readers never blocked; needs shared memory next to the file,
    /// which local file systems, bind mounts and overlayfs give (a network file system does not).
    case wal
    /// Rollback journal (`DELETE`): for a file system that cannot map the `-shm` file.
    case rollback
  }

  /// The most SQLite keeps of the file in its own cache.
  static let pageCacheKiB = 256

  /// The database file.
  public let path: String
  /// How writes are journaled.
  public let journal: Journal
  let queue: DatabaseQueue

  /// Opens the history at `path`, creating it (the file, not its directory: a missing directory usually means the
  /// volume is not mounted) and bringing its schema up to date. Checks the file first (`PRAGMA quick_check`).
  ///
  /// - Parameter busyTimeout: how long to wait for another process that holds the file (an old task of the
  ///   service still stopping) before failing with ``RunHistoryError/Code/busy``.
  /// - Throws: ``RunHistoryError`` — `notWritable`, `damaged`, `newerSchema`, `busy`, `diskFull` or `storage`.
  public init(path: String, journal: Journal = .wal, busyTimeout: TimeInterval = 5) throws {
    self.path = path
    self.journal = journal
    var config = Configuration()
    config.label = "skep.run-history"
    config.busyMode = .timeout(busyTimeout)
    config.foreignKeysEnabled = true
    // SQLite's own page cache, 256 KiB instead of its 2 MiB default: the file is a few MiB at most and the kernel
    // caches it anyway, while every page SQLite caches stays in the service's private memory for good (the start-up
    // `quick_check` reads them all).
    config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheKiB)") }
    switch journal {
    case .wal:
      config.journalMode = .wal
    case .rollback:
      config.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
    }
    do {
      let queue = try DatabaseQueue(path: path, configuration: config)
      let migrator = Schema.migrator
      try queue.writeWithoutTransaction { db in
        let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard check == ["ok"] else {
          throw RunHistoryError(
            .damaged,
            "the run history \(path) is damaged (\(check.prefix(3).joined(separator: "; "))): move it aside "
              + "(skep-control starts a new, empty one) or restore its volume from a backup")
        }
        if try migrator.hasBeenSuperseded(db) {
          throw RunHistoryError(
            .newerSchema,
            "the run history \(path) was written by a newer skep: run that version of skep-control, or move the "
              + "file aside")
        }
      }
      try migrator.migrate(queue)
      self.queue = queue
    } catch let error as DatabaseError {
      throw RunHistoryError.from(error, path: path)
    }
  }

  /// Runs `body` in an immediate transaction (the write lock taken before the first read, so a check-then-insert
  /// holds across processes too), then folds the WAL back into the file, so that a file-level copy of the volume
  /// (skep's own backup of it) finds everything in the main file.
  func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
    let journal = journal
    do {
      return try await queue.writeWithoutTransaction { db in
        var result: Result<T, any Error> = .failure(CancellationError())
        try db.inTransaction(.immediate) {
          result = .success(try body(db))
          return .commit
        }
        if journal == .wal { _ = try? db.checkpoint(.truncate) }
        return try result.get()
      }
    } catch let error as DatabaseError {
      throw RunHistoryError.from(error, path: path)
    }
  }

  /// Runs `body` with read access.
  func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
    do {
      return try await queue.read(body)
    } catch let error as DatabaseError {
      throw RunHistoryError.from(error, path: path)
    }
  }
}
