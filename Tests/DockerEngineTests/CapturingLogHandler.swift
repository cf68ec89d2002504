import Foundation
import Logging

/// Records every log line (message and metadata) at every level, to prove what a client never logs.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
  private let lock = NSLock()
  private var recorded: [String] = []
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .trace

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    let line = "\(event.level) \(event.message) \(event.metadata ?? [:])"
    lock.withLock { recorded.append(line) }
  }

  /// Everything logged so far, one line per entry.
  var text: String { lock.withLock { recorded.joined(separator: "\n") } }

  /// A logger writing to this handler.
  var logger: Logger { Logger(label: "skep.docker.test") { _ in self } }
}
