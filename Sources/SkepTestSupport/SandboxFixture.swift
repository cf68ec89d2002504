import DockerEngine
import Foundation
import Logging
import Sandbox
import SkepConfig

/// The shared sandbox the integration suites run against: started once by `make test` (scripts/test.sh), which
/// sets `SKEP_SANDBOX_DIR` and `SKEP_SANDBOX_TESTS=1`, and always tears it down afterwards.
public struct SandboxFixture: Sendable {
  /// The sandbox directory (holds `skep.yml`, `state.json`, node sockets).
  public let directory: String
  /// The skep binary the tests drive, as a user would.
  public let binary: String

  /// Whether the sandbox suites should run: root, Linux, and `make test` set the sandbox up.
  public static var isEnabled: Bool {
    let environment = ProcessInfo.processInfo.environment
    return getuid() == 0 && environment["SKEP_SANDBOX_TESTS"] == "1" && environment["SKEP_SANDBOX_DIR"] != nil
  }

  /// The sandbox `make test` started.
  public static func shared() throws -> SandboxFixture {
    let environment = ProcessInfo.processInfo.environment
    guard let directory = environment["SKEP_SANDBOX_DIR"] else {
      throw FixtureError("SKEP_SANDBOX_DIR is not set: run the sandbox suites through `make test`")
    }
    let binary = environment["SKEP_BINARY"] ?? FileManager.default.currentDirectoryPath + "/.build/debug/skep"
    return SandboxFixture(directory: directory, binary: binary)
  }

  /// The inventory `skep sandbox up` wrote.
  public var inventoryPath: String { directory + "/skep.yml" }

  public func inventory() throws -> Inventory {
    try InventoryLoader.load(path: inventoryPath)
  }

  /// A client for one sandbox node, by inventory name.
  public func client(_ name: String) throws -> DockerClient {
    guard let node = try inventory().node(named: name) else {
      throw FixtureError("the sandbox has no node \(name)")
    }
    return DockerClient(endpoint: try DockerEndpoint.parse(node.docker))
  }

  /// Runs `skep ARGUMENTS` and returns its exit status and output, never throwing on a non-zero exit.
  public func skep(_ arguments: [String], inventory: String? = nil) async throws -> CommandOutput {
    var environment = ProcessInfo.processInfo.environment
    environment["SKEP_INVENTORY"] = inventory ?? inventoryPath
    let runner = CommandRunner(logger: Logger(label: "skep.tests"))
    return try await runner.run([binary] + arguments, environment: environment, check: false)
  }

  /// Writes a test inventory next to the sandbox's and returns its path.
  public func writeInventory(_ text: String, name: String) throws -> String {
    let folder = directory + "/test-inventories"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// Polls `condition` until it holds or `timeout` seconds pass; returns whether it held.
  public func eventually(
    timeout: Double, every interval: Double = 1, _ condition: @Sendable () async throws -> Bool
  ) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if (try? await condition()) == true { return true }
      try? await Task.sleep(for: .seconds(interval))
    }
    return (try? await condition()) == true
  }
}

/// A test setup problem, as opposed to a failed expectation.
public struct FixtureError: Error, CustomStringConvertible {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }
}
