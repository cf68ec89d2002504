import Foundation
import GRDB

/// Why the run history refused or failed: a code to switch on, a message for people, the run concerned and the
/// underlying error when there is one.
public struct RunHistoryError: Error, Sendable, CustomStringConvertible {
  /// What went wrong.
  public enum Code: String, Sendable, Hashable {
    /// `start` refused: the job has a run going on (``RunHistoryError/runID`` is that run). Runs never overlap.
    case alreadyRunning
    /// No run has that id.
    case runNotFound
    /// `finish` on a run that is no longer running (finished, or marked interrupted).
    case runNotRunning
    /// A caller's mistake (a manual run with a due time, `finish` with `running`…): a bug.
    case invalidArgument
    /// The file or its directory cannot be opened or written (missing directory, permissions, read-only mount).
    case notWritable
    /// The file is not an SQLite database, or it is damaged.
    case damaged
    /// The file was written by a newer skep, whose schema this one does not know.
    case newerSchema
    /// The disk is full.
    case diskFull
    /// Another process holds the database for longer than the busy timeout (a second skep-control?).
    case busy
    /// Any other SQLite or I/O failure.
    case storage
  }

  /// What went wrong.
  public var code: Code
  /// One or two sentences for people, naming the file and what to do.
  public var message: String
  /// The run concerned: the running one for ``Code/alreadyRunning``, the one asked for otherwise.
  public var runID: Int64?
  /// The underlying error (a GRDB `DatabaseError`), if any.
  public var cause: (any Error & Sendable)?

  /// Creates an error.
  public init(_ code: Code, _ message: String, runID: Int64? = nil, cause: (any Error & Sendable)? = nil) {
    self.code = code
    self.message = message
    self.runID = runID
    self.cause = cause
  }

  /// True when the user (or the operator of the volume) can fix it; false for a bug in skep.
  public var isUserFixable: Bool {
    switch self.code {
    case .invalidArgument, .storage: return false
    default: return true
    }
  }

  public var description: String { message }

  /// Translates an SQLite error met on the database at `path` into one that says what to do.
  static func from(_ error: DatabaseError, path: String) -> RunHistoryError {
    let sqlite = error.message ?? "\(error.resultCode)"
    switch error.resultCode {
    case .SQLITE_CORRUPT, .SQLITE_NOTADB:
      return RunHistoryError(
        .damaged,
        "the run history \(path) is damaged (\(sqlite)): move it aside (skep-control starts a new, empty one) or "
          + "restore its volume from a backup", cause: error)
    case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
      return RunHistoryError(
        .notWritable,
        "cannot open or write the run history \(path) (\(sqlite)): check that its volume is mounted read-write "
          + "and its directory exists and is writable", cause: error)
    case .SQLITE_FULL:
      return RunHistoryError(.diskFull, "the disk holding the run history \(path) is full (\(sqlite))", cause: error)
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return RunHistoryError(
        .busy,
        "the run history \(path) is held by another process (\(sqlite)): is a second skep-control running on "
          + "this volume?", cause: error)
    case .SQLITE_CONSTRAINT where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && sqlite.contains("run.job"):
      // The partial unique index on running runs: the backstop behind `start`'s own check.
      return RunHistoryError(.alreadyRunning, "a run of this job is already going on (\(sqlite))", cause: error)
    default:
      return RunHistoryError(.storage, "the run history \(path) failed: \(sqlite)", cause: error)
    }
  }
}
