import SkepTestSupport
import Testing

@testable import DockerEngine

@Suite struct NegotiationTests {
  @Test func clampsToOurMaximum() async throws {
    try await withStub(apiVersion: "1.51", minAPIVersion: "1.24") { server, client in
      #expect(try await client.negotiatedVersion() == DockerClient.maximumAPIVersion)
      server.on("GET", "/v1.45/info", .json(#"{"Name":"node1"}"#))
      #expect(try await client.info().name == "node1")
      // Negotiated once: only one /version request for two calls.
      _ = try await client.info()
      #expect(server.requests(to: "/version").count == 1)
    }
  }

  @Test func usesDaemonVersionWhenOlderThanOurs() async throws {
    try await withStub(apiVersion: "1.41", minAPIVersion: "1.12") { server, client in
      server.on("GET", "/v1.41/info", .json(#"{"Name":"old"}"#))
      let info = try await client.info()
      let version = try await client.negotiatedVersion()
      #expect(info.name == "old")
      #expect(version == APIVersion(major: 1, minor: 41))
    }
  }

  @Test func docker1903IsRefusedClearly() async throws {
    try await withStub { server, client in
      server.on(
        "GET", "/version",
        .json(#"{"Version":"19.03.15","ApiVersion":"1.40","MinAPIVersion":"1.12","Os":"linux","Arch":"arm64"}"#))
      do {
        _ = try await client.info()
        Issue.record("expected unsupportedVersion")
      } catch let DockerEngineError.unsupportedVersion(_, daemonAPI, _, reason) {
        #expect(daemonAPI == APIVersion(major: 1, minor: 40))
        #expect(
          reason == "Docker Engine 19.03.15 (API 1.40) is too old: skep needs API 1.41 (Docker 20.10) or newer")
      }
      #expect(server.requests(to: "/v1.40/info").isEmpty)
    }
  }

  @Test func daemonRefusingOurVersionIsReported() throws {
    #expect {
      try VersionNegotiation.choose(
        daemonAPI: APIVersion(major: 1, minor: 60), daemonMinimum: APIVersion(major: 1, minor: 50),
        engineVersion: "40.0", endpoint: "unix:///x")
    } throws: { error in
      guard case DockerEngineError.unsupportedVersion(_, _, let minimum, let reason) = error else { return false }
      return minimum == APIVersion(major: 1, minor: 50) && reason.contains("refuses API versions below 1.50")
        && reason.contains("at most API 1.45")
    }
  }

  @Test func clientVersionRefusalMapsToUnsupportedVersion() async throws {
    try await withStub { server, client in
      server.on(
        "GET", "/v1.45/info",
        .error(400, "client version 1.45 is too new. Maximum supported API version is 1.43"))
      await #expect {
        try await client.info()
      } throws: { error in
        guard case DockerEngineError.unsupportedVersion(_, _, _, let reason) = error else { return false }
        return reason.contains("Maximum supported API version is 1.43")
      }
    }
  }
}
