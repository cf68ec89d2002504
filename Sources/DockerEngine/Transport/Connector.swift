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

  /// Connects and returns the channel plus the pending response head.
  func connect(
    responseTimeout: TimeAmount?,
    body: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
  ) async throws -> (any Channel, EventLoopFuture<HTTPResponseHead>) {
    let loop = group.next()
    let head = loop.makePromise(of: HTTPResponseHead.self)
    let sslContext = try makeSSLContext()
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
    let channel: any Channel
    do {
      switch endpoint.transport {
      case .unix(let path):
        channel = try await ClientBootstrap(group: loop).connectTimeout(connectTimeout)
          .channelInitializer(initializer).connect(unixDomainSocketPath: path).get()
      case .tcp(let host, let port, _):
        channel = try await ClientBootstrap(group: loop).connectTimeout(connectTimeout)
          .channelOption(.socketOption(.so_reuseaddr), value: 1)
          .channelInitializer(initializer).connect(host: host, port: port).get()
      case .ssh:
        channel = try await SSHDialer(endpoint: endpoint).dial(on: loop, initializer: initializer)
      }
    } catch {
      head.fail(error)
      body.finish(throwing: error)
      throw error
    }
    return (channel, head.futureResult)
  }

  private var tlsServerHostname: String? {
    guard case .tcp(let host, _, _) = endpoint.transport else { return nil }
    // SNI must not carry an IP address.
    let isIP = host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    return isIP ? nil : host
  }

  private func makeSSLContext() throws -> NIOSSLContext? {
    guard case .tcp(_, _, let tls?) = endpoint.transport else { return nil }
    do {
      var config = TLSConfiguration.makeClientConfiguration()
      config.trustRoots = .file(tls.caPath)
      config.certificateChain = try NIOSSLCertificate.fromPEMFile(tls.certPath).map { .certificate($0) }
      config.privateKey = .privateKey(try NIOSSLPrivateKey(file: tls.keyPath, format: .pem))
      config.certificateVerification = tls.verify ? .fullVerification : .none
      return try NIOSSLContext(configuration: config)
    } catch {
      throw HTTPTransportError(
        "cannot load TLS material (\(tls.caPath), \(tls.certPath), \(tls.keyPath)): \(error)")
    }
  }
}
