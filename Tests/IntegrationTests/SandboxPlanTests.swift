import Foundation
import Sandbox
import Testing

@Suite struct SandboxPlanTests {
  @Test func idIsStableAndIgnoresTrailingSlash() {
    let first = SandboxID(directory: "/tmp/sbx-dev")
    #expect(first == SandboxID(directory: "/tmp/sbx-dev/"))
    #expect(first.hex.count == 6)
    #expect(first.hex.allSatisfy { $0.isHexDigit })
    #expect((100...199).contains(first.subnetOctet))
    #expect(first != SandboxID(directory: "/tmp/sbx-other"))
  }

  @Test func networkPlanNamesAndAddresses() {
    let plan = NetworkPlan(directory: "/tmp/sbx-dev", nodeCount: 3)
    let id = plan.id.hex
    let prefix = "192.168.\(plan.id.subnetOctet)"
    #expect(plan.bridge == "skepbr-\(id)")
    #expect(plan.bridge.count <= 15)
    #expect(plan.subnet == "\(prefix).0/24")
    #expect(plan.hostAddress == "\(prefix).1")
    #expect(plan.registry.address == "\(prefix).2")
    #expect(plan.registryEndpoint == "\(prefix).2:5000")
    #expect(plan.registry.netns == "skep-\(id)-registry")
    #expect(plan.nodes.map(\.name) == ["node1", "node2", "node3"])
    #expect(plan.nodes.map(\.address) == ["\(prefix).11", "\(prefix).12", "\(prefix).13"])
    #expect(plan.nodes.map(\.netns) == ["skep-\(id)-node1", "skep-\(id)-node2", "skep-\(id)-node3"])
    #expect(plan.iptablesComment == "skep-sandbox-\(id)")
    let largest = NetworkPlan(directory: "/x", nodeCount: NetworkPlan.maximumNodes)
    for host in largest.nodes + [largest.registry] {
      #expect(host.hostVeth.count <= 15 && host.peerVeth.count <= 15)
      #expect(host.hostVeth.hasPrefix(largest.vethPrefix))
    }
    #expect(Set(largest.nodes.map(\.hostVeth)).count == NetworkPlan.maximumNodes)
  }

  @Test func engineAssignment() {
    #expect(EngineMode(argument: "mixed")?.assignment(nodeCount: 4) == [.v26_1, .v20_10, .v26_1, .v20_10])
    #expect(EngineMode(argument: "20.10")?.assignment(nodeCount: 2) == [.v20_10, .v20_10])
    #expect(EngineMode(argument: "26.1")?.assignment(nodeCount: 1) == [.v26_1])
    #expect(EngineMode(argument: "27") == nil)
    #expect(EngineMode.single(.v20_10).needsTrixieEngine(nodeCount: 3) == false)
    #expect(EngineMode.mixed.needsTrixieEngine(nodeCount: 1))
  }

  @Test func managersDefaultAndValidation() {
    #expect(SandboxOptions(directory: "/tmp/a", nodeCount: 3).managers == 3)
    #expect(SandboxOptions(directory: "/tmp/a", nodeCount: 2).managers == 1)
    #expect(SandboxOptions(directory: "/tmp/a", nodeCount: 2, managers: 3).problems().count == 1)
    #expect(SandboxOptions(directory: "/tmp/a", nodeCount: 0).problems().isEmpty == false)
    #expect(SandboxOptions(directory: "/", nodeCount: 1).problems() == ["--dir must not be /"])
    let long = "/tmp/" + String(repeating: "d", count: 90)
    #expect(SandboxOptions(directory: long, nodeCount: 1).problems().first?.contains("too long") == true)
    #expect(SandboxOptions.absolute("/tmp/./a/../b/") == "/tmp/b")
  }

  @Test func daemonConfigRendersWhatNodesNeed() throws {
    let plan = NetworkPlan(directory: "/tmp/sbx-dev", nodeCount: 2)
    let text = try DaemonConfig(plan: plan, node: plan.nodes[1], engine: .v20_10).render()
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["insecure-registries"] as? [String] == [plan.registryEndpoint, plan.subnet])
    #expect(object["log-driver"] as? String == "json-file")
    #expect(object["storage-driver"] as? String == "overlay2")
    #expect(object["iptables"] as? Bool == true)
    #expect(object["cgroup-parent"] as? String == "/skep-\(plan.id.hex)-node2")
    #expect((object["labels"] as? [String])?.contains("skep.sandbox.engine=20.10") == true)
    #expect(object["hosts"] == nil)
    #expect(text.contains("\"log-driver\": \"json-file\""), "written as people write JSON: \(text)")
  }

  @Test func aNodeStartsWithItsOwnEtcAndSSHDaemonBeforeDockerd() {
    let plan = NetworkPlan(directory: "/tmp/sbx-dev", nodeCount: 2)
    let layout = SandboxLayout(root: "/tmp/sbx-dev").node("node2")
    let argv = LaunchCommands.node(host: plan.nodes[1], layout: layout, engineBinDirectories: [])
    let script = argv.last ?? ""
    let overlay = script.range(of: "mount -t overlay skep-etc")
    let dockerBind = script.range(of: "mount --bind /tmp/sbx-dev/nodes/node2/etc-docker /etc/docker")
    let sshd = script.range(of: "/usr/sbin/sshd -f /etc/skep-sandbox/sshd_config")
    let dockerd = script.range(of: "exec dockerd")
    #expect(overlay != nil && dockerBind != nil && sshd != nil && dockerd != nil, "script: \(script)")
    if let overlay, let dockerBind, let sshd, let dockerd {
      // /etc/docker is bound over the overlay, not hidden under it; sshd runs before dockerd takes the shell.
      #expect(overlay.lowerBound < dockerBind.lowerBound && sshd.lowerBound < dockerd.lowerBound)
    }
    #expect(script.contains("upperdir=/tmp/sbx-dev/nodes/node2/etc-upper,workdir=/tmp/sbx-dev/nodes/node2/etc-work"))
    #expect(layout.binds.map(\.target).contains("/boot"))
    let config = NodeSSHFiles.sshdConfig(address: plan.nodes[1].address, layout: layout)
    #expect(config.contains("ListenAddress \(plan.nodes[1].address)\n"))
    #expect(config.contains("PasswordAuthentication no"))
    let restart = NodeSSHFiles.restartScript(host: plan.nodes[1], layout: layout, engineBinDirectories: ["/opt/e"])
    #expect(restart.contains("kill -TERM"))
    #expect(restart.contains("setsid dockerd --config-file /etc/docker/daemon.json"))
    #expect(restart.contains("PATH=/opt/e:"))
  }

  @Test func inventoryMatchesTheAgreedFormat() {
    let text = InventoryText.render(
      directory: "/abs/path", managers: 3, registry: "192.168.150.2:5000",
      nodes: [
        SandboxInventoryEntry(
          name: "node1", address: "192.168.150.11", docker: "unix:///abs/path/nodes/node1/docker.sock", engine: .v26_1),
        SandboxInventoryEntry(
          name: "node2", address: "192.168.150.12", docker: "unix:///abs/path/nodes/node2/docker.sock", engine: .v20_10),
      ],
      backupRepository: "/abs/path/nas/restic")
    let expected = """
      # skep inventory for the sandbox in /abs/path (written by `skep sandbox up`)
      managers: 3
      registry: 192.168.150.2:5000
      nodes:
        - name: node1
          address: 192.168.150.11
          docker: unix:///abs/path/nodes/node1/docker.sock
          labels:
            skep.sandbox.engine: "26.1"
        - name: node2
          address: 192.168.150.12
          docker: unix:///abs/path/nodes/node2/docker.sock
          labels:
            skep.sandbox.engine: "20.10"
      backup:
        repository: /abs/path/nas/restic
      setup:
        ssh:
          identity: /abs/path/ssh/id_ed25519
          known_hosts: /abs/path/ssh/known_hosts
        docker:
          restart_command: /etc/skep-sandbox/restart-dockerd
          reload_command: /etc/skep-sandbox/reload-dockerd

      """
    #expect(text == expected)
  }
}

@Suite struct SandboxLayoutTests {
  @Test func nodePathsLiveUnderTheSandboxDirectory() {
    let layout = SandboxLayout(root: "/tmp/sbx/")
    let node = layout.node("node2")
    #expect(layout.inventoryFile == "/tmp/sbx/skep.yml")
    #expect(layout.backupRepository == "/tmp/sbx/nas/restic")
    #expect(node.socket == "/tmp/sbx/nodes/node2/docker.sock")
    #expect(node.daemonJSON == "/tmp/sbx/nodes/node2/etc-docker/daemon.json")
    #expect(
      node.binds.map(\.target) == [
        "/var/lib/docker", "/etc/docker", "/run/docker", "/run/containerd", "/var/lib/containerd", "/var/lib/skep",
        "/boot", "/home",
      ])
    #expect(node.etcUpper == "/tmp/sbx/nodes/node2/etc-upper")
    #expect(layout.sshIdentity == "/tmp/sbx/ssh/id_ed25519")
    #expect(node.binds.allSatisfy { $0.source.hasPrefix(node.root + "/") })
  }

  @Test func cacheRootFollowsTheEnvironment() {
    #expect(SandboxCache.defaultRoot(environment: [:]) == "/var/cache/skep/sandbox")
    #expect(SandboxCache.defaultRoot(environment: ["SKEP_SANDBOX_CACHE": "/srv/c"]) == "/srv/c")
    let cache = SandboxCache(root: "/srv/c")
    #expect(cache.binDirectories(for: .v20_10).isEmpty)
    #expect(cache.binDirectories(for: .v26_1).first == "/srv/c/engines/docker-26.1/usr/sbin")
  }

  @Test func trixieSourceIsSignedAndAptIsConfined() {
    let text = EngineFetcher.sourcesText(mirror: "http://mirror.example/debian")
    #expect(text.contains("Suites: trixie\n"))
    #expect(text.contains("Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"))
    #expect(!text.contains("trusted"))
    let options = EngineFetcher.aptOptions(aptDirectory: "/c/apt")
    #expect(options.contains("Dir::Etc::SourceList=/dev/null"))
    #expect(options.contains("Dir::State::Lists=/c/apt/lists"))
    #expect(options.contains("Dir::State::status=/dev/null"))
  }

  @Test func theRegistryAllowsDeletesSoPruneCanRun() {
    let config = RegistryConfig.render(listen: "192.168.150.2:5000", storage: "/sbx/registry")
    #expect(
      config.contains("storage:\n  filesystem:\n    rootdirectory: /sbx/registry\n  delete:\n    enabled: true\n"))
    #expect(config.contains("http:\n  addr: 192.168.150.2:5000\n"))
  }
}
