import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Opens one connection to an endpoint and installs the HTTP/1.1 client pipeline ending in a `ResponseHandler`.
struct Connector: Sendable {
  var endpoint: DockerEndpoint
  var group: any EventLoopGroup
  var connectTimeout: TimeAmount
  /// The ssh program for `ssh://` endpoints.
  var sshCommand = "ssh"

  /// An open connection: the channel, the pending response head, and for `ssh://` the ssh child.
  struct Connection {
    var channel: any Channel
    var head: EventLoopFuture<HTTPResponseHead>
    var ssh: SSHProcess?
  }

  /// Connects and returns the channel plus the pending response head.
  /// - Throws: `ConnectError` when the daemon cannot be reached at all; other errors for TLS material or ssh.
  func connect(
    responseTimeout: TimeAmount?,
    body: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
  ) async throws -> Connection {
    let sslContext: NIOSSLContext?
    do {
      sslContext = try makeSSLContext()
    } catch {
      body.finish(throwing: error)
      throw error
    }
    let loop = group.next()
    let head = loop.makePromise(of: HTTPResponseHead.self)
    let serverHostname = tlsServerHostname
    let initializer: @Sendable (any Channel) -> EventLoopFuture<Void> = { channel in
      channel.eventLoop.makeCompletedFuture {
        let sync = channel.pipeline.syncOperations
        if let sslContext {
          try sync.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
        }
        try sync.addHTTPClientHandlers()
        try sync.addHandler(ResponseHandler(head: head, body: body, timeout: responseTimeout))
      }
    }
    do {
      switch endpoint.transport {
      case .unix(let path):
        do {
          let channel = try await ClientBootstrap(group: loop).connectTimeout(connectTimeout)
            .channelInitializer(initializer).connect(unixDomainSocketPath: path).get()
          return Connection(channel: channel, head: head.futureResult, ssh: nil)
        } catch {
          throw ConnectError(transport: endpoint.transport, cause: error)
        }
      case .tcp(let host, let port, _):
        do {
          let channel = try await ClientBootstrap(group: loop).connectTimeout(connectTimeout)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer(initializer).connect(host: host, port: port).get()
          return Connection(channel: channel, head: head.futureResult, ssh: nil)
        } catch {
          throw ConnectError(transport: endpoint.transport, cause: error)
        }
      case .ssh:
        let (channel, ssh) = try await SSHDialer(endpoint: endpoint, program: sshCommand)
          .dial(on: loop, initializer: initializer)
        return Connection(channel: channel, head: head.futureResult, ssh: ssh)
      }
    } catch {
      head.fail(error)
      body.finish(throwing: error)
      throw error
    }
  }

  private var tlsServerHostname: String? {
    guard case .tcp(let host, _, _) = endpoint.transport else { return nil }
    // SNI must not carry an IP address.
    let isIP = host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    return isIP ? nil : host
  }

  /// Like the docker CLI: verify the daemon against `ca.pem` (when `verify`), and present `cert.pem`/`key.pem`
  /// when they exist — without them we connect with no client certificate, and a daemon that requires one refuses.
  private func makeSSLContext() throws -> NIOSSLContext? {
    guard case .tcp(_, _, let tls?) = endpoint.transport else { return nil }
    let files = FileManager.default
    var config = TLSConfiguration.makeClientConfiguration()
    config.certificateVerification = tls.verify ? .fullVerification : .none
    if tls.verify {
      guard files.fileExists(atPath: tls.caPath) else {
        throw HTTPTransportError("TLS: CA certificate \(tls.caPath) not found (set DOCKER_CERT_PATH)")
      }
      config.trustRoots = .file(tls.caPath)
    }
    let hasCert = files.fileExists(atPath: tls.certPath)
    let hasKey = files.fileExists(atPath: tls.keyPath)
    guard hasCert == hasKey else {
      throw HTTPTransportError(
        "TLS: \(hasCert ? tls.certPath : tls.keyPath) exists but \(hasCert ? tls.keyPath : tls.certPath) "
          + "does not; a client certificate needs both")
    }
    do {
      if hasCert {
        config.certificateChain = try NIOSSLCertificate.fromPEMFile(tls.certPath).map { .certificate($0) }
        config.privateKey = .privateKey(try NIOSSLPrivateKey(file: tls.keyPath, format: .pem))
      }
      return try NIOSSLContext(configuration: config)
    } catch {
      throw HTTPTransportError(
        "TLS: cannot load \(tls.caPath), \(tls.certPath) or \(tls.keyPath) as PEM: \(error)")
    }
  }
}
