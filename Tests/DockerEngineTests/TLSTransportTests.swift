import Foundation
import SkepTestSupport
import Testing

@testable import DockerEngine

/// `tcp://` with TLS, end to end: our NIOSSL client against an OpenSSL server (socat) that requires a client
/// certificate, in front of the stub daemon. Certificates are made fresh per test with the openssl CLI.
@Suite struct TLSTransportTests {
  /// What the server presents.
  enum ServerIdentity {
    /// Signed by the CA in the client's ca.pem, SAN 127.0.0.1 and localhost.
    case trusted
    /// Signed by an unrelated CA.
    case otherCA
    /// Signed by the trusted CA, but for another name only.
    case wrongName
  }

  /// Runs `body` with a stub served over TLS on 127.0.0.1; stops socat and the stub and removes the PKI after.
  func withTLSStub<T>(
    server identity: ServerIdentity = .trusted,
    _ body: (StubDockerServer, TLSFront, TestPKI) async throws -> T
  ) async throws -> T {
    let pki = try TestPKI.make(
      serverSAN: identity == .wrongName ? "DNS:node9.lan" : "IP:127.0.0.1,DNS:localhost")
    defer { pki.remove() }
    var certificate = (certificate: pki.serverCertificate, key: pki.serverKey)
    if identity == .otherCA {
      certificate = try pki.issueFromOtherCA(
        name: "rogue", extensions: "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth")
    }
    let server = try await StubDockerServer.start()
    server.on("GET", "/v1.45/info", .json(#"{"Name":"tls-node"}"#))
    let front: TLSFront
    do {
      front = try await server.startTLSFront(
        certificate: certificate.certificate, key: certificate.key, clientCA: pki.caCertificate,
        logDirectory: pki.root)
    } catch {
      try? await server.shutdown()
      throw error
    }
    do {
      let result = try await body(server, front, pki)
      front.stop()
      try await server.shutdown()
      return result
    } catch {
      front.stop()
      try? await server.shutdown()
      throw error
    }
  }

  func client(_ url: String, certDirectory: String) throws -> DockerClient {
    let tls = DockerTLS(certDirectory: certDirectory, verify: true)
    return DockerClient(endpoint: try DockerEndpoint.parse(url, tls: tls), timeout: .seconds(3))
  }

  /// The transport reason of `body`'s failure, or nil (recording an issue) when it did not fail that way.
  func transportReason(_ body: () async throws -> Void) async -> String? {
    do {
      try await body()
      Issue.record("expected a transport error")
    } catch DockerEngineError.transport(_, let reason) {
      return reason
    } catch {
      Issue.record("expected a transport error, got \(error)")
    }
    return nil
  }

  @Test func verifiedTLSNegotiatesAndCallsInfo() async throws {
    try await withTLSStub { server, front, pki in
      let client = try client("tcp://127.0.0.1:\(front.port)", certDirectory: pki.clientDirectory)
      #expect(try await client.info().name == "tls-node")
      #expect(server.requests.map(\.path) == ["/version", "/v1.45/info"])
      // The port really is TLS-only: plain HTTP to it gets no answer from the daemon.
      let plain = DockerClient(
        endpoint: try DockerEndpoint.parse("tcp://127.0.0.1:\(front.port)"), timeout: .seconds(3))
      let reason = await transportReason { try await plain.ping() }
      #expect(reason != nil)
      #expect(server.requests.count == 2)
    }
  }

  @Test func hostnameIsVerifiedAgainstTheCertificate() async throws {
    try await withTLSStub { server, front, pki in
      let client = try client("tcp://localhost:\(front.port)", certDirectory: pki.clientDirectory)
      #expect(try await client.info().name == "tls-node")
    }
  }

  @Test func environmentSelectsVerifiedTLS() async throws {
    try await withTLSStub { server, front, pki in
      let endpoint = try DockerEndpoint.fromEnvironment([
        "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": pki.clientDirectory,
        "DOCKER_HOST": "tcp://127.0.0.1:\(front.port)",
      ])
      let client = DockerClient(endpoint: endpoint, timeout: .seconds(3))
      #expect(try await client.info().name == "tls-node")
      #expect(server.requests(to: "/v1.45/info").count == 1)
    }
  }

  @Test func serverCertificateFromAnotherCAIsRejected() async throws {
    try await withTLSStub(server: .otherCA) { server, front, pki in
      let client = try client("tcp://127.0.0.1:\(front.port)", certDirectory: pki.clientDirectory)
      let reason = await transportReason { _ = try await client.info() }
      #expect(reason?.contains("TLS") == true, "\(reason ?? "no error")")
      #expect(reason?.contains("certificate") == true, "\(reason ?? "no error")")
      #expect(server.requests.isEmpty)
    }
  }

  @Test func serverCertificateForAnotherNameIsRejected() async throws {
    try await withTLSStub(server: .wrongName) { server, front, pki in
      let client = try client("tcp://127.0.0.1:\(front.port)", certDirectory: pki.clientDirectory)
      let reason = await transportReason { _ = try await client.info() }
      #expect(reason?.contains("TLS") == true, "\(reason ?? "no error")")
      #expect(reason?.contains("127.0.0.1") == true, "\(reason ?? "no error")")
      #expect(server.requests.isEmpty)
    }
  }

  @Test func missingClientCertificateIsRefusedByTheServer() async throws {
    try await withTLSStub { server, front, pki in
      let onlyCA = pki.root + "/ca-only"
      try FileManager.default.createDirectory(atPath: onlyCA, withIntermediateDirectories: true)
      try FileManager.default.copyItem(atPath: pki.caCertificate, toPath: onlyCA + "/ca.pem")
      let client = try client("tcp://127.0.0.1:\(front.port)", certDirectory: onlyCA)
      let reason = await transportReason { _ = try await client.info() }
      #expect(reason?.contains("TLS") == true, "\(reason ?? "no error")")
      #expect(server.requests.isEmpty)
    }
  }

  @Test func clientCertificateFromAnotherCAIsRefusedByTheServer() async throws {
    try await withTLSStub { server, front, pki in
      let rogue = try pki.issueFromOtherCA(name: "rogue-client", extensions: "extendedKeyUsage=clientAuth")
      let directory = pki.root + "/rogue-client"
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try FileManager.default.copyItem(atPath: pki.caCertificate, toPath: directory + "/ca.pem")
      try FileManager.default.copyItem(atPath: rogue.certificate, toPath: directory + "/cert.pem")
      try FileManager.default.copyItem(atPath: rogue.key, toPath: directory + "/key.pem")
      let client = try client("tcp://127.0.0.1:\(front.port)", certDirectory: directory)
      let reason = await transportReason { _ = try await client.info() }
      #expect(reason?.contains("TLS") == true, "\(reason ?? "no error")")
      #expect(server.requests.isEmpty)
    }
  }

  @Test func missingCAFileIsNamed() async throws {
    let client = try client("tcp://127.0.0.1:9", certDirectory: "/tmp/skep-no-such-certs-\(UUID())")
    let reason = await transportReason { try await client.ping() }
    #expect(reason?.contains("ca.pem") == true, "\(reason ?? "no error")")
  }
}
