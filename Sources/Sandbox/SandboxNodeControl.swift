import Foundation
import Logging

/// Stops and starts one node's dockerd, to rehearse a machine going down: the node's namespaces, address and data
/// stay; only its engine (and the containerd it manages) stops.
public struct SandboxNodeControl: Sendable {
  public var directory: String
  public var runner: CommandRunner
  /// How long a stopped dockerd has to exit, and a started one to answer.
  public var timeout: Double = 60

  public init(directory: String, logger: Logger) {
    self.directory = directory
    self.runner = CommandRunner(logger: logger)
  }

  /// Sends SIGTERM to the node's dockerd and its sshd (a machine going down) and waits until they are gone
  /// (SIGKILL after the timeout).
  public func stop(_ name: String) async throws {
    let (_, node) = try locate(name)
    let sshd = ProcessTable.readPidFile(SandboxLayout(root: directory).node(name).sshdPidFile)
    if let sshd, ProcessTable.isAlive(sshd) {
      ProcessTable.signal([sshd], SIGTERM)
      _ = await ProcessTable.waitForExit([sshd], seconds: 5)
    }
    guard let pid = ProcessTable.readPidFile(node.pidFile) ?? node.dockerdPid, ProcessTable.isAlive(pid) else {
      runner.logger.info("\(name): dockerd is not running")
      return
    }
    ProcessTable.signal([pid], SIGTERM)
    let left = await ProcessTable.waitForExit([pid], seconds: timeout)
    if !left.isEmpty {
      ProcessTable.signal(left, SIGKILL)
      _ = await ProcessTable.waitForExit(left, seconds: 5)
    }
    runner.logger.info("\(name): dockerd stopped")
  }

  /// Power loss: SIGKILL, at once, every process of the node — dockerd, containerd, the shims and every container
  /// (found by the node's network namespace and its containers' cgroup). Nothing gets to stop cleanly: no Unmount
  /// reaches a volume driver, no agent releases a lease. `start` brings the node back.
  public func kill(_ name: String) async throws {
    let (_, node) = try locate(name)
    var roots = Set<Int32>()
    let listed = try await runner.run(["ip", "netns", "pids", node.netns], check: false).stdout
    for word in listed.split(whereSeparator: \.isWhitespace) {
      if let pid = Int32(word) { roots.insert(pid) }
    }
    roots.formUnion(CgroupCleaner.processes(prefix: node.netns, exactly: true))
    if let launcher = ProcessTable.readPidFile(SandboxLayout(root: directory).node(name).launcherPidFile) {
      roots.insert(launcher)
    }
    let everything = ProcessTable.withDescendants(roots, parents: ProcessTable.parents()).filter(ProcessTable.isAlive)
    guard !everything.isEmpty else {
      runner.logger.info("\(name): nothing runs")
      return
    }
    ProcessTable.signal(everything, SIGKILL)
    let left = await ProcessTable.waitForExit(everything, seconds: 10)
    guard left.isEmpty else {
      throw SandboxError(.commandFailed, "processes \(left.sorted()) of \(name) survived SIGKILL")
    }
    runner.logger.info("\(name): \(everything.count) processes killed")
  }

  /// Starts the node's dockerd again with the same namespaces, directories and engine, and waits for `/_ping`.
  public func start(_ name: String) async throws {
    var (state, node) = try locate(name)
    if await EngineProbe.ping(socket: node.socket) {
      runner.logger.info("\(name): dockerd already answers")
      return
    }
    let plan = NetworkPlan(directory: state.directory, nodeCount: state.nodes.count)
    guard let host = plan.nodes.first(where: { $0.name == name }) else {
      throw SandboxError(.invalidInput, "the sandbox in \(directory) has no node \(name)")
    }
    let layout = SandboxLayout(root: state.directory).node(name)
    let cache = SandboxCache(root: SandboxCache.defaultRoot())
    try? FileManager.default.removeItem(atPath: node.pidFile)
    let binDirectories = cache.binDirectories(for: node.engine)
    try await NodeSSHSetup(runner: runner, layout: SandboxLayout(root: state.directory)).prepare(
      host: host, engineBinDirectories: binDirectories)
    try runner.launchDetached(LaunchCommands.node(host: host, layout: layout, engineBinDirectories: binDirectories))
    guard await EngineProbe.waitUntilAnswers(socket: node.socket, timeout: timeout) else {
      throw SandboxError(.timeout, "\(name) did not answer /_ping within \(Int(timeout))s; see \(node.log)")
    }
    if let index = state.nodes.firstIndex(where: { $0.name == name }) {
      state.nodes[index].dockerdPid = ProcessTable.readPidFile(node.pidFile)
      node = state.nodes[index]
      try StateFile(path: SandboxLayout(root: state.directory).stateFile).save(state)
    }
    runner.logger.info("\(name): dockerd \(node.engine.rawValue) answers again")
  }

  private func locate(_ name: String) throws -> (SandboxState, SandboxState.Node) {
    guard let state = try StateFile(path: SandboxLayout(root: directory).stateFile).load() else {
      throw SandboxError(.invalidInput, "no sandbox in \(directory) (no state.json); run `skep sandbox up` first")
    }
    guard let node = state.nodes.first(where: { $0.name == name }) else {
      let names = state.nodes.map(\.name).joined(separator: ", ")
      throw SandboxError(.invalidInput, "the sandbox in \(directory) has no node \(name) (it has \(names))")
    }
    return (state, node)
  }
}
