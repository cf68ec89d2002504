import Foundation
import Logging

/// Where the schedule loop is, and a watchdog outside Swift concurrency that notices when it stops moving.
///
/// The loop marks each step it enters; a dedicated thread (not a task: a stall of the concurrency pool must not stall
/// the watchdog too) looks every few seconds. A loop that stays in one step past `limit` is logged once, with the
/// step's name, and makes `/healthz` answer 503 with it, for whatever watches the service (a monitor, an uptime
/// check). The service spec has no health check of its own yet.
final class ControlLoopWatch: @unchecked Sendable {
  private let lock = NSLock()
  private var step = "starting"
  private var since = Date()
  private var passes = 0
  private var ended: String?
  private var reported = false
  let limit: TimeInterval
  let logger: Logger

  init(limit: TimeInterval, logger: Logger) {
    self.limit = limit
    self.logger = logger
  }

  /// The loop enters `step` now.
  func enter(_ step: String) {
    let wasReported = lock.withLock {
      self.step = step
      since = Date()
      defer { reported = false }
      return reported
    }
    if wasReported { logger.notice("schedule loop: moving again (\(step))") }
  }

  /// The loop finished one pass.
  func passed() {
    lock.withLock { passes += 1 }
  }

  /// The loop is over (a stop, or an error): `reason` says which.
  func end(_ reason: String) {
    lock.withLock { ended = reason }
  }

  /// Why the loop is not healthy now, or nil.
  func problem(now: Date = Date()) -> String? {
    lock.withLock { problemLocked(now: now) }
  }

  private func problemLocked(now: Date) -> String? {
    if let ended { return "the schedule loop has ended: \(ended)" }
    let stuck = now.timeIntervalSince(since)
    guard stuck > limit else { return nil }
    return "the schedule loop has been in step \"\(step)\" for \(Int(stuck)) s (pass \(passes))"
  }

  /// Starts the watchdog thread; it lives as long as the process.
  func startWatchdog(every interval: TimeInterval = 5) {
    let thread = Thread { [self] in
      while true {
        Thread.sleep(forTimeInterval: interval)
        let message: String? = lock.withLock {
          guard !reported, let problem = problemLocked(now: Date()) else { return nil }
          reported = true
          return problem
        }
        if let message { logger.error("\(message): /healthz now answers 503") }
      }
    }
    thread.name = "skep-control watchdog"
    thread.start()
  }
}
