import Foundation
import SkepTestSupport
import Testing

@testable import DockerEngine

/// Runs `body` with a TCP stub and a registry client pointed at it; always shuts the stub down.
func withRegistryStub<T>(_ body: (StubDockerServer, RegistryClient) async throws -> T) async throws -> T {
  let server = try await StubDockerServer.startTCP()
  do {
    let client = try RegistryClient(address: "127.0.0.1:\(try #require(server.port))", timeout: .seconds(5))
    let result = try await body(server, client)
    try await server.shutdown()
    return result
  } catch {
    try? await server.shutdown()
    throw error
  }
}

@Suite struct RegistryClientTests {
  static let acceptAll =
    "application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, "
    + "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json"

  @Test func addressesAreReadWithTheirSchemeAndPort() throws {
    let plain = try RegistryClient(address: "192.168.1.2:5000")
    #expect(plain.host == "192.168.1.2" && plain.port == 5000 && plain.url == "http://192.168.1.2:5000")
    let http = try RegistryClient(address: "http://registry.lan/")
    #expect(http.port == 80 && http.address == "registry.lan:80")
    let tls = DockerTLS(ca: "/etc/docker/certs.d/r:443/ca.crt", cert: "/nope/c", key: "/nope/k", verify: true)
    let secure = try RegistryClient(address: "https://r.lan", tls: tls)
    #expect(secure.port == 443 && secure.url == "https://r.lan:443")
    #expect(try RegistryClient(address: "[fd00::2]:5000").address == "[fd00::2]:5000")
    for bad in ["registry.lan", "ftp://r:1", "r:99999", "r:5000/path", "https://r.lan:5000"] {
      #expect(throws: RegistryError.self, "\(bad)") { try RegistryClient(address: bad) }
    }
  }

  @Test func theCatalogFollowsLinkPages() async throws {
    try await withRegistryStub { server, client async throws in
      let page1 = StubDockerServer.Response(
        status: 200,
        headers: [
          ("Content-Type", "application/json"), ("Link", #"</v2/_catalog?last=b%2Fc&n=100>; rel="next""#),
        ],
        chunks: [Array(#"{"repositories":["a","b/c"]}"#.utf8)])
      server.on("GET", "/v2/_catalog", inOrder: [page1, .json(#"{"repositories":["d"]}"#)])
      #expect(try await client.catalog() == ["a", "b/c", "d"])
      let requests = server.requests(to: "/v2/_catalog")
      #expect(requests.map(\.method) == ["GET", "GET"])
      #expect(requests[0].query == ["n": "100"])
      #expect(requests[1].query == ["last": "b/c", "n": "100"])
      #expect(requests[0].header("Host") == "127.0.0.1:\(server.port ?? 0)")
    }
  }

  @Test func tagsFollowAbsoluteLinksAndReadNullAsEmpty() async throws {
    try await withRegistryStub { server, client async throws in
      let page1 = StubDockerServer.Response(
        status: 200,
        headers: [("Link", #"<http://elsewhere:5000/v2/web/app/tags/list?n=2&last=20261102>; rel="next""#)],
        chunks: [Array(#"{"name":"web/app","tags":["20261101","20261102"]}"#.utf8)])
      server.on("GET", "/v2/web/app/tags/list", inOrder: [page1, .json(#"{"name":"web/app","tags":["latest"]}"#)])
      #expect(try await client.tags("web/app") == ["20261101", "20261102", "latest"])
      #expect(server.requests.last?.query == ["n": "2", "last": "20261102"])

      server.on("GET", "/v2/empty/tags/list", .json(#"{"name":"empty","tags":null}"#))
      #expect(try await client.tags("empty") == [])
    }
  }

  @Test func aLinkThatLoopsIsAnError() async throws {
    try await withRegistryStub { server, client async throws in
      let looping = StubDockerServer.Response(
        status: 200, headers: [("Link", #"</v2/_catalog?n=100>; rel="next""#)],
        chunks: [Array(#"{"repositories":["a"]}"#.utf8)])
      server.on("GET", "/v2/_catalog", looping)
      let error = await #expect(throws: RegistryError.self) { try await client.catalog() }
      #expect(error?.description.contains("loop") == true, "\(String(describing: error))")
    }
  }

  @Test func theDigestComesFromAHeadWithEveryManifestKindAccepted() async throws {
    try await withRegistryStub { server, client async throws in
      server.on(
        "HEAD", "/v2/web/manifests/latest",
        .init(status: 200, headers: [("Docker-Content-Digest", "sha256:aaa"), ("Content-Type", "x")]))
      #expect(try await client.digest("web", reference: "latest") == "sha256:aaa")
      let request = try #require(server.requests(to: "/v2/web/manifests/latest").first)
      #expect(request.method == "HEAD")
      #expect(request.header("Accept") == Self.acceptAll)

      server.on("HEAD", "/v2/web/manifests/gone", .empty(status: 404))
      #expect(try await client.digest("web", reference: "gone") == nil)
    }
  }

  @Test func anImageManifestHasConfigLayersAndSize() async throws {
    try await withRegistryStub { server, client async throws in
      let body = """
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
         "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1000,"digest":"sha256:c"},
         "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":50000,"digest":"sha256:l1"},
                   {"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":200,"digest":"sha256:l2"}]}
        """
      server.on(
        "GET", "/v2/web/manifests/20261101",
        .init(status: 200, headers: [("Docker-Content-Digest", "sha256:m")], chunks: [Array(body.utf8)]))
      let manifest = try await client.manifest("web", reference: "20261101")
      #expect(manifest.digest == "sha256:m")
      #expect(manifest.mediaType == RegistryManifest.dockerManifest)
      #expect(manifest.config?.digest == "sha256:c")
      #expect(manifest.layers.map(\.digest) == ["sha256:l1", "sha256:l2"])
      #expect(manifest.imageSize == 51200)
      #expect(!manifest.isIndex)
      #expect(server.requests.last?.header("Accept") == Self.acceptAll)
      #expect(
        try await client.blobs("web", reference: "20261101").map(\.digest) == ["sha256:c", "sha256:l1", "sha256:l2"])
    }
  }

  @Test func anOCIIndexListsItsChildrenAndItsBlobsAreTheChildrens() async throws {
    try await withRegistryStub { server, client async throws in
      // No mediaType in the body: the Content-Type says what it is.
      let index = """
        {"schemaVersion":2,"manifests":[
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:amd","size":400,
           "platform":{"architecture":"amd64","os":"linux"}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:arm","size":400,
           "platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:missing","size":400}]}
        """
      server.on(
        "GET", "/v2/multi/manifests/latest",
        .init(
          status: 200,
          headers: [
            ("Content-Type", "application/vnd.oci.image.index.v1+json"), ("Docker-Content-Digest", "sha256:idx"),
          ], chunks: [Array(index.utf8)]))
      func image(_ layer: String) -> StubDockerServer.Response {
        .init(
          status: 200, headers: [("Content-Type", RegistryManifest.ociManifest)],
          chunks: [
            Array(
              #"{"schemaVersion":2,"config":{"digest":"sha256:cfg-\#(layer)","size":10},"layers":[{"digest":"sha256:shared","size":100},{"digest":"sha256:\#(layer)","size":5}]}"#
                .utf8)
          ])
      }
      server.on("GET", "/v2/multi/manifests/sha256:amd", image("amd"))
      server.on("GET", "/v2/multi/manifests/sha256:arm", image("arm"))
      server.on(
        "GET", "/v2/multi/manifests/sha256:missing", .json(#"{"errors":[{"code":"MANIFEST_UNKNOWN"}]}"#, status: 404))

      let manifest = try await client.manifest("multi", reference: "latest")
      #expect(manifest.isIndex)
      #expect(manifest.mediaType == RegistryManifest.ociIndex)
      #expect(manifest.imageSize == 0)
      #expect(manifest.manifests.map { $0.platform?.architecture } == ["amd64", "arm64", nil])
      let blobs = try await client.blobs("multi", reference: "latest")
      #expect(blobs.map(\.digest) == ["sha256:cfg-amd", "sha256:shared", "sha256:amd", "sha256:cfg-arm", "sha256:arm"])
      #expect(blobs.reduce(0) { $0 + $1.size } == 130)
    }
  }

  @Test func deletesGoByDigestAndA405SaysDeletesAreDisabled() async throws {
    try await withRegistryStub { server, client async throws in
      server.on("DELETE", "/v2/web/manifests/sha256:m", .empty(status: 202))
      try await client.deleteManifest("web", digest: "sha256:m")
      #expect(server.requests.last?.method == "DELETE")

      server.on(
        "DELETE", "/v2/locked/manifests/sha256:m",
        .json(#"{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}"#, status: 405))
      let error = await #expect(throws: RegistryError.self) {
        try await client.deleteManifest("locked", digest: "sha256:m")
      }
      guard case .deleteDisabled = error else {
        Issue.record("expected deleteDisabled, got \(String(describing: error))")
        return
      }
      #expect(error?.description.contains("delete: enabled: true") == true)

      let count = server.requests.count
      await #expect(throws: RegistryError.self) { try await client.deleteManifest("web", digest: "latest") }
      #expect(server.requests.count == count, "a tag is refused before anything is sent")
    }
  }

  @Test func theRegistrysOwnErrorMessagesAreKept() async throws {
    try await withRegistryStub { server, client async throws in
      server.on(
        "GET", "/v2/nope/tags/list",
        .json(
          #"{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"nope"}}]}"#,
          status: 404))
      let error = await #expect(throws: RegistryError.self) { try await client.tags("nope") }
      guard case .http(404, let message, "GET", "/v2/nope/tags/list") = error else {
        Issue.record("expected a 404, got \(String(describing: error))")
        return
      }
      #expect(message == "repository name not known to registry (NAME_UNKNOWN)")

      server.on("GET", "/v2/_catalog", .text("upstream broke", status: 502))
      let broken = await #expect(throws: RegistryError.self) { try await client.catalog() }
      #expect(broken?.status == 502)
      #expect(broken?.description.contains("upstream broke") == true)

      server.on("GET", "/v2/bad/tags/list", .json(#"{"tags":"not a list"}"#))
      let undecodable = await #expect(throws: RegistryError.self) { try await client.tags("bad") }
      guard case .decoding(_, "/v2/bad/tags/list", _) = undecodable else {
        Issue.record("expected a decoding error, got \(String(describing: undecodable))")
        return
      }
    }
  }

  @Test func anUnreachableRegistryIsATransportError() async throws {
    let port = try await StubDockerServer.closedLoopbackPort()
    let client = try RegistryClient(address: "127.0.0.1:\(port)", timeout: .seconds(5))
    let error = await #expect(throws: RegistryError.self) { try await client.catalog() }
    guard case .transport(let registry, _) = error else {
      Issue.record("expected a transport error, got \(String(describing: error))")
      return
    }
    #expect(registry == "127.0.0.1:\(port)")
    #expect(error?.description.hasPrefix("cannot connect to registry 127.0.0.1:\(port): Connection refused") == true)
  }
}
