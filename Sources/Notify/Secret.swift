import Foundation

/// A password or token. Its `description`, `debugDescription` and mirror never show the value, so a `Secret`
/// interpolated into a log line or an error by mistake prints `<redacted>`.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
  /// The value itself: use it only to put it on the wire.
  public let value: String

  public init(_ value: String) {
    self.value = value
  }

  public var description: String { "<redacted>" }
  public var debugDescription: String { "Secret(<redacted>)" }
  public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

  /// Reads a secret file (a swarm secret is mounted at `/run/secrets/NAME`), dropping one trailing newline
  /// (`\n` or `\r\n`) the way `echo secret | docker secret create` leaves it.
  /// - Throws: `SecretFileError` naming the file (never its content) when it cannot be read, is not UTF-8, or is empty.
  public static func read(file path: String) throws(SecretFileError) -> Secret {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      let reason: String
      if !FileManager.default.fileExists(atPath: path) {
        reason = "it does not exist (is the swarm secret attached to this service?)"
      } else if !FileManager.default.isReadableFile(atPath: path) {
        reason = "permission denied"
      } else {
        reason = "it cannot be read"
      }
      throw SecretFileError(path: path, reason: reason)
    }
    guard var text = String(data: data, encoding: .utf8) else {
      throw SecretFileError(path: path, reason: "it is not UTF-8 text")
    }
    // "\r\n" is one Character in Swift, so one removeLast drops either ending.
    if text.last == "\n" || text.last == "\r\n" { text.removeLast() }
    guard !text.isEmpty else { throw SecretFileError(path: path, reason: "it is empty") }
    return Secret(text)
  }
}

/// A secret file could not be used; names the file and why, never its content.
public struct SecretFileError: Error, Sendable, Hashable, CustomStringConvertible {
  public var path: String
  public var reason: String

  public var description: String { "cannot read secret file \(path): \(reason)" }
}

/// Replaces every appearance of the given secrets (and of their base64 forms, as SMTP AUTH sends them) in text
/// that came from elsewhere — a server's reply, a response body — before it goes into an error.
struct Redactor: Sendable {
  private var needles: [String]

  init(_ secrets: [Secret?], extra: [String] = []) {
    var needles: [String] = extra.filter { !$0.isEmpty }
    for secret in secrets.compactMap({ $0 }) where !secret.value.isEmpty {
      needles.append(secret.value)
      needles.append(Data(secret.value.utf8).base64EncodedString())
    }
    // Longest first, so a secret that contains another is replaced whole.
    self.needles = needles.sorted { $0.count > $1.count }
  }

  func scrub(_ text: String) -> String {
    needles.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
  }
}
