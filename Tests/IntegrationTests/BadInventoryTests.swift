import DockerEngine
import Foundation
import SkepConfig
import SkepTestSupport
import Testing

/// One bad inventory: how to break a good 3-node file, and where and how skep must complain.
struct BadInventory: Sendable, CustomStringConvertible {
  var name: String
  var exitCode: Int32
  /// "line:column" the error must point at.
  var position: String
  var phrase: String
  var text: @Sendable ([InventoryNode]) -> String

  var description: String { name }
}

/// A good inventory is lines 1–11: `managers` on line 1, node N's name/address/docker on lines 3N, 3N+1, 3N+2.
let badInventories: [BadInventory] = [
  BadInventory(name: "even-managers", exitCode: 2, position: "1:11", phrase: "even number of managers") {
    inventoryText($0, managers: 2)
  },
  BadInventory(name: "wrong-type", exitCode: 2, position: "1:11", phrase: "must be an integer") {
    inventoryText($0, managers: 3).replacingOccurrences(of: "managers: 3", with: "managers: three")
  },
  BadInventory(name: "unknown-key", exitCode: 2, position: "7:5", phrase: "did you mean 'address'") {
    inventoryText($0, managers: 3).replacingOccurrences(of: "address: \($0[1].address)", with: "adress: x")
  },
  BadInventory(name: "duplicate-node", exitCode: 2, position: "9:11", phrase: "duplicate node name 'node1'") {
    inventoryText($0, managers: 3).replacingOccurrences(of: "name: node3", with: "name: node1")
  },
  BadInventory(name: "missing-docker", exitCode: 2, position: "9:5", phrase: "missing required key 'docker'") {
    nodes in
    inventoryText(nodes, managers: 3) { node, lines in
      if node.name == nodes[2].name { lines.removeLast() }
    }
  },
  BadInventory(name: "bad-scheme", exitCode: 2, position: "8:13", phrase: "unsupported Docker endpoint scheme") {
    inventoryText($0, managers: 3).replacingOccurrences(of: "docker: \($0[1].docker)", with: "docker: http://x:80")
  },
  BadInventory(name: "yaml-syntax", exitCode: 2, position: "", phrase: "invalid YAML") {
    inventoryText($0, managers: 3).replacingOccurrences(of: "address: \($0[0].address)", with: "address: [oops")
  },
  BadInventory(name: "unreachable", exitCode: 4, position: "8:13", phrase: "does not answer") {
    let missing = "unix:///nonexistent/skep-test/docker.sock"
    return inventoryText($0, managers: 3).replacingOccurrences(
      of: "docker: \($0[1].docker)", with: "docker: \(missing)")
  },
]

extension SwarmFormationTests {
  @Test(arguments: badInventories) func aBadInventoryFailsWithItsLocationAndTouchesNoEngine(_ bad: BadInventory)
    async throws
  {
    let formed = try await sandbox.skep(["cluster", "up"])
    #expect(formed.status == 0, "cluster up failed: \(formed.stderr)")
    let before = try await versionIndexes()

    let path = try sandbox.writeInventory(bad.text(Array(nodes.prefix(3))), name: "\(bad.name).yml")
    let output = try await sandbox.skep(["cluster", "up"], inventory: path)
    #expect(output.status == bad.exitCode, "exit \(output.status), stderr: \(output.stderr)")
    #expect(output.stderr.contains("\(path):\(bad.position)"), "stderr: \(output.stderr)")
    #expect(output.stderr.contains(bad.phrase), "stderr: \(output.stderr)")
    #expect(output.stdout.isEmpty, "nothing is planned or printed: \(output.stdout)")
    #expect(try await versionIndexes() == before)
  }
}
