import Foundation
import SkepTestSupport
import Testing

@testable import DockerEngine

@Suite struct SecretRequestTests {
  @Test func createSendsBase64DataAndNeverLogsIt() async throws {
    try await withStub { server, _ in
      let logs = CapturingLogHandler()
      let client = DockerClient(endpoint: server.endpoint, logger: logs.logger, timeout: .seconds(5))
      server.on("POST", "/v1.45/secrets/create", .json(#"{"ID":"sec1"}"#, status: 201))
      // Not valid UTF-8 on purpose: a secret is bytes.
      let data: [UInt8] = Array("hunter2-restic-password".utf8) + [0, 0xff, 0x80, 10]
      let id = try await client.createSecret(name: "restic-password", data: data, labels: ["skep.kind": "backup"])
      #expect(id == "sec1")

      let request = try #require(server.requests(to: "/v1.45/secrets/create").first)
      #expect(request.method == "POST")
      #expect(request.header("Content-Type") == "application/json")
      let base64 = Data(data).base64EncodedString()
      #expect(request.bodyText == #"{"Data":"\#(base64)","Labels":{"skep.kind":"backup"},"Name":"restic-password"}"#)
      #expect(Data(base64Encoded: try #require(request.jsonObject?["Data"] as? String)) == Data(data))

      #expect(logs.text.contains("/secrets/create"), "the request itself is logged: \(logs.text)")
      #expect(!logs.text.contains("hunter2"))
      #expect(!logs.text.contains(base64))
    }
  }

  @Test func createWithoutLabelsOmitsThem() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/secrets/create", .json(#"{"ID":"sec2"}"#, status: 201))
      _ = try await client.createSecret(name: "s", data: Array("x".utf8))
      #expect(server.requests.last?.bodyText == #"{"Data":"eA==","Name":"s"}"#)
    }
  }

  @Test func aTakenNameIsTheDaemonsConflict() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/secrets/create", .error(409, "rpc error: code = AlreadyExists desc = secret s exists"))
      let error = await #expect(throws: DockerEngineError.self) {
        try await client.createSecret(name: "s", data: [1])
      }
      guard case .http(409, let message, "POST", "/v1.45/secrets/create") = error else {
        Issue.record("expected a 409, got \(String(describing: error))")
        return
      }
      #expect(message.contains("AlreadyExists"))
    }
  }

  @Test func listInspectAndRemove() async throws {
    try await withStub { server, client in
      let secret =
        #"{"ID":"sec1","Version":{"Index":11},"CreatedAt":"2024-05-01T10:00:00Z","UpdatedAt":"2024-05-01T10:00:00Z","Spec":{"Name":"restic-password","Labels":{"skep.kind":"backup"}}}"#
      server.on("GET", "/v1.45/secrets", .json("[\(secret)]"))
      server.on("GET", "/v1.45/secrets/restic-password", .json(secret))
      server.on("DELETE", "/v1.45/secrets/sec1", .empty())

      let list = try await client.secrets(filters: ["name": ["restic-password"]])
      #expect(list.map(\.id) == ["sec1"])
      #expect(list.first?.spec.labels == ["skep.kind": "backup"])
      #expect(list.first?.version.index == 11)
      #expect(server.requests(to: "/v1.45/secrets").first?.query["filters"] == #"{"name":["restic-password"]}"#)

      let inspected = try await client.secret("restic-password")
      #expect(inspected.spec.name == "restic-password")
      #expect(inspected.spec.dataReturned == false)
      #expect(inspected.createdAt == "2024-05-01T10:00:00Z")

      try await client.removeSecret("sec1")
      #expect(server.requests(to: "/v1.45/secrets/sec1").map(\.method) == ["DELETE"])
    }
  }

  @Test func aDataFieldInTheAnswerIsNoticedButNotKept() throws {
    let json = #"{"ID":"x","Version":{"Index":1},"Spec":{"Name":"n","Data":"c2VjcmV0"}}"#
    let secret = try JSONDecoder().decode(Secret.self, from: Data(json.utf8))
    #expect(secret.spec.dataReturned)
    #expect(!"\(secret)".contains("c2VjcmV0"))
  }

  @Test func serviceSecretReferencesAreEncodedExactly() throws {
    let spec = ContainerSpec(
      image: "skep:dev",
      secrets: [
        ContainerSpec.SecretReference(secretID: "sec1", secretName: "restic-password"),
        ContainerSpec.SecretReference(
          secretID: "sec2", secretName: "db",
          file: ContainerSpec.SecretReference.File(name: "db.txt", uid: "999", gid: "999", mode: 0o400)),
      ])
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    #expect(
      String(decoding: try encoder.encode(spec), as: UTF8.self)
        == #"{"Image":"skep:dev","Secrets":[{"File":{"GID":"0","Mode":292,"Name":"restic-password","UID":"0"},"SecretID":"sec1","SecretName":"restic-password"},{"File":{"GID":"999","Mode":256,"Name":"db.txt","UID":"999"},"SecretID":"sec2","SecretName":"db"}]}"#
    )
    #expect(try JSONDecoder().decode(ContainerSpec.self, from: try encoder.encode(spec)) == spec)
  }
}
