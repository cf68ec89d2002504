import Foundation
import SkepConfig
import Testing

@Suite struct LoadingTests {
  @Test func loadsAFileAndUsesItsPathInLocations() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skep-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("skep.yml").path
    try oneNode.write(toFile: path, atomically: true, encoding: .utf8)

    let inventory = try InventoryLoader.load(path: path)
    #expect(inventory.file == path)
    #expect(inventory.nodes[0].location.description == "\(path):3:5")

    try (oneNode + "bogus: 1\n").write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: InventoryError.self) { try InventoryLoader.load(path: path) }
    do {
      _ = try InventoryLoader.load(path: path)
    } catch {
      #expect(
        error.description == "\(path):6:1: error: unknown key 'bogus' in the inventory"
          + " (expected one of: managers, registry, nodes, backup, build, volumes, setup, schedule, control)")
    }
  }

  @Test func missingFileExplainsHowTheInventoryIsFound() {
    let path = "/nonexistent/skep-\(UUID().uuidString).yml"
    do {
      _ = try InventoryLoader.load(path: path)
      Issue.record("loading a missing file succeeded")
    } catch {
      #expect(error.location == nil)
      #expect(error.message.contains("no inventory at '\(path)'"))
      #expect(error.message.contains("--inventory/-i"))
      #expect(error.message.contains("$SKEP_INVENTORY"))
      #expect(error.message.contains("./skep.yml"))
      #expect(error.description.hasPrefix("error: no inventory at"))
    }
  }

  @Test func directoryIsNotAnInventory() {
    do {
      _ = try InventoryLoader.load(path: FileManager.default.temporaryDirectory.path)
      Issue.record("loading a directory succeeded")
    } catch {
      #expect(error.message.contains("is a directory"))
    }
  }

  @Test func pathPrefersOptionThenEnvironmentThenDefault() {
    let environment = ["SKEP_INVENTORY": "/etc/skep/lab.yml"]
    #expect(InventoryLoader.path(option: "x.yml", environment: environment) == "x.yml")
    #expect(InventoryLoader.path(option: nil, environment: environment) == "/etc/skep/lab.yml")
    #expect(InventoryLoader.path(option: nil, environment: [:]) == "skep.yml")
    #expect(InventoryLoader.path(option: "", environment: ["SKEP_INVENTORY": ""]) == "skep.yml")
  }
}
