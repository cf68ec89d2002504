import Foundation
import Logging

/// What `up` produced, for the command to print.
public struct SandboxSummary: Sendable {
  public var directory: String
  public var inventory: String
  public var registry: String
  public var nodes: [SandboxInventoryEntry]
}

/// Brings a sandbox up: network, registry, one dockerd per node, images, inventory. Records each step in state.json
/// before moving on, so `down` can undo a half-finished `up`.
public struct SandboxLauncher: Sendable {
  public var options: SandboxOptions
  public var runner: CommandRunner
  /// How long each node has to answer `/_ping`.
  public var startTimeout: Double = 90

  public init(options: SandboxOptions, logger: Logger) {
    self.options = options
    self.runner = CommandRunner(logger: logger)
  }

  var logger: Logger { runner.logger }

  public func run() async throws -> SandboxSummary {
    try Preflight.requireLinuxRoot()
    if let problem = options.problems().first { throw SandboxError(.invalidInput, problem) }
    try await Preflight(runner: runner).ensurePackages(install: options.installPackages)
    let layout = SandboxLayout(root: options.directory)
    let plan = NetworkPlan(directory: options.directory, nodeCount: options.nodeCount)
    try await refuseConflicts(layout: layout, plan: plan)
    let mirror = try HostMirror.mirror()
    let cache = SandboxCache(root: options.cacheRoot)
    let engines = options.engine.assignment(nodeCount: options.nodeCount)

    try FileManager.default.createDirectory(atPath: layout.root, withIntermediateDirectories: true)
    let store = StateFile(path: layout.stateFile)
    var state = SandboxState(directory: layout.root, plan: plan, managers: options.managers)
    try store.save(state)

    let builder = ImageBuilder(runner: runner, cache: cache)
    let wanted = options.images ? BaseImage.allCases : []
    async let tarballs: Void = builder.ensureTarballs(wanted, mirror: mirror)
    if engines.contains(.v26_1) {
      try await EngineFetcher(runner: runner, cache: cache).ensureEngine(mirror: mirror)
    }
    let network = NetworkBuilder(runner: runner, plan: plan)
    try await network.createBridge(state: &state, store: store)
    try await startRegistry(plan: plan, layout: layout, network: network, state: &state, store: store)
    for (index, host) in plan.nodes.enumerated() {
      try await startNode(
        host, engine: engines[index], plan: plan, layout: layout, cache: cache, network: network, state: &state,
        store: store)
    }
    try await waitForNodes(state: &state, store: store)
    try await tarballs
    try await importImages(wanted, builder: builder, nodes: state.nodes)
    state.phase = "up"
    try store.save(state)
    return try writeInventory(plan: plan, layout: layout, state: state)
  }

  private func refuseConflicts(layout: SandboxLayout, plan: NetworkPlan) async throws {
    if FileManager.default.fileExists(atPath: layout.stateFile) || NetworkProbe.linkExists(plan.bridge) {
      throw SandboxError(
        .invalidInput,
        "a sandbox already exists in \(layout.root); run `skep sandbox down --dir \(layout.root)` first")
    }
    let addresses = try await runner.run(["ip", "-o", "-4", "addr", "show"]).stdout
    if addresses.contains(" \(plan.hostAddress)/") || addresses.contains("192.168.\(plan.id.subnetOctet).") {
      throw SandboxError(
        .invalidInput,
        "subnet \(plan.subnet) (derived from \(layout.root)) is already used on this host; pick another --dir")
    }
  }

  private func startRegistry(
    plan: NetworkPlan, layout: SandboxLayout, network: NetworkBuilder, state: inout SandboxState, store: StateFile
  ) async throws {
    try await network.attach(plan.registry, state: &state, store: store)
    try FileManager.default.createDirectory(atPath: layout.registryData, withIntermediateDirectories: true)
    let config = RegistryConfig.render(listen: plan.registryEndpoint, storage: layout.registryData)
    try Data(config.utf8).write(to: URL(fileURLWithPath: layout.registryConfig))
    state.registry = SandboxState.Registry(
      netns: plan.registry.netns, address: plan.registry.address, endpoint: plan.registryEndpoint, pid: nil,
      log: layout.registryLog)
    try store.save(state)
    try runner.launchDetached(LaunchCommands.registry(host: plan.registry, layout: layout))
    state.registry?.pid = await waitForPidFile(layout.registryPidFile, seconds: 10)
    try store.save(state)
    logger.info("registry starting on \(plan.registryEndpoint) (log \(layout.registryLog))")
  }

  private func startNode(
    _ host: NamespaceHost, engine: EngineVersion, plan: NetworkPlan, layout: SandboxLayout, cache: SandboxCache,
    network: NetworkBuilder, state: inout SandboxState, store: StateFile
  ) async throws {
    try await network.attach(host, state: &state, store: store)
    let node = layout.node(host.name)
    for directory in node.directories {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    try FileManager.default.createDirectory(atPath: layout.backupRepository, withIntermediateDirectories: true)
    try Data(NodeLayout.resolvConfText(nameserver: plan.hostAddress).utf8).write(
      to: URL(fileURLWithPath: node.resolvConf))
    let config = DaemonConfig(plan: plan, node: host, engine: engine)
    try Data(try config.render().utf8).write(to: URL(fileURLWithPath: node.daemonJSON))
    state.nodes.append(
      SandboxState.Node(
        name: host.name, address: host.address, netns: host.netns, engine: engine, socket: node.socket,
        root: node.root, log: node.log, pidFile: node.pidFile, dockerdPid: nil, cgroupParent: config.cgroupParent,
        mounts: node.binds.map(\.target)))
    try store.save(state)
    let binDirectories = cache.binDirectories(for: engine)
    try await NodeSSHSetup(runner: runner, layout: layout).prepare(host: host, engineBinDirectories: binDirectories)
    let argv = LaunchCommands.node(host: host, layout: node, engineBinDirectories: binDirectories)
    try runner.launchDetached(argv)
    logger.info("\(host.name): dockerd \(engine.rawValue) starting at \(host.address) (log \(node.log))")
  }

  private func waitForNodes(state: inout SandboxState, store: StateFile) async throws {
    let deadline = Date().addingTimeInterval(startTimeout)
    for index in state.nodes.indices {
      let node = state.nodes[index]
      let answered = await EngineProbe.waitUntilAnswers(
        socket: node.socket, timeout: max(0, deadline.timeIntervalSinceNow))
      guard answered else {
        throw SandboxError(
          .timeout,
          "\(node.name) did not answer /_ping on \(node.socket) within \(Int(startTimeout))s; see \(node.log) "
            + "(clean up with `skep sandbox down --dir \(state.directory)`)")
      }
      state.nodes[index].dockerdPid = ProcessTable.readPidFile(node.pidFile)
      try store.save(state)
      logger.info("\(node.name) answers")
    }
  }

  private func importImages(_ images: [BaseImage], builder: ImageBuilder, nodes: [SandboxState.Node]) async throws {
    guard !images.isEmpty else { return }
    let started = Date()
    try await withThrowingTaskGroup(of: Void.self) { group in
      for node in nodes {
        group.addTask {
          for image in images { try await builder.importImage(image, socket: node.socket) }
        }
      }
      try await group.waitForAll()
    }
    logger.info("images imported into \(nodes.count) node(s) in \(Int(Date().timeIntervalSince(started)))s")
  }

  private func writeInventory(plan: NetworkPlan, layout: SandboxLayout, state: SandboxState) throws -> SandboxSummary {
    let nodes = state.nodes.map {
      SandboxInventoryEntry(name: $0.name, address: $0.address, docker: "unix://\($0.socket)", engine: $0.engine)
    }
    let text = InventoryText.render(
      directory: layout.root, managers: state.managers, registry: plan.registryEndpoint, nodes: nodes,
      backupRepository: layout.backupRepository)
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: layout.inventoryFile))
    } catch {
      throw SandboxError(.io, "cannot write \(layout.inventoryFile)", cause: ErrorDetail(error))
    }
    return SandboxSummary(
      directory: layout.root, inventory: layout.inventoryFile, registry: plan.registryEndpoint, nodes: nodes)
  }

  private func waitForPidFile(_ path: String, seconds: Double) async -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if let pid = ProcessTable.readPidFile(path) { return pid }
      try? await Task.sleep(nanoseconds: 100_000_000)
    }
    return nil
  }
}
