import Foundation
import SkepTestSupport
import Testing

@testable import DockerEngine

@Suite struct BuildRequestTests {
  typealias Stub = StubDockerServer.Response

  static func lines(_ json: [String]) -> [[UInt8]] {
    json.map { Array(($0 + "\n").utf8) }
  }

  @Test func buildUploadsTheContextAndReportsTheImageID() async throws {
    try await withStub(apiVersion: "1.41", minAPIVersion: "1.12") { server, client in
      server.on(
        "POST", "/v1.41/build",
        .stream(
          Self.lines([
            #"{"stream":"Step 1/3 : FROM debian:bookworm"}"#, #"{"stream":"\n ---\u003e 5f1b\n"}"#,
            #"{"aux":{"ID":"sha256:0123abcd"}}"#, #"{"stream":"Successfully built 0123abcd\n"}"#,
          ])))
      let context: [UInt8] = Array(repeating: 42, count: 10240)
      var messages: [ProgressMessage] = []
      for try await message in client.build(
        context: .bytes(context), tag: ["skep/built:1", "registry.lan:5000/skep/built:1"],
        dockerfile: "docker/Dockerfile", buildArgs: ["VERSION": "1.2", "A": "b"], labels: ["skep.test": "1"],
        pull: true, noCache: true)
      {
        messages.append(message)
      }
      #expect(messages.compactMap(\.aux?.id) == ["sha256:0123abcd"])
      #expect(messages.first?.stream == "Step 1/3 : FROM debian:bookworm")

      let request = try #require(server.requests(to: "/v1.41/build").first)
      #expect(request.method == "POST")
      #expect(request.header("Content-Type") == "application/x-tar")
      #expect(request.body == context)
      #expect(
        request.queryItems.filter { $0.name == "t" }.map(\.value) == ["skep/built:1", "registry.lan:5000/skep/built:1"])
      #expect(
        request.query == [
          "version": "1", "t": "registry.lan:5000/skep/built:1", "dockerfile": "docker/Dockerfile",
          "buildargs": #"{"A":"b","VERSION":"1.2"}"#, "labels": #"{"skep.test":"1"}"#, "rm": "1", "forcerm": "1",
          "pull": "1", "nocache": "1",
        ])
    }
  }

  @Test func buildDefaultsAndAFileContext() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/build", .stream(Self.lines([#"{"aux":{"ID":"sha256:beef"}}"#])))
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("skep-ctx-\(UUID()).tar").path
      let tar = (0..<200_000).map { UInt8($0 % 251) }
      try Data(tar).write(to: URL(fileURLWithPath: file))
      defer { try? FileManager.default.removeItem(atPath: file) }
      var ids: [String] = []
      for try await message in client.build(context: .file(path: file), tag: ["t:1"]) {
        if let id = message.aux?.id { ids.append(id) }
      }
      #expect(ids == ["sha256:beef"])
      let request = try #require(server.requests(to: "/v1.45/build").first)
      #expect(request.body == tar)
      #expect(
        request.query == [
          "version": "1", "t": "t:1", "dockerfile": "Dockerfile", "buildargs": "{}", "labels": "{}", "rm": "1",
          "forcerm": "1",
        ])
    }
  }

  @Test func aFailingStepThrowsTheBuildersMessage() async throws {
    try await withStub { server, client in
      server.on(
        "POST", "/v1.45/build",
        .stream(
          Self.lines([
            #"{"stream":"Step 2/3 : RUN false\n"}"#,
            #"{"errorDetail":{"code":1,"message":"The command '/bin/sh -c false' returned a non-zero code: 1"},"error":"The command '/bin/sh -c false' returned a non-zero code: 1"}"#,
            #"{"aux":{"ID":"sha256:never"}}"#,
          ])))
      var seen: [ProgressMessage] = []
      await #expect {
        for try await message in client.build(context: .bytes([0]), tag: ["x:1"]) { seen.append(message) }
      } throws: { error in
        guard case DockerEngineError.http(200, let message, "POST", "/v1.45/build") = error else { return false }
        return message == "The command '/bin/sh -c false' returned a non-zero code: 1"
      }
      #expect(seen.count == 1)
      #expect(seen.allSatisfy { $0.aux?.id == nil })
    }
  }

  @Test func aRefusedBuildIsAnHTTPError() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/build", .error(500, "Cannot locate specified Dockerfile: Dockerfile"))
      await #expect {
        for try await _ in client.build(context: .bytes([0]), tag: []) {}
      } throws: { error in
        guard case DockerEngineError.http(500, "Cannot locate specified Dockerfile: Dockerfile", _, _) = error else {
          return false
        }
        return true
      }
    }
  }

  @Test func inspectImageDecodesWhatSkepReads() async throws {
    try await withStub { server, client in
      server.on(
        "GET", "/v1.45/images/registry.lan:5000/skep/built:1/json",
        .json(
          #"{"Id":"sha256:0123","RepoTags":["registry.lan:5000/skep/built:1"],"RepoDigests":["registry.lan:5000/skep/built@sha256:aaaa"],"Created":"2024-05-01T10:00:00.123456789Z","Size":123456,"Config":{"Labels":{"skep.test":"1"},"Cmd":["sh"]},"Architecture":"arm64","Os":"linux","RootFS":{"Type":"layers"}}"#
        ))
      let image = try await client.inspectImage("registry.lan:5000/skep/built:1")
      #expect(image.id == "sha256:0123")
      #expect(image.repoTags == ["registry.lan:5000/skep/built:1"])
      #expect(image.repoDigests == ["registry.lan:5000/skep/built@sha256:aaaa"])
      #expect(image.created == "2024-05-01T10:00:00.123456789Z")
      #expect(image.size == 123_456)
      #expect(image.labels == ["skep.test": "1"])
      #expect(image.architecture == "arm64")
      #expect(image.os == "linux")
      #expect(server.requests.last?.method == "GET")
    }
  }

  @Test func anImageWithoutLabelsHasNone() throws {
    let image = try JSONDecoder().decode(
      ImageInspect.self, from: Data(#"{"Id":"sha256:1","Config":{"Labels":null}}"#.utf8))
    #expect(image.labels.isEmpty)
  }

  @Test func pullSendsAuthAndThrowsStreamError() async throws {
    try await withStub { server, client in
      server.on(
        "POST", "/v1.45/images/create",
        .stream(
          Self.lines([
            #"{"status":"Pulling from skep/built","id":"1"}"#,
            #"{"status":"Digest: sha256:aaaa"}"#,
            #"{"status":"Status: Downloaded newer image for registry.lan:5000/skep/built:1"}"#,
          ])))
      var statuses: [String] = []
      for try await message in client.pullImage("registry.lan:5000/skep/built", tag: "1", registryAuth: "eyJ1In0=") {
        statuses.append(message.status ?? "")
      }
      #expect(statuses.last == "Status: Downloaded newer image for registry.lan:5000/skep/built:1")
      let request = try #require(server.requests(to: "/v1.45/images/create").first)
      #expect(request.method == "POST")
      #expect(request.query == ["fromImage": "registry.lan:5000/skep/built", "tag": "1"])
      #expect(request.header("X-Registry-Auth") == "eyJ1In0=")
      #expect(request.body.isEmpty)

      server.on(
        "POST", "/v1.45/images/create",
        .stream(Self.lines([#"{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}"#])))
      await #expect {
        for try await _ in client.pullImage("registry.lan:5000/skep/none") {}
      } throws: { error in
        guard case DockerEngineError.http(_, "manifest unknown", "POST", _) = error else { return false }
        return true
      }
      #expect(server.requests.last?.query == ["fromImage": "registry.lan:5000/skep/none"])
      #expect(server.requests.last?.header("X-Registry-Auth") == "e30=")
    }
  }

  @Test func pullOfAMissingRepositoryIsA404() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/images/create", .error(404, "pull access denied for nope, repository does not exist"))
      await #expect {
        for try await _ in client.pullImage("nope") {}
      } throws: { error in
        guard case DockerEngineError.http(404, let message, _, _) = error else { return false }
        return message.contains("pull access denied")
      }
    }
  }
}
