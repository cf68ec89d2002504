import DockerEngine

/// A job's output as text lines per stream: frames may split or join lines, so bytes are buffered until a newline.
public struct JobLogs: Sendable, Hashable {
  public private(set) var stdout: [String] = []
  public private(set) var stderr: [String] = []
  /// Why reading stopped early, if it did.
  public var readError: String?
  private var pendingOut = ""
  private var pendingErr = ""

  /// Empty logs, or logs that could not be read.
  public init(readError: String? = nil) {
    self.readError = readError
  }

  /// Logs from frames (tests, and callers that already have the frames).
  public init(frames: [LogFrame]) {
    for frame in frames { append(frame) }
  }

  /// Adds one frame.
  public mutating func append(_ frame: LogFrame) {
    switch frame.stream {
    case .stdout, .stdin: Self.split(frame.text, pending: &pendingOut, into: &stdout)
    case .stderr: Self.split(frame.text, pending: &pendingErr, into: &stderr)
    }
  }

  /// Every stdout line, with a last unterminated one.
  public var stdoutLines: [String] { pendingOut.isEmpty ? stdout : stdout + [pendingOut] }
  /// Every stderr line, with a last unterminated one.
  public var stderrLines: [String] { pendingErr.isEmpty ? stderr : stderr + [pendingErr] }

  /// The backup events in stdout, in order; other lines are ignored.
  public var events: [BackupEvent] { stdoutLines.compactMap(BackupEvent.parse(line:)) }

  /// The agents' freeze and put-back lines in stdout, in order.
  public var holds: [ContainerHoldLine] { stdoutLines.compactMap(ContainerHoldLine.parse(line:)) }

  private static func split(_ text: String, pending: inout String, into lines: inout [String]) {
    pending += text
    while let newline = pending.firstIndex(of: "\n") {
      var line = String(pending[..<newline])
      if line.hasSuffix("\r") { line.removeLast() }
      lines.append(line)
      pending = String(pending[pending.index(after: newline)...])
    }
  }
}
