import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail through one SMTP server, one connection per message.
///
/// The dialogue: greeting, EHLO, STARTTLS and EHLO again (`starttls`), AUTH PLAIN or LOGIN (when a user is set),
/// MAIL FROM, RCPT TO for each recipient, DATA, QUIT. Every reply has its own deadline. Any refusal aborts the whole
/// message (a refused recipient included: nobody gets a partial send), with an `SMTPError` naming the step.
public struct SMTPClient: Sendable {
  public var settings: SMTPSettings
  private let group: any EventLoopGroup

  public init(settings: SMTPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
    self.settings = settings
    self.group = group
  }

  /// Delivers `message` to the server (which then relays it).
  /// - Throws: `SMTPError`.
  public func send(_ message: MailMessage) async throws(SMTPError) {
    let server = "\(settings.host):\(settings.port)"
    let redactor = Redactor(
      [settings.password], extra: settings.password.map { [Self.plainToken(settings.username ?? "", $0)] } ?? [])
    let tlsContext = try makeTLSContext(server: server)
    guard !message.to.isEmpty else {
      throw SMTPError(server: server, step: .configuration, reason: "no recipients")
    }
    for address in [message.from] + message.to where !Self.isValidAddress(address) {
      throw SMTPError(server: server, step: .configuration, reason: "not a plain address: \"\(address)\"")
    }
    let connection: SMTPConnection
    do {
      connection = try await SMTPConnection.open(
        host: settings.host, port: settings.port, tls: settings.tls == .tls ? tlsContext : nil,
        connectTimeout: settings.connectTimeout, handshakeTimeout: settings.replyTimeout, group: group)
    } catch {
      // `open` connects, then (implicit TLS) waits for the handshake: anything after the connect is the handshake's.
      let handshake =
        error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError || error is SMTPTransportFailure
      let step: SMTPError.Step = handshake ? .tlsHandshake : .connect
      throw SMTPError(server: server, step: step, error: error, waitingFor: "TLS handshake")
    }
    let dialogue = Dialogue(connection: connection, server: server, timeout: settings.replyTimeout, redactor: redactor)
    do {
      try await run(dialogue, message: message, tlsContext: tlsContext)
    } catch {
      await connection.close()
      throw error
    }
    // The message is accepted; a failing QUIT changes nothing.
    try? await connection.send(line: "QUIT")
    _ = try? await connection.reply(timeout: .seconds(2))
    await connection.close()
  }

  private func run(_ dialogue: Dialogue, message: MailMessage, tlsContext: NIOSSLContext?) async throws(SMTPError) {
    try await dialogue.expect(.greeting, codes: [220], waitingFor: "greeting")
    let helo = settings.heloName ?? Self.addressLiteral(dialogue.connection.channel.localAddress)
    var ehlo = try await dialogue.command("EHLO \(helo)", step: .ehlo, codes: [250])
    if settings.tls == .starttls, let tlsContext {
      guard ehlo.capabilities["STARTTLS"] != nil else {
        throw SMTPError(
          server: dialogue.server, step: .starttls,
          reason: "the server does not offer STARTTLS (set tls: off only for a relay you trust)")
      }
      try await dialogue.command("STARTTLS", step: .starttls, codes: [220])
      do {
        try await dialogue.connection.startTLS(context: tlsContext, host: settings.host, timeout: settings.replyTimeout)
      } catch {
        throw SMTPError(server: dialogue.server, step: .tlsHandshake, error: error, waitingFor: "TLS handshake")
      }
      ehlo = try await dialogue.command("EHLO \(helo)", step: .ehlo, codes: [250])
    }
    if let username = settings.username, let password = settings.password {
      guard settings.tls != .off || settings.allowAuthWithoutTLS else {
        throw SMTPError(
          server: dialogue.server, step: .configuration,
          reason: "refusing to send the password without TLS (use tls: starttls or tls, or allow it explicitly)")
      }
      try await authenticate(dialogue, offered: ehlo.capabilities["AUTH"] ?? [], user: username, password: password)
    }
    let encoding = message.transferEncoding(serverSupports8BitMIME: ehlo.capabilities["8BITMIME"] != nil)
    let body = encoding == .eightBit ? " BODY=8BITMIME" : ""
    try await dialogue.command("MAIL FROM:<\(message.from)>\(body)", step: .mailFrom, codes: [250])
    for recipient in message.to {
      try await dialogue.command("RCPT TO:<\(recipient)>", step: .rcptTo(recipient), codes: [250, 251])
    }
    try await dialogue.command("DATA", step: .data, codes: [354])
    try await dialogue.write(message.dataPayload(encoding: encoding), step: .message)
    try await dialogue.expect(.message, codes: [250], waitingFor: "reply to the message")
  }

  private func authenticate(
    _ dialogue: Dialogue, offered: [String], user: String, password: Secret
  ) async throws(SMTPError) {
    if offered.contains("PLAIN") {
      let token = Self.plainToken(user, password)
      try await dialogue.command("AUTH PLAIN \(token)", step: .auth, codes: [235], shown: "AUTH PLAIN")
    } else if offered.contains("LOGIN") {
      try await dialogue.command("AUTH LOGIN", step: .auth, codes: [334])
      try await dialogue.command(Data(user.utf8).base64EncodedString(), step: .auth, codes: [334], shown: "user name")
      try await dialogue.command(
        Data(password.value.utf8).base64EncodedString(), step: .auth, codes: [235], shown: "password")
    } else {
      let what = offered.isEmpty ? "no AUTH" : "AUTH " + offered.joined(separator: " ")
      throw SMTPError(
        server: dialogue.server, step: .auth, reason: "the server offers \(what); skep speaks AUTH PLAIN and LOGIN")
    }
  }

  private func makeTLSContext(server: String) throws(SMTPError) -> NIOSSLContext? {
    guard settings.tls != .off else { return nil }
    do {
      return try TLSContexts.client(caFile: settings.caFile)
    } catch {
      throw SMTPError(server: server, step: .configuration, reason: error.description)
    }
  }

  /// Our side's address as an RFC 5321 §4.1.3 address literal, `[192.0.2.1]` or `[IPv6:2001:db8::1]`: always a
  /// valid EHLO argument, where a container's host name often is not a resolvable FQDN.
  static func addressLiteral(_ address: SocketAddress?) -> String {
    switch address {
    case .v4?: "[\(address?.ipAddress ?? "127.0.0.1")]"
    case .v6?: "[IPv6:\(address?.ipAddress ?? "::1")]"
    default: "[127.0.0.1]"
    }
  }

  /// AUTH PLAIN's argument (RFC 4616): base64 of NUL, user, NUL, password.
  static func plainToken(_ user: String, _ password: Secret) -> String {
    Data("\0\(user)\0\(password.value)".utf8).base64EncodedString()
  }

  /// `local@domain` with nothing that could break out of `<…>` or a header.
  static func isValidAddress(_ address: String) -> Bool {
    let forbidden = CharacterSet(charactersIn: "<>\r\n\t ,")
    let parts = address.split(separator: "@", omittingEmptySubsequences: false)
    return parts.count == 2 && parts.allSatisfy { !$0.isEmpty }
      && address.unicodeScalars.allSatisfy { !forbidden.contains($0) }
  }
}

/// The command/reply loop over one connection, turning every failure into an `SMTPError` for its step.
private struct Dialogue {
  let connection: SMTPConnection
  let server: String
  let timeout: TimeAmount
  let redactor: Redactor

  /// Sends `line` and expects one of `codes`. `shown` names the command in errors when the line itself is secret.
  @discardableResult
  func command(_ line: String, step: SMTPError.Step, codes: Set<Int>, shown: String? = nil) async throws(SMTPError)
    -> SMTPReply
  {
    try await write(line + "\r\n", step: step)
    return try await expect(step, codes: codes, waitingFor: "reply to \(shown ?? String(line.prefix(40)))")
  }

  func write(_ text: String, step: SMTPError.Step) async throws(SMTPError) {
    do {
      try await connection.write(text)
    } catch {
      throw SMTPError(server: server, step: step, error: error, waitingFor: "the write")
    }
  }

  @discardableResult
  func expect(_ step: SMTPError.Step, codes: Set<Int>, waitingFor what: String) async throws(SMTPError) -> SMTPReply {
    let reply: SMTPReply
    do {
      reply = try await connection.reply(timeout: timeout)
    } catch {
      throw SMTPError(server: server, step: step, error: error, waitingFor: redactor.scrub(what))
    }
    guard codes.contains(reply.code) else {
      throw SMTPError(server: server, step: step, reply: reply, redactor: redactor)
    }
    return reply
  }
}
