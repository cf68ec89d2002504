import Foundation
import Logging
import Sandbox
import Testing

/// Brings up a throwaway 1-node sandbox of its own, takes it down, and checks nothing of it remains (twice).
@Suite(.serialized) struct SandboxDownTests {
  static let enabled =
    getuid() == 0 && ProcessInfo.processInfo.environment["SKEP_SANDBOX_TESTS"] == "1"

  let runner = CommandRunner(logger: Logger(label: "skep.tests.sandbox-down"))
  var binary: String {
    ProcessInfo.processInfo.environment["SKEP_BINARY"] ?? FileManager.default.currentDirectoryPath
      + "/.build/debug/skep"
  }

  @Test(.enabled(if: Self.enabled), .timeLimit(.minutes(5)))
  func downRemovesEverythingAndIsSafeTwice() async throws {
    let directory = try await freeDirectory()
    let plan = NetworkPlan(directory: directory, nodeCount: 1)
    let up = try await skep(["sandbox", "up", "--dir", directory, "--nodes", "1", "--engine", "20.10", "--no-images"])
    let state = try StateFile(path: SandboxLayout(root: directory).stateFile).load()
    let pids = try await processes(of: plan)
    var answered = false
    if let node = state?.nodes.first { answered = await EngineProbe.ping(socket: node.socket) }

    let down = try await skep(["sandbox", "down", "--dir", directory])
    let again = try await skep(["sandbox", "down", "--dir", directory])
    try? FileManager.default.removeItem(atPath: directory)

    #expect(up.status == 0, "up failed: \(up.stderr)")
    #expect(state?.nodes.count == 1)
    #expect(answered, "node1 did not answer /_ping")
    #expect(pids.count >= 3, "expected dockerd, containerd and the registry in the namespaces, saw \(pids)")
    #expect(down.status == 0, "down failed: \(down.stderr)")
    #expect(again.status == 0, "second down failed: \(again.stderr)")
    #expect(pids.filter(ProcessTable.isAlive).isEmpty, "still alive: \(pids.filter(ProcessTable.isAlive))")
    for netns in [plan.registry.netns, plan.nodes[0].netns] {
      #expect(!FileManager.default.fileExists(atPath: "/run/netns/\(netns)"))
    }
    let links = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []
    #expect(!links.contains(plan.bridge))
    #expect(links.filter { $0.hasPrefix(plan.vethPrefix) }.isEmpty)
    let rules = try await runner.run(["iptables", "-w", "-S"]).stdout
    #expect(!rules.contains(plan.iptablesComment))
    #expect(MountTable.mounts(under: directory, mountinfo: MountTable.current()).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: SandboxLayout(root: directory).stateFile))
  }

  /// A temporary directory whose derived subnet is not already in use on this host (another sandbox may be up).
  private func freeDirectory() async throws -> String {
    let addresses = try await runner.run(["ip", "-o", "-4", "addr", "show"]).stdout
    for _ in 0..<50 {
      let candidate = "/tmp/skep-down-test-\(UUID().uuidString.prefix(8).lowercased())"
      let octet = SandboxID(directory: candidate).subnetOctet
      if !addresses.contains("192.168.\(octet).") { return candidate }
    }
    throw SandboxError(.invalidInput, "no free sandbox subnet for a throwaway sandbox")
  }

  /// Every pid in the sandbox's namespaces.
  private func processes(of plan: NetworkPlan) async throws -> Set<Int32> {
    var pids = Set<Int32>()
    for netns in [plan.registry.netns] + plan.nodes.map(\.netns) {
      let output = try await runner.run(["ip", "netns", "pids", netns], check: false).stdout
      pids.formUnion(output.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) })
    }
    return pids
  }

  private func skep(_ arguments: [String]) async throws -> CommandOutput {
    try await runner.run([binary] + arguments, check: false)
  }
}
