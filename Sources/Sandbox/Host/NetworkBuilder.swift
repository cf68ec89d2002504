import Foundation

/// Creates the sandbox's bridge, namespaces, veths and FORWARD rules, recording each in the state as it goes.
struct NetworkBuilder: Sendable {
  var runner: CommandRunner
  var plan: NetworkPlan

  func createBridge(state: inout SandboxState, store: StateFile) async throws {
    state.bridgeCreated = true
    try store.save(state)
    for argv in LaunchCommands.bridgeUp(plan: plan) {
      try await runner.run(argv)
    }
    for rule in LaunchCommands.forwardRules(plan: plan) {
      state.iptablesRules.append(rule)
      try store.save(state)
      try await runner.run(LaunchCommands.iptables(verb: "-I", rule: rule))
    }
  }

  func attach(_ host: NamespaceHost, state: inout SandboxState, store: StateFile) async throws {
    state.netns.append(host.netns)
    state.veths.append(host.hostVeth)
    try store.save(state)
    for argv in LaunchCommands.hostUp(host, plan: plan) {
      try await runner.run(argv)
    }
  }
}
