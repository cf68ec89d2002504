import Sandbox
import Testing

@Suite struct SandboxCommandLineTests {
  @Test func nodeLaunchEntersNamespacesAndBindsPrivateDirectories() throws {
    let plan = NetworkPlan(directory: "/tmp/sbx dev", nodeCount: 1)
    let node = try #require(plan.nodes.first)
    let layout = SandboxLayout(root: "/tmp/sbx dev").node("node1")
    let argv = LaunchCommands.node(host: node, layout: layout, engineBinDirectories: ["/cache/usr/sbin"])
    #expect(Array(argv.prefix(2)) == ["nsenter", "--net=/run/netns/\(node.netns)"])
    #expect(argv.contains("unshare") && argv.contains("--mount") && argv.contains("--uts"))
    let script = try #require(argv.last)
    #expect(script.contains("mount --make-rprivate /"))
    let targets = [
      "/var/lib/docker", "/etc/docker", "/run/docker", "/run/containerd", "/var/lib/containerd", "/var/lib/skep",
    ]
    for target in targets {
      #expect(script.contains("mount --bind '/tmp/sbx dev/nodes/node1/") && script.contains(" \(target)\n"))
    }
    #expect(script.contains("hostname node1"))
    #expect(script.contains("export PATH=/cache/usr/sbin:"))
    #expect(script.contains("-H 'unix:///tmp/sbx dev/nodes/node1/docker.sock'"))
    #expect(script.contains("--containerd-namespace \(node.netns) "))
    #expect(script.contains(">>'/tmp/sbx dev/nodes/node1/dockerd.log' 2>&1"))
  }

  @Test func hostUpGivesLoopbackAddressAndDefaultRoute() {
    let plan = NetworkPlan(directory: "/tmp/sbx-dev", nodeCount: 1)
    let commands = LaunchCommands.hostUp(plan.nodes[0], plan: plan)
    let netns = plan.nodes[0].netns
    #expect(commands.first == ["ip", "netns", "add", netns])
    #expect(commands.contains(["ip", "-n", netns, "link", "set", "lo", "up"]))
    #expect(commands.contains(["ip", "-n", netns, "addr", "add", "\(plan.nodes[0].address)/24", "dev", "eth0"]))
    #expect(commands.last == ["ip", "-n", netns, "route", "add", "default", "via", plan.hostAddress])
  }

  @Test func forwardRulesAreTaggedAndDeletable() {
    let plan = NetworkPlan(directory: "/tmp/sbx-dev", nodeCount: 1)
    let rules = LaunchCommands.forwardRules(plan: plan)
    #expect(rules.count == 3)
    #expect(rules.allSatisfy { $0.contains(plan.iptablesComment) && $0.first == "FORWARD" })
    // Inserted at the top one by one: the last (ACCEPT within the bridge) ends up first, then the DROPs of anything
    // routed off the bridge.
    #expect(
      rules.last == [
        "FORWARD", "-i", plan.bridge, "-o", plan.bridge, "-m", "comment", "--comment",
        plan.iptablesComment, "-j", "ACCEPT",
      ])
    #expect(rules.dropLast().allSatisfy { $0.last == "DROP" })
    let listed = "-A FORWARD -i \(plan.bridge) -m comment --comment \(plan.iptablesComment) -j ACCEPT"
    #expect(
      LaunchCommands.deleteCommand(forListedRule: listed, comment: plan.iptablesComment)
        == [
          "iptables", "-w", "-D", "FORWARD", "-i", plan.bridge, "-m", "comment", "--comment", plan.iptablesComment,
          "-j", "ACCEPT",
        ])
    #expect(LaunchCommands.deleteCommand(forListedRule: "-A FORWARD -j DOCKER-USER", comment: "skep") == nil)
    #expect(LaunchCommands.deleteCommand(forListedRule: "-P FORWARD ACCEPT", comment: "ACCEPT") == nil)
  }

  @Test func shellQuoting() {
    #expect(ShellQuote.quote("/tmp/a-b") == "/tmp/a-b")
    #expect(ShellQuote.quote("a b") == "'a b'")
    #expect(ShellQuote.quote("it's") == "'it'\\''s'")
    #expect(ShellQuote.quote("") == "''")
  }

  @Test func mountTableFindsMountsUnderADirectoryDeepestFirst() {
    let mountinfo = """
      22 1 254:0 / / rw,relatime - ext4 /dev/vda rw
      30 22 0:5 / /tmp/sbx-dev/a rw - tmpfs tmpfs rw
      31 30 0:6 / /tmp/sbx-dev/a/b rw - tmpfs tmpfs rw
      32 22 0:7 / /tmp/sbx-dev2 rw - tmpfs tmpfs rw
      33 22 0:8 / /tmp/sbx-dev/with\\040space rw - tmpfs tmpfs rw
      """
    #expect(
      MountTable.mounts(under: "/tmp/sbx-dev", mountinfo: mountinfo)
        == ["/tmp/sbx-dev/with space", "/tmp/sbx-dev/a/b", "/tmp/sbx-dev/a"])
  }

  @Test func parentPidSurvivesOddProcessNames() {
    #expect(ProcessTable.parentPid(fromStat: "123 (my (odd) name) S 45 123 123 0") == 45)
    let roots = ProcessTable.withDescendants([10], parents: [10: 1, 11: 10, 12: 11, 13: 1])
    #expect(roots == [10, 11, 12])
  }
}
