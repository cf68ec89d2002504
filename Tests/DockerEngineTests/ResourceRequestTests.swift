import Foundation
import SkepTestSupport
import Testing

@testable import DockerEngine

@Suite struct ResourceRequestTests {
  func jobSpec(_ mode: ServiceMode) -> ServiceSpec {
    ServiceSpec(
      name: "skep-backup", labels: ["skep.kind": "backup"],
      taskTemplate: TaskTemplate(
        containerSpec: ContainerSpec(
          image: "skep:latest", args: ["agent", "backup"],
          mounts: [
            ContainerSpec.Mount(type: "bind", source: "/var/lib/docker/volumes", target: "/volumes", readOnly: true)
          ]),
        restartPolicy: TaskTemplate.RestartPolicy(condition: "none"), forceUpdate: 1),
      mode: mode)
  }

  @Test func jobModesAreEncodedExactly() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/services/create", .json(#"{"ID":"s1"}"#, status: 201))
      #expect(try await client.createService(jobSpec(.replicatedJob(maxConcurrent: 2, totalCompletions: 3))) == "s1")
      _ = try await client.createService(jobSpec(.globalJob))
      let bodies = server.requests(to: "/v1.45/services/create").map(\.jsonObject)
      let modes = bodies.map { $0?["Mode"] as? [String: Any] }
      #expect(modes.count == 2)
      #expect(modes[0]?.keys.sorted() == ["ReplicatedJob"])
      let job = modes[0]?["ReplicatedJob"] as? [String: Any]
      #expect(job?["MaxConcurrent"] as? Int == 2)
      #expect(job?["TotalCompletions"] as? Int == 3)
      #expect(modes[1]?.keys.sorted() == ["GlobalJob"])
      #expect((modes[1]?["GlobalJob"] as? [String: Any])?.isEmpty == true)
      let template = bodies[0]?["TaskTemplate"] as? [String: Any]
      #expect(template?["ForceUpdate"] as? Int == 1)
      let spec = template?["ContainerSpec"] as? [String: Any]
      #expect(spec?["Args"] as? [String] == ["agent", "backup"])
    }
  }

  @Test func serviceModeRoundTrips() throws {
    for mode in [
      ServiceMode.replicated(replicas: 3), .global, .replicatedJob(maxConcurrent: 1, totalCompletions: 5), .globalJob,
    ] {
      let data = try JSONEncoder().encode(mode)
      #expect(try JSONDecoder().decode(ServiceMode.self, from: data) == mode)
    }
    #expect(String(decoding: try JSONEncoder().encode(ServiceMode.global), as: UTF8.self) == #"{"Global":{}}"#)
  }

  @Test func serviceUpdateAndTasks() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/services/s1/update", .json(#"{"Warnings":null}"#))
      server.on(
        "GET", "/v1.45/tasks",
        .json(
          #"[{"ID":"t1","ServiceID":"s1","NodeID":"n1","Slot":1,"DesiredState":"shutdown","Status":{"State":"complete","Message":"finished","ContainerStatus":{"ContainerID":"c1","ExitCode":0}}}]"#
        ))
      server.on("DELETE", "/v1.45/services/s1", .empty(status: 200))
      try await client.updateService("s1", version: 12, spec: jobSpec(.globalJob))
      #expect(server.requests(to: "/v1.45/services/s1/update").first?.query["version"] == "12")
      let tasks = try await client.tasks(filters: ["service": ["s1"]])
      #expect(tasks.first?.status.state == "complete")
      #expect(tasks.first?.status.containerStatus?.exitCode == 0)
      try await client.removeService("s1")
      #expect(server.requests(to: "/v1.45/services/s1").first?.method == "DELETE")
    }
  }

  @Test func containerLifecycleRequests() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/containers/create", .json(#"{"Id":"c1","Warnings":[]}"#, status: 201))
      server.on("POST", "/v1.45/containers/c1/start", .empty())
      server.on("POST", "/v1.45/containers/c1/stop", .empty(status: 304))
      server.on("POST", "/v1.45/containers/c1/wait", .json(#"{"StatusCode":7}"#))
      server.on("DELETE", "/v1.45/containers/c1", .empty())
      let config = ContainerCreateConfig(
        image: "debian:bookworm", cmd: ["sh", "-c", "exit 7"], labels: ["skep": "test"],
        hostConfig: .init(binds: ["data:/data"], autoRemove: false))
      #expect(try await client.createContainer(name: "skep-probe", config: config) == "c1")
      try await client.startContainer("c1")
      try await client.stopContainer("c1", timeout: 2)
      #expect(try await client.waitContainer("c1") == 7)
      try await client.removeContainer("c1", force: true, volumes: true)

      let create = try #require(server.requests(to: "/v1.45/containers/create").first)
      #expect(create.query["name"] == "skep-probe")
      #expect(
        create.bodyText
          == #"{"Cmd":["sh","-c","exit 7"],"HostConfig":{"AutoRemove":false,"Binds":["data:/data"]},"Image":"debian:bookworm","Labels":{"skep":"test"}}"#
      )
      #expect(server.requests(to: "/v1.45/containers/c1/stop").first?.query["t"] == "2")
      let remove = try #require(server.requests(to: "/v1.45/containers/c1").first)
      #expect(remove.query["force"] == "true")
      #expect(remove.query["v"] == "true")
    }
  }

  @Test func imageImportStreamsTheTarball() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/images/create", .stream([Array(#"{"status":"sha256:abc123"}"#.utf8) + [10]]))
      let tar: [UInt8] = Array(repeating: 7, count: 300_000)
      let file = FileManager.default.temporaryDirectory.appendingPathComponent("skep-import-\(UUID()).tar").path
      try Data(tar).write(to: URL(fileURLWithPath: file))
      defer { try? FileManager.default.removeItem(atPath: file) }
      let id = try await client.importImage(from: .file(path: file), repository: "skep/base", tag: "bookworm")
      #expect(id == "sha256:abc123")
      let request = try #require(server.requests(to: "/v1.45/images/create").first)
      #expect(request.query == ["fromSrc": "-", "repo": "skep/base", "tag": "bookworm"])
      #expect(request.header("Content-Type") == "application/x-tar")
      #expect(request.body == tar)
    }
  }

  @Test func imageTagAndRemove() async throws {
    try await withStub { server, client in
      server.on("POST", "/v1.45/images/skep/base:latest/tag", .empty(status: 201))
      server.on("DELETE", "/v1.45/images/registry.lan:5000/skep/base:2024-05-01", .json("[]"))
      try await client.tagImage("skep/base:latest", repository: "registry.lan:5000/skep/base", tag: "2024-05-01")
      #expect(
        server.requests(to: "/v1.45/images/skep/base:latest/tag").first?.query == [
          "repo": "registry.lan:5000/skep/base", "tag": "2024-05-01",
        ])
      try await client.removeImage("registry.lan:5000/skep/base:2024-05-01", force: true)
      #expect(server.requests.last?.query["force"] == "true")
    }
  }

  @Test func volumes() async throws {
    try await withStub { server, client in
      server.on(
        "GET", "/v1.45/volumes",
        .json(
          #"{"Volumes":[{"Name":"data","Driver":"local","Mountpoint":"/var/lib/docker/volumes/data/_data","Labels":{"skep.backup":"daily"},"Scope":"local","Options":null}],"Warnings":null}"#
        ))
      server.on("POST", "/v1.45/volumes/create", .json(#"{"Name":"db","Driver":"skep","Scope":"local"}"#, status: 201))
      server.on("DELETE", "/v1.45/volumes/db", .empty())
      let list = try await client.volumes(filters: ["label": ["skep.backup"]])
      #expect(list.first?.labels?["skep.backup"] == "daily")
      let created = try await client.createVolume(VolumeCreateRequest(name: "db", driver: "skep", labels: ["a": "b"]))
      #expect(created.driver == "skep")
      #expect(
        server.requests(to: "/v1.45/volumes/create").first?.bodyText
          == #"{"Driver":"skep","Labels":{"a":"b"},"Name":"db"}"#)
      try await client.removeVolume("db", force: true)
      #expect(server.requests(to: "/v1.45/volumes/db").first?.query["force"] == "true")
    }
  }
}
