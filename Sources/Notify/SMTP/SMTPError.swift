import NIOCore
import NIOPosix
import NIOSSL

/// An SMTP delivery failed: at which step, and the server's reply (code and text) or the local reason.
///
/// Never carries the password: server text is scrubbed of it (and of its base64) before it is stored.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The step of the dialogue that failed.
  public enum Step: Sendable, Hashable, CustomStringConvertible {
    /// The settings cannot work (AUTH without TLS, no recipients, an unreadable CA file…). Nothing was sent.
    case configuration
    case connect
    case tlsHandshake
    case greeting
    case ehlo
    case starttls
    case auth
    case mailFrom
    case rcptTo(String)
    case data
    /// The message itself was refused after DATA's final ".".
    case message

    public var description: String {
      switch self {
      case .configuration: "configuration"
      case .connect: "connect"
      case .tlsHandshake: "TLS handshake"
      case .greeting: "greeting"
      case .ehlo: "EHLO"
      case .starttls: "STARTTLS"
      case .auth: "AUTH"
      case .mailFrom: "MAIL FROM"
      case .rcptTo(let recipient): "RCPT TO:<\(recipient)>"
      case .data: "DATA"
      case .message: "end of DATA"
      }
    }
  }

  /// "host:port".
  public var server: String
  public var step: Step
  /// The server's reply code, when the server said no.
  public var code: Int?
  /// The server's reply text (all lines), when the server said no.
  public var reply: String?
  /// What went wrong on our side (refused connection, timeout, TLS), when the server did not answer.
  public var reason: String?

  /// A 4xx reply: the server asks to try again later.
  public var isTemporary: Bool { code.map { $0 / 100 == 4 } ?? false }

  public var description: String {
    if let code {
      return "SMTP \(server): \(step) refused: \(code) \(reply ?? "")"
    }
    return "SMTP \(server): \(step) failed: \(reason ?? "unknown error")"
  }

  init(server: String, step: Step, reply: SMTPReply, redactor: Redactor) {
    self.server = server
    self.step = step
    self.code = reply.code
    self.reply = redactor.scrub(reply.lines.joined(separator: " / "))
  }

  init(server: String, step: Step, reason: String) {
    self.server = server
    self.step = step
    self.reason = reason
  }

  /// Words for what NIO or NIOSSL threw while `step` was going on.
  init(server: String, step: Step, error: any Error, waitingFor what: String) {
    self.init(server: server, step: step, reason: Self.reason(error, waitingFor: what))
  }

  static func reason(_ error: any Error, waitingFor what: String) -> String {
    switch error {
    case SMTPTransportFailure.timeout(let amount):
      return "no \(what) within \(seconds(amount))"
    case SMTPTransportFailure.closed:
      return "the server closed the connection while we waited for \(what)"
    case SMTPTransportFailure.replyTooLong:
      return "the server's reply is longer than \(SMTPReplyHandler.maximumReplyBytes) bytes"
    case SMTPTransportFailure.dataAfterSTARTTLS:
      return "the server sent data after its STARTTLS reply (refused: it could be injected)"
    case let error as SMTPReplyParser.ParseError:
      if case .malformed(let line) = error { return "malformed reply \"\(line)\" (is this an SMTP server?)" }
      return "malformed reply"
    default:
      return TransportText.reason(error)
    }
  }

  static func seconds(_ amount: TimeAmount) -> String {
    let milliseconds = amount.nanoseconds / 1_000_000
    return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
  }
}
