import Foundation
import SkepTestSupport
import Testing

@testable import DockerEngine

@Suite struct ContainerInspectTests {
  @Test func inspectDecodesTheStopTime() async throws {
    try await withStub { server, client in
      server.on(
        "GET", "/v1.45/containers/c1/json",
        .json(
          #"{"Id":"c1","Name":"/app","State":{"Status":"exited","Running":false,"ExitCode":0,"#
            + #""FinishedAt":"2026-11-25T01:02:03.456789012Z"}}"#))
      let inspect = try await client.inspectContainer("c1")
      #expect(inspect.state?.status == "exited")
      #expect(inspect.state?.finishedAt == "2026-11-25T01:02:03.456789012Z")
    }
  }

  @Test func aMissingStopTimeIsNil() throws {
    let inspect = try JSONDecoder().decode(
      ContainerInspect.self, from: Data(#"{"Id":"c2","State":{"Status":"running"}}"#.utf8))
    #expect(inspect.state?.finishedAt == nil)
  }
}
