import Foundation
import Testing

@testable import VolumeDriver

@Suite struct PluginMessageTests {
  func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  @Test func requestsDecodeDockersOwnBodies() throws {
    let create = try JSONDecoder().decode(
      VolumeCreateRequest.self, from: Data(#"{"Name":"db","Opts":{"size":"1G"}}"#.utf8))
    #expect(create == VolumeCreateRequest(name: "db", options: ["size": "1G"]))
    let noOpts = try JSONDecoder().decode(VolumeCreateRequest.self, from: Data(#"{"Name":"db","Opts":null}"#.utf8))
    #expect(noOpts.options == nil)
    let mount = try JSONDecoder().decode(
      VolumeMountRequest.self, from: Data(#"{"Name":"db","ID":"9f2c1e"}"#.utf8))
    #expect(mount == VolumeMountRequest(name: "db", id: "9f2c1e"))
    let name = try JSONDecoder().decode(VolumeNameRequest.self, from: Data(#"{"Name":"db"}"#.utf8))
    #expect(name.name == "db")
  }

  @Test func responsesUseDockersFieldNamesAndAnEmptyErrOnSuccess() throws {
    #expect(try json(PluginActivateResponse()) == #"{"Implements":["VolumeDriver"]}"#)
    #expect(try json(VolumeErrorResponse()) == #"{"Err":""}"#)
    #expect(
      try json(VolumeMountResponse(mountpoint: "/var/lib/skep/volumes/db/data"))
        == #"{"Err":"","Mountpoint":"/var/lib/skep/volumes/db/data"}"#)
    #expect(try json(VolumeCapabilitiesResponse()) == #"{"Capabilities":{"Scope":"local"}}"#)
    let volume = PluginVolume(name: "db", mountpoint: "/m", status: ["lease": "node2"])
    #expect(
      try json(VolumeGetResponse(volume: volume))
        == #"{"Err":"","Volume":{"Mountpoint":"/m","Name":"db","Status":{"lease":"node2"}}}"#)
    #expect(
      try json(VolumeListResponse(volumes: [PluginVolume(name: "a"), PluginVolume(name: "b")]))
        == #"{"Err":"","Volumes":[{"Name":"a"},{"Name":"b"}]}"#)
  }

  @Test func responsesRoundTrip() throws {
    let get = VolumeGetResponse(volume: PluginVolume(name: "db", createdAt: "2025-01-02T03:04:05Z"))
    let decoded = try JSONDecoder().decode(VolumeGetResponse.self, from: try JSONEncoder().encode(get))
    #expect(decoded == get)
    let failed = try JSONDecoder().decode(VolumeErrorResponse.self, from: Data(#"{"Err":"no such volume"}"#.utf8))
    #expect(failed.err == "no such volume")
  }

  @Test func volumeNamesCannotLeaveTheRoot() throws {
    #expect(try VolumePaths().mountpoint(of: "db_1.x") == "/var/lib/skep/volumes/db_1.x/data")
    for bad in ["", "..", "../etc", "a/b", ".hidden", "-x", "é"] {
      #expect(throws: VolumeDriverError.self) { try VolumePaths.checked(bad) }
    }
  }
}
