import Foundation
import Testing

@testable import VolumeDriver

/// A handler that records calls and answers from fixed values.
actor RecordingHandler: VolumeDriverHandler {
  var calls: [String] = []
  var mountError: VolumeDriverError?

  func failMounts(_ error: VolumeDriverError?) { mountError = error }

  func create(_ request: VolumeCreateRequest) { calls.append("create \(request.name) \(request.options ?? [:])") }
  func remove(_ request: VolumeNameRequest) { calls.append("remove \(request.name)") }
  func mount(_ request: VolumeMountRequest) throws -> String {
    calls.append("mount \(request.name) \(request.id)")
    if let mountError { throw mountError }
    return "/var/lib/skep/volumes/\(request.name)/data"
  }
  func unmount(_ request: VolumeMountRequest) { calls.append("unmount \(request.name) \(request.id)") }
  func path(_ request: VolumeNameRequest) -> String { "" }
  func get(_ request: VolumeNameRequest) throws -> PluginVolume {
    guard request.name == "db" else { throw VolumeDriverError(.notFound, "no such volume: \(request.name)") }
    return PluginVolume(name: "db", status: ["lease": "node1"])
  }
  func list() -> [PluginVolume] { [PluginVolume(name: "db")] }
  func capabilities() -> PluginCapabilities { PluginCapabilities() }
}

@Suite struct PluginRouterTests {
  func call(_ router: PluginRouter<RecordingHandler>, _ path: String, _ body: String) async -> (Int, String) {
    let response = await router.route(path: path, body: Data(body.utf8))
    return (response.status, String(decoding: response.body, as: UTF8.self))
  }

  @Test func everyEndpointAnswersWithDockersJSON() async {
    let handler = RecordingHandler()
    let router = PluginRouter(handler: handler)
    #expect(await call(router, "/Plugin.Activate", "") == (200, #"{"Implements":["VolumeDriver"]}"#))
    #expect(await call(router, "/VolumeDriver.Create", #"{"Name":"db","Opts":null}"#) == (200, #"{"Err":""}"#))
    #expect(
      await call(router, "/VolumeDriver.Mount", #"{"Name":"db","ID":"c1"}"#)
        == (200, #"{"Err":"","Mountpoint":"/var/lib/skep/volumes/db/data"}"#))
    #expect(await call(router, "/VolumeDriver.Unmount", #"{"Name":"db","ID":"c1"}"#) == (200, #"{"Err":""}"#))
    #expect(await call(router, "/VolumeDriver.Path", #"{"Name":"db"}"#) == (200, #"{"Err":"","Mountpoint":""}"#))
    #expect(
      await call(router, "/VolumeDriver.Get", #"{"Name":"db"}"#)
        == (200, #"{"Err":"","Volume":{"Name":"db","Status":{"lease":"node1"}}}"#))
    #expect(await call(router, "/VolumeDriver.List", "null") == (200, #"{"Err":"","Volumes":[{"Name":"db"}]}"#))
    #expect(await call(router, "/VolumeDriver.Capabilities", "{}") == (200, #"{"Capabilities":{"Scope":"local"}}"#))
    #expect(await call(router, "/VolumeDriver.Remove", #"{"Name":"db"}"#) == (200, #"{"Err":""}"#))
    #expect(await handler.calls == ["create db [:]", "mount db c1", "unmount db c1", "remove db"])
  }

  @Test func aHandlerErrorBecomesErrForTheUser() async {
    let handler = RecordingHandler()
    await handler.failMounts(VolumeDriverError(.refused, MountRefusal.inUse(volume: "db", node: "node2").message))
    let router = PluginRouter(handler: handler)
    #expect(
      await call(router, "/VolumeDriver.Mount", #"{"Name":"db","ID":"c1"}"#)
        == (500, #"{"Err":"volume db is in use on node node2"}"#))
    #expect(await call(router, "/VolumeDriver.Get", #"{"Name":"x"}"#) == (500, #"{"Err":"no such volume: x"}"#))
  }

  @Test func badBodiesAndUnknownEndpointsAreRefusedWithoutCallingTheHandler() async {
    let handler = RecordingHandler()
    let router = PluginRouter(handler: handler)
    let (status, body) = await call(router, "/VolumeDriver.Mount", #"{"Name":"db"}"#)
    #expect(status == 400)
    #expect(body.hasPrefix(#"{"Err":"cannot read the request"#))
    #expect(
      await call(router, "/VolumeDriver.Snapshot", "{}") == (
        404, #"{"Err":"unknown plugin endpoint /VolumeDriver.Snapshot"}"#
      ))
    #expect(await handler.calls.isEmpty)
  }
}

/// skep's own `/Skep.SnapshotNow`: a handler that does not take snapshots on request refuses it in `Err`.
@Suite struct SnapshotNowRouteTests {
  @Test func aHandlerWithoutSnapshotsRefusesInErr() async throws {
    let router = PluginRouter(handler: RecordingHandler())
    let response = await router.route(path: "/Skep.SnapshotNow", body: Data(#"{"Name":"db"}"#.utf8))
    #expect(response.status == 500)
    let answer = try JSONDecoder().decode(SnapshotNowResponse.self, from: response.body)
    #expect(answer.snapshot == nil && answer.err == "this driver does not take snapshots on request")
  }
}
