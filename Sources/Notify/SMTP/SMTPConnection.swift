import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP connection: write command lines, read replies with a deadline each, upgrade to TLS in place.
struct SMTPConnection: Sendable {
  let channel: any Channel
  private let handler: NIOLoopBound<SMTPReplyHandler>

  /// Connects to `host:port`; with `tls`, TLS starts at once (implicit TLS, port 465) and this waits for the
  /// handshake. Throws what NIO or NIOSSL threw.
  static func open(
    host: String, port: Int, tls: NIOSSLContext?, connectTimeout: TimeAmount, handshakeTimeout: TimeAmount,
    group: any EventLoopGroup
  ) async throws -> SMTPConnection {
    let serverHostname = TLSContexts.sniName(host)
    let channel = try await ClientBootstrap(group: group).connectTimeout(connectTimeout)
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let sync = channel.pipeline.syncOperations
          if let tls { try sync.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverHostname)) }
          try sync.addHandler(SMTPReplyHandler())
        }
      }
      .connect(host: host, port: port).get()
    let handler = try await channel.eventLoop.submit {
      NIOLoopBound(
        try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
    }.get()
    let connection = SMTPConnection(channel: channel, handler: handler)
    if tls != nil {
      do {
        try await connection.handshake(timeout: handshakeTimeout)
      } catch {
        await connection.close()
        throw error
      }
    }
    return connection
  }

  private init(channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>) {
    self.channel = channel
    self.handler = handler
  }

  /// The next complete reply.
  func reply(timeout: TimeAmount) async throws -> SMTPReply {
    let handler = self.handler
    let channel = self.channel
    return try await channel.eventLoop.flatSubmit {
      handler.value.nextReply(on: channel.eventLoop, timeout: timeout)
    }.get()
  }

  /// Writes `line` and CRLF.
  func send(line: String) async throws {
    try await write(line + "\r\n")
  }

  func write(_ text: String) async throws {
    try await channel.writeAndFlush(ByteBuffer(string: text))
  }

  /// After the server's 220 to STARTTLS: puts TLS under the SMTP handler and waits for the handshake.
  /// Refuses when the server already sent more (RFC 3207 §5: such bytes must not be trusted after the upgrade).
  func startTLS(context tls: NIOSSLContext, host: String, timeout: TimeAmount) async throws {
    let handler = self.handler
    let channel = self.channel
    let serverHostname = TLSContexts.sniName(host)
    try await channel.eventLoop.submit {
      guard !handler.value.hasUnreadData else { throw SMTPTransportFailure.dataAfterSTARTTLS }
      let ssl = try NIOSSLClientHandler(context: tls, serverHostname: serverHostname)
      try channel.pipeline.syncOperations.addHandler(ssl, position: .first)
    }.get()
    try await handshake(timeout: timeout)
  }

  private func handshake(timeout: TimeAmount) async throws {
    let handler = self.handler
    let channel = self.channel
    try await channel.eventLoop.flatSubmit {
      handler.value.handshakeCompleted(on: channel.eventLoop, timeout: timeout)
    }.get()
  }

  /// Closes the connection; closing one already closed is fine.
  func close() async {
    try? await channel.close()
  }
}
