import SkepTestSupport
import Testing

@testable import DockerEngine

@Suite struct StreamingTests {
  typealias Stub = StubDockerServer.Response

  @Test func containerLogsKeepOrderAcrossChunks() async throws {
    try await withStub { server, client in
      let bytes = Stub.frame(1, "out1\n") + Stub.frame(2, "err1\n") + Stub.frame(1, "out2\n")
      // Chunks cut through headers and payloads.
      let chunks = [Array(bytes[0..<3]), Array(bytes[3..<11]), Array(bytes[11..<20]), Array(bytes[20...])]
      server.on(
        "GET", "/v1.45/containers/c1/logs",
        .stream(chunks, contentType: "application/vnd.docker.multiplexed-stream", delay: .milliseconds(5)))
      var frames: [LogFrame] = []
      for try await frame in client.containerLogs("c1", options: LogsOptions(follow: true)) {
        frames.append(frame)
      }
      #expect(frames == [LogFrame(.stdout, "out1\n"), LogFrame(.stderr, "err1\n"), LogFrame(.stdout, "out2\n")])
      let request = try #require(server.requests(to: "/v1.45/containers/c1/logs").first)
      #expect(request.query["follow"] == "true")
      #expect(request.query["stdout"] == "true")
      #expect(request.query["tail"] == "all")
    }
  }

  @Test func rawStreamWithTTY() async throws {
    try await withStub { server, client in
      server.on(
        "GET", "/v1.45/containers/t1/logs",
        .stream([Array("hello ".utf8), Array("tty\n".utf8)], contentType: "application/vnd.docker.raw-stream"))
      var text = ""
      for try await frame in client.containerLogs("t1", options: LogsOptions(tty: true)) {
        #expect(frame.stream == .stdout)
        text += frame.text
      }
      #expect(text == "hello tty\n")
    }
  }

  @Test func logsOfMissingContainerThrowHTTP() async throws {
    try await withStub { server, client in
      server.on("GET", "/v1.45/services/foo/logs", .error(404, "service foo not found"))
      await #expect {
        for try await _ in client.serviceLogs("foo") {}
      } throws: { error in
        guard case DockerEngineError.http(404, "service foo not found", "GET", "/v1.45/services/foo/logs") = error
        else { return false }
        return true
      }
    }
  }

  @Test func execCollectsOutputAndExitCode() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/containers/c1/exec", .json(#"{"Id":"e1"}"#, status: 201))
      server.on(
        "POST", "/v1.45/exec/e1/start",
        .stream(
          [Stub.frame(1, "out1\n") + Stub.frame(2, "err1\n"), Stub.frame(1, "out2\n")],
          contentType: "application/vnd.docker.multiplexed-stream"))
      server.on("GET", "/v1.45/exec/e1/json", .json(#"{"Running":false,"ExitCode":3}"#))
      let result = try await client.exec("c1", command: ["sh", "-c", "echo out1; echo err1 >&2; echo out2"])
      #expect(result == ExecResult(exitCode: 3, stdout: "out1\nout2\n", stderr: "err1\n"))
      let create = try #require(server.requests(to: "/v1.45/containers/c1/exec").first?.jsonObject)
      #expect(create["Cmd"] as? [String] == ["sh", "-c", "echo out1; echo err1 >&2; echo out2"])
      #expect(create["AttachStdout"] as? Bool == true)
      #expect(server.requests(to: "/v1.45/exec/e1/start").first?.bodyText == #"{"Detach":false,"Tty":false}"#)
    }
  }

  @Test func eventsAreDecodedLineByLine() async throws {
    try await withStub { server, client in
      let lines =
        #"{"Type":"container","Action":"start","Actor":{"ID":"c1","Attributes":{"name":"web"}},"time":1700000000,"timeNano":1700000000000000001}"#
        + "\n" + #"{"Type":"volume","Action":"mount","Actor":{"ID":"data"},"time":1700000001}"# + "\n"
      let bytes = Array(lines.utf8)
      server.on("GET", "/v1.45/events", .stream([Array(bytes[0..<50]), Array(bytes[50...])]))
      var events: [DockerEvent] = []
      for try await event in client.events(filters: ["type": ["container", "volume"]]) {
        events.append(event)
      }
      #expect(events.map(\.action) == ["start", "mount"])
      #expect(events.first?.actor?.attributes?["name"] == "web")
      #expect(events.first?.timeNano == 1_700_000_000_000_000_001)
      #expect(server.requests(to: "/v1.45/events").first?.query["filters"] == #"{"type":["container","volume"]}"#)
    }
  }

  @Test func pushSendsAuthAndThrowsStreamError() async throws {
    try await withStub { server, client in
      let lines = [
        #"{"status":"The push refers to repository [registry.lan:5000/skep/base]"}"#,
        #"{"status":"Pushing","progressDetail":{"current":512,"total":1024},"id":"abc"}"#,
        #"{"errorDetail":{"message":"connection refused"},"error":"connection refused"}"#,
      ].map { Array(($0 + "\n").utf8) }
      server.on("POST", "/v1.45/images/registry.lan:5000/skep/base/push", .stream(lines))
      var statuses: [String] = []
      await #expect {
        for try await message in client.pushImage("registry.lan:5000/skep/base", tag: "2024-05-01") {
          statuses.append(message.status ?? "")
        }
      } throws: { error in
        guard case DockerEngineError.http(_, "connection refused", "POST", _) = error else { return false }
        return true
      }
      #expect(statuses.count == 2)
      let request = try #require(server.requests.last)
      #expect(request.path == "/v1.45/images/registry.lan:5000/skep/base/push")
      #expect(request.query["tag"] == "2024-05-01")
      #expect(request.header("X-Registry-Auth") == "e30=")
    }
  }

  @Test func cancellingAFollowedStreamStops() async throws {
    try await withStub { server, client in
      let frames = (0..<200).map { Stub.frame(1, "line \($0)\n") }
      server.on(
        "GET", "/v1.45/containers/c1/logs",
        .stream(frames, contentType: "application/vnd.docker.multiplexed-stream", delay: .milliseconds(20)))
      var seen = 0
      for try await _ in client.containerLogs("c1", options: LogsOptions(follow: true)) {
        seen += 1
        if seen == 3 { break }
      }
      #expect(seen == 3)
    }
  }
}
