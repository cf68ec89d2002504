import Testing

@testable import DockerEngine

@Suite struct EndpointTests {
  @Test func unixSocket() throws {
    let endpoint = try DockerEndpoint.parse("unix:///var/run/docker.sock")
    #expect(endpoint.transport == .unix(path: "/var/run/docker.sock"))
    #expect(endpoint.description == "unix:///var/run/docker.sock")
  }

  @Test func loopbackTCPIsAllowedWithoutTLS() throws {
    #expect(try DockerEndpoint.parse("tcp://127.0.0.1:2375").transport == .tcp(host: "127.0.0.1", port: 2375, tls: nil))
    #expect(try DockerEndpoint.parse("tcp://localhost").transport == .tcp(host: "localhost", port: 2375, tls: nil))
    #expect(try DockerEndpoint.parse("tcp://[::1]:2375").transport == .tcp(host: "::1", port: 2375, tls: nil))
  }

  @Test func plainTCPToRemoteHostIsRefused() throws {
    #expect {
      try DockerEndpoint.parse("tcp://192.168.1.10:2375")
    } throws: { error in
      guard case DockerEngineError.invalidEndpoint(_, let reason) = error else { return false }
      return reason.contains("--insecure") && reason.contains("TLS") && reason.contains("ssh")
    }
    let allowed = try DockerEndpoint.parse("tcp://192.168.1.10:2375", allowInsecure: true)
    #expect(allowed.transport == .tcp(host: "192.168.1.10", port: 2375, tls: nil))
  }

  @Test func tlsFromEnvironment() throws {
    let endpoint = try DockerEndpoint.fromEnvironment([
      "DOCKER_HOST": "tcp://node1.lan", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/etc/skep/certs/",
    ])
    let tls = DockerTLS(
      ca: "/etc/skep/certs/ca.pem", cert: "/etc/skep/certs/cert.pem", key: "/etc/skep/certs/key.pem", verify: true)
    #expect(endpoint.transport == .tcp(host: "node1.lan", port: 2376, tls: tls))
  }

  @Test func environmentDefaults() throws {
    #expect(try DockerEndpoint.fromEnvironment([:]).transport == .unix(path: "/var/run/docker.sock"))
    let endpoint = try DockerEndpoint.fromEnvironment([
      "DOCKER_HOST": "tcp://10.0.0.5:2376", "DOCKER_TLS_VERIFY": "1", "HOME": "/home/pi",
    ])
    guard case .tcp(_, _, let tls?) = endpoint.transport else {
      Issue.record("expected TLS")
      return
    }
    #expect(tls.caPath == "/home/pi/.docker/ca.pem")
    #expect(tls.keyPath == "/home/pi/.docker/key.pem")
  }

  @Test func sshEndpointAndArgv() throws {
    let endpoint = try DockerEndpoint.parse("ssh://pi@node2.lan:2222")
    #expect(endpoint.transport == .ssh(user: "pi", host: "node2.lan", port: 2222))
    #expect(endpoint.description == "ssh://pi@node2.lan:2222")
    #expect(
      SSHDialer(endpoint: endpoint).arguments == [
        "-o", "BatchMode=yes", "-p", "2222", "pi@node2.lan", "--", "docker", "system", "dial-stdio",
      ])
    let bare = try DockerEndpoint.parse("ssh://node3")
    #expect(
      SSHDialer(endpoint: bare).arguments == ["-o", "BatchMode=yes", "node3", "--", "docker", "system", "dial-stdio"])
  }

  @Test(arguments: [
    "", "docker.sock", "unix://", "unix://relative/path", "http//x", "ftp://host", "tcp://", "tcp://host:0",
    "tcp://host:99999", "tcp://host:abc", "tcp://host/path", "ssh://@host", "ssh://user@", "tcp://[::1",
  ])
  func garbageIsRejected(_ url: String) {
    #expect(throws: DockerEngineError.self) { try DockerEndpoint.parse(url, allowInsecure: true) }
  }

  @Test func apiVersionParsingAndOrder() throws {
    #expect(APIVersion("1.41") == APIVersion(major: 1, minor: 41))
    #expect(APIVersion("v1.45")?.description == "1.45")
    #expect(try #require(APIVersion("1.9")) < #require(APIVersion("1.41")))
    #expect(APIVersion("1") == nil)
    #expect(APIVersion("1.x") == nil)
    #expect(APIVersion("1.2.3") == nil)
  }
}
