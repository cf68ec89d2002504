import Backup
import Foundation
import Testing
import VolumeAgent
import VolumeDriver

/// A handler that records what reached it; Mount of `busy` is refused the way the agent refuses.
actor RecordingHandler: VolumeDriverHandler {
  private(set) var calls: [String] = []

  func create(_ request: VolumeCreateRequest) { calls.append("create \(request.name)") }
  func remove(_ request: VolumeNameRequest) { calls.append("remove \(request.name)") }
  func mount(_ request: VolumeMountRequest) throws -> String {
    calls.append("mount \(request.name) \(request.id)")
    if request.name == "busy" { throw VolumeDriverError(.refused, "volume busy is in use on node n2") }
    return "/volumes/\(request.name)/data"
  }
  func unmount(_ request: VolumeMountRequest) { calls.append("unmount \(request.name) \(request.id)") }
  func path(_ request: VolumeNameRequest) -> String { "/volumes/\(request.name)/data" }
  func get(_ request: VolumeNameRequest) -> PluginVolume { PluginVolume(name: request.name) }
  func list() -> [PluginVolume] { [] }
  func capabilities() -> PluginCapabilities { PluginCapabilities(scope: "local") }
}

/// Set once, read from anywhere.
actor Flag {
  private(set) var isSet = false
  func set() { isSet = true }
}

/// Runs `body` while a `PluginServer` for `handler` serves `socket`; the server's task is cancelled afterwards.
func withPluginServer<Handler: VolumeDriverHandler, T: Sendable>(
  _ handler: Handler, socket: String, _ body: () async throws -> T
) async throws -> T {
  let server = PluginServer(socketPath: socket, handler: handler)
  return try await withThrowingTaskGroup(of: Void.self) { group in
    let (ready, signal) = AsyncStream.makeStream(of: Void.self)
    group.addTask {
      defer { signal.finish() }
      try await server.run(ready: { signal.yield() })
    }
    for await _ in ready { break }
    do {
      let result = try await body()
      group.cancelAll()
      return result
    } catch {
      group.cancelAll()
      throw error
    }
  }
}

/// `PluginServer` on a real unix socket, spoken to by curl (as Docker's daemon would: HTTP/1.1 POSTs, keep-alive).
@Suite(.enabled(if: curlInstalled, "needs /usr/bin/curl")) struct PluginServerTests {
  static let contentType = "application/vnd.docker.plugins.v1.1+json"

  @Test func activateAndCapabilitiesAnswerAsAVolumeDriver() async throws {
    try await TemporaryDirectory.with { directory in
      let socket = directory.path("skep.sock")
      try await withPluginServer(RecordingHandler(), socket: socket) {
        let activate = try await post(socket, "/Plugin.Activate")
        #expect(activate.status == 200)
        #expect(activate.body == #"{"Implements":["VolumeDriver"]}"#)
        #expect(activate.contentType == Self.contentType)

        let capabilities = try await post(socket, "/VolumeDriver.Capabilities", "null")
        #expect(capabilities.status == 200)
        #expect(capabilities.body == #"{"Capabilities":{"Scope":"local"}}"#)
      }
    }
  }

  @Test func requestsReachTheHandlerAndItsRefusalBecomesErr() async throws {
    try await TemporaryDirectory.with { directory in
      let socket = directory.path("skep.sock")
      let handler = RecordingHandler()
      try await withPluginServer(handler, socket: socket) {
        let mounted = try await post(socket, "/VolumeDriver.Mount", #"{"Name":"db","ID":"c1"}"#)
        #expect(mounted.status == 200)
        #expect(mounted.body == #"{"Err":"","Mountpoint":"/volumes/db/data"}"#)

        let refused = try await post(socket, "/VolumeDriver.Mount", #"{"Name":"busy","ID":"c2"}"#)
        #expect(refused.status == 500)
        #expect(refused.body == #"{"Err":"volume busy is in use on node n2"}"#)

        let unknown = try await post(socket, "/VolumeDriver.Snapshot", #"{"Name":"db"}"#)
        #expect(unknown.status == 404)
        #expect((unknown.json?["Err"] as? String)?.contains("/VolumeDriver.Snapshot") == true)

        let garbled = try await post(socket, "/VolumeDriver.Unmount", "{not json")
        #expect(garbled.status == 400)
      }
      // Neither the unknown endpoint nor the undecodable body reached the handler.
      #expect(await handler.calls == ["mount db c1", "mount busy c2"])
    }
  }

  @Test func requestsOnOneKeptAliveConnectionAreAllAnswered() async throws {
    try await TemporaryDirectory.with { directory in
      let socket = directory.path("skep.sock")
      let handler = RecordingHandler()
      try await withPluginServer(handler, socket: socket) {
        let replies = try await post(
          socket,
          [
            ("/Plugin.Activate", ""), ("/VolumeDriver.Create", #"{"Name":"db","Opts":{"size":"1G"}}"#),
            ("/VolumeDriver.Capabilities", ""),
          ])
        #expect(replies.map(\.status) == [200, 200, 200])
        // One connection opened, then reused twice.
        #expect(replies.map(\.connects) == [1, 0, 0])
        #expect(
          replies.map(\.body) == [
            #"{"Implements":["VolumeDriver"]}"#, #"{"Err":""}"#, #"{"Capabilities":{"Scope":"local"}}"#,
          ])
      }
      #expect(await handler.calls == ["create db"])
    }
  }

  @Test func aStaleSocketFileIsReplaced() async throws {
    try await TemporaryDirectory.with { directory in
      // A socket left behind by an agent that was killed: bound, never listening, never removed.
      let socket = directory.path("run/docker/plugins/skep.sock")
      try FileManager.default.createDirectory(
        atPath: (socket as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      let stale = try UnixSocketClient(path: socket, bindOnly: true)
      stale.close()
      #expect(throws: SetupError.self) { try UnixSocketClient(path: socket).close() }

      try await withPluginServer(RecordingHandler(), socket: socket) {
        let reply = try await post(socket, "/Plugin.Activate")
        #expect(reply.status == 200)
      }
    }
  }

  @Test func cancellingTheServerEndsItAndRemovesTheSocketWhileAConnectionIsOpen() async throws {
    try await TemporaryDirectory.with { directory in
      let socket = directory.path("plugins/skep.sock")
      let server = PluginServer(socketPath: socket, handler: RecordingHandler())
      let ended = Flag()
      try await withThrowingTaskGroup(of: Void.self) { group in
        let (ready, signal) = AsyncStream.makeStream(of: Void.self)
        group.addTask {
          defer { signal.finish() }
          try? await server.run(ready: { signal.yield() })
          await ended.set()
        }
        for await _ in ready { break }
        #expect(FileManager.default.fileExists(atPath: socket))

        // Docker's daemon keeps its connection open between calls.
        let client = try UnixSocketClient(path: socket)
        let answered: String
        do {
          try client.send("POST /Plugin.Activate HTTP/1.1\r\nHost: plugin\r\nContent-Length: 0\r\n\r\n")
          answered = try await client.receive { $0.hasSuffix(#"{"Implements":["VolumeDriver"]}"#) }
          group.cancelAll()
          #expect(try await eventually(timeout: 5, every: 0.05) { await ended.isSet })
        } catch {
          client.close()
          throw error
        }
        client.close()
        #expect(answered.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(answered.lowercased().contains("content-type: \(Self.contentType)"))
        #expect(!answered.lowercased().contains("connection: close"))
        try await group.waitForAll()
        #expect(!FileManager.default.fileExists(atPath: socket))
      }
    }
  }

  @Test func theAgentServesTheProtocolAndRefusesAMountWithoutItsStore() async throws {
    try await TemporaryDirectory.with { directory in
      let socket = directory.path("skep.sock")
      let repository = directory.path("absent-repository")
      let agent = try VolumeAgentCore(
        configuration: testConfiguration(node: "node1", root: directory.path("volumes")),
        leases: FileLeaseStore(repository: repository),
        store: ResticVolumeStore(
          restic: Restic(repository: ResticRepository(location: repository, password: .literal("unused")))))
      try await withPluginServer(agent, socket: socket) {
        let created = try await post(socket, "/VolumeDriver.Create", #"{"Name":"db"}"#)
        #expect(created.status == 200)
        #expect(created.body == #"{"Err":""}"#)

        let got = try await post(socket, "/VolumeDriver.Get", #"{"Name":"db"}"#)
        let volume = try JSONDecoder().decode(VolumeGetResponse.self, from: Data(got.body.utf8)).volume
        #expect(volume.name == "db")
        #expect(volume.mountpoint == nil)
        #expect(volume.status == ["node": "node1", "state": "idle"])

        let missing = try await post(socket, "/VolumeDriver.Get", #"{"Name":"nope"}"#)
        #expect(missing.status == 500)
        #expect(missing.body == #"{"Err":"no volume nope on node1"}"#)

        let mount = try await post(socket, "/VolumeDriver.Mount", #"{"Name":"db","ID":"c1"}"#)
        #expect(mount.status == 500)
        #expect(mount.body == #"{"Err":"cannot reach the backup store, refusing to start db empty"}"#)

        let path = try await post(socket, "/VolumeDriver.Path", #"{"Name":"db"}"#)
        #expect(path.body == #"{"Err":"","Mountpoint":""}"#)

        let list = try await post(socket, "/VolumeDriver.List")
        let names = try JSONDecoder().decode(VolumeListResponse.self, from: Data(list.body.utf8)).volumes.map(\.name)
        #expect(names == ["db"])
      }
      #expect(!directoryExists(directory.path("volumes/db/data")))
    }
  }
}
