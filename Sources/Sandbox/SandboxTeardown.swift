import Foundation
import Logging

#if canImport(Glibc)
  import Glibc
#endif

/// Removes everything a sandbox made. Works from state.json and, when that is missing or partial, from the names
/// derived from the directory's hash; safe to run twice or after a crashed `up`. Keeps the image cache.
public struct SandboxTeardown: Sendable {
  public var directory: String
  /// Also delete the NAS stand-in (backups) and the directory itself.
  public var purge: Bool
  public var runner: CommandRunner
  /// How long dockerd gets to stop its containers after SIGTERM.
  public var gracePeriod: Double = 20

  public init(directory: String, purge: Bool = false, logger: Logger) {
    self.directory = SandboxOptions.absolute(directory)
    self.purge = purge
    self.runner = CommandRunner(logger: logger)
  }

  var logger: Logger { runner.logger }

  public func run() async throws {
    try Preflight.requireLinuxRoot()
    let layout = SandboxLayout(root: directory)
    let store = StateFile(path: layout.stateFile)
    let state = (try? store.load()) ?? nil
    let plan = NetworkPlan(directory: directory, nodeCount: 0)
    let namespaces = Set((state?.netns ?? []) + NetworkProbe.namespaces(prefix: plan.netnsPrefix)).sorted()
    try await stopProcesses(namespaces: namespaces, layout: layout, state: state, plan: plan)
    try await unmount(under: layout.root)
    for name in namespaces where NetworkProbe.namespaceExists(name) {
      try await runner.run(["ip", "netns", "delete", name])
    }
    let veths = Set((state?.veths ?? []) + NetworkProbe.links(prefix: plan.vethPrefix))
    for veth in veths.sorted() where NetworkProbe.linkExists(veth) {
      try await runner.run(["ip", "link", "delete", veth], check: false)
    }
    if NetworkProbe.linkExists(plan.bridge) {
      try await runner.run(["ip", "link", "delete", plan.bridge])
    }
    try await removeRules(comment: plan.iptablesComment)
    removeCgroups(prefix: plan.netnsPrefix)
    try await removeFiles(layout: layout)
    logger.info("sandbox in \(layout.root) is down")
  }

  /// SIGTERM the daemons, give them time to stop their containers, then SIGTERM/SIGKILL whatever is left in the
  /// sandbox's namespaces, cgroups and process subtrees.
  private func stopProcesses(
    namespaces: [String], layout: SandboxLayout, state: SandboxState?, plan: NetworkPlan
  ) async throws {
    var daemons = Set<Int32>()
    for node in nodeDirectories(layout: layout) {
      if let pid = ProcessTable.readPidFile(node.pidFile) { daemons.insert(pid) }
    }
    if let pid = ProcessTable.readPidFile(layout.registryPidFile) { daemons.insert(pid) }
    let namespaced = try await pids(in: namespaces)
    // A pidfile only counts while its pid still lives in one of our namespaces (pids get reused).
    daemons = daemons.filter { namespaced.contains($0) }
    if !daemons.isEmpty {
      logger.info("stopping \(daemons.count) daemon(s)")
      ProcessTable.signal(daemons, SIGTERM)
      _ = await ProcessTable.waitForExit(daemons, seconds: gracePeriod)
    }
    for round in 0..<3 {
      let everything = try await allProcesses(namespaces: namespaces, prefix: plan.netnsPrefix).union(
        daemons.filter(ProcessTable.isAlive))
      if everything.isEmpty { return }
      logger.info("stopping \(everything.count) remaining process(es)")
      ProcessTable.signal(everything, round == 0 ? SIGTERM : SIGKILL)
      _ = await ProcessTable.waitForExit(everything, seconds: round == 0 ? 5 : 10)
    }
    let left = try await allProcesses(namespaces: namespaces, prefix: plan.netnsPrefix)
    if !left.isEmpty {
      throw SandboxError(.commandFailed, "processes \(left.sorted()) of the sandbox would not exit")
    }
  }

  private func pids(in namespaces: [String]) async throws -> Set<Int32> {
    var result = Set<Int32>()
    for name in namespaces where NetworkProbe.namespaceExists(name) {
      let output = try await runner.run(["ip", "netns", "pids", name], check: false).stdout
      for word in output.split(whereSeparator: \.isWhitespace) {
        if let pid = Int32(word) { result.insert(pid) }
      }
    }
    return result
  }

  /// Processes in the namespaces, in the nodes' container cgroups, and all their descendants.
  private func allProcesses(namespaces: [String], prefix: String) async throws -> Set<Int32> {
    let roots = try await pids(in: namespaces).union(CgroupCleaner.processes(prefix: prefix))
    return ProcessTable.withDescendants(roots, parents: ProcessTable.parents()).filter(ProcessTable.isAlive)
  }

  private func unmount(under root: String) async throws {
    for point in MountTable.mounts(under: root, mountinfo: MountTable.current()) {
      logger.info("unmounting leftover \(point)")
      try await runner.run(["umount", "-l", point], check: false)
    }
  }

  private func removeRules(comment: String) async throws {
    let listed = try await runner.run(["iptables", "-w", "-S"], check: false).stdout
    for line in listed.split(separator: "\n") {
      if let argv = LaunchCommands.deleteCommand(forListedRule: String(line), comment: comment) {
        try await runner.run(argv, check: false)
      }
    }
  }

  private func removeCgroups(prefix: String) {
    CgroupCleaner.remove(prefix: prefix)
  }

  private func nodeDirectories(layout: SandboxLayout) -> [NodeLayout] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.nodesDirectory)) ?? []
    return names.sorted().map(layout.node)
  }

  private func removeFiles(layout: SandboxLayout) async throws {
    guard FileManager.default.fileExists(atPath: layout.root) else { return }
    if MountTable.mounts(under: layout.root, mountinfo: MountTable.current()).isEmpty == false {
      throw SandboxError(.commandFailed, "mounts remain under \(layout.root); not deleting its files")
    }
    if purge {
      try await runner.run(["rm", "-rf", "--one-file-system", layout.root])
      return
    }
    try await runner.run(["rm", "-rf", "--one-file-system", layout.nodesDirectory, layout.registryDirectory])
    for file in [layout.stateFile, layout.inventoryFile] { try? FileManager.default.removeItem(atPath: file) }
  }
}
