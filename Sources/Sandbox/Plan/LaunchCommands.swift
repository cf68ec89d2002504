/// The argv vectors the sandbox runs, as pure values so tests can read them.
public enum LaunchCommands {
  /// Starts one node: enter its network namespace, unshare mount + UTS, lay the node's own /etc over the host's
  /// (overlayfs: writes land in the node's folder), bind its private directories, set the hostname, start its sshd on
  /// the node's address, then `exec dockerd` (which starts its own managed containerd inside the same namespaces).
  ///
  /// `ip netns exec` is avoided on purpose: it remounts /sys and dockerd then fails with "Devices cgroup isn't mounted".
  public static func node(
    host: NamespaceHost, layout: NodeLayout, engineBinDirectories: [String]
  ) -> [String] {
    let q = ShellQuote.quote
    var script = ["set -e", "echo $$ > \(q(layout.launcherPidFile))", "mount --make-rprivate /"]
    script.append(
      "mount -t overlay skep-etc -o \(q("lowerdir=/etc,upperdir=\(layout.etcUpper),workdir=\(layout.etcWork)")) /etc")
    for bind in layout.binds {
      script.append("mkdir -p \(q(bind.target))")
      script.append("mount --bind \(q(bind.source)) \(q(bind.target))")
    }
    script.append("mount --bind \(q(layout.resolvConf)) /etc/resolv.conf")
    script.append("hostname \(q(host.name))")
    script.append("export PATH=\(q(path(engineBinDirectories)))")
    // sshd wants its privilege-separation folder; -E keeps its log with the node's.
    script.append("mkdir -p /run/sshd")
    script.append("/usr/sbin/sshd -f /etc/skep-sandbox/sshd_config -E \(q(layout.sshdLog))")
    script.append(
      "exec " + dockerd(host: host, layout: layout).map(q).joined(separator: " ") + " >>\(q(layout.log)) 2>&1")
    return [
      "nsenter", "--net=/run/netns/\(host.netns)",
      "unshare", "--mount", "--uts", "--fork", "--propagation", "private",
      "sh", "-c", script.joined(separator: "\n"),
    ]
  }

  /// The node's dockerd command line (the launcher's, and the restart script's).
  public static func dockerd(host: NamespaceHost, layout: NodeLayout) -> [String] {
    [
      "dockerd",
      "--config-file", "/etc/docker/daemon.json",
      "-H", "unix://\(layout.socket)",
      "--exec-root", "/run/docker",
      "--pidfile", layout.pidFile,
      "--containerd-namespace", host.netns,
      "--containerd-plugins-namespace", "\(host.netns)-plugins",
    ]
  }

  /// PATH inside a node: the engine's own binaries first.
  public static func path(_ engineBinDirectories: [String]) -> String {
    (engineBinDirectories + ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"])
      .joined(separator: ":")
  }

  /// Starts the registry inside its own network namespace; it writes its pid to `layout.registryPidFile`.
  public static func registry(host: NamespaceHost, layout: SandboxLayout) -> [String] {
    let q = ShellQuote.quote
    let script = [
      "echo $$ > \(q(layout.registryPidFile))",
      "exec docker-registry serve \(q(layout.registryConfig)) >>\(q(layout.registryLog)) 2>&1",
    ]
    return ["nsenter", "--net=/run/netns/\(host.netns)", "sh", "-c", script.joined(separator: "\n")]
  }

  /// Creates the bridge and gives the host its `.1` address on it.
  public static func bridgeUp(plan: NetworkPlan) -> [[String]] {
    [
      ["ip", "link", "add", plan.bridge, "type", "bridge"],
      ["ip", "addr", "add", "\(plan.hostAddress)/24", "dev", plan.bridge],
      ["ip", "link", "set", plan.bridge, "up"],
    ]
  }

  /// The commands that give one namespace host its link: namespace, veth, address, loopback, default route.
  public static func hostUp(_ host: NamespaceHost, plan: NetworkPlan) -> [[String]] {
    let inside = ["ip", "-n", host.netns]
    return [
      ["ip", "netns", "add", host.netns],
      ["ip", "link", "add", host.hostVeth, "type", "veth", "peer", "name", host.peerVeth],
      ["ip", "link", "set", host.hostVeth, "master", plan.bridge],
      ["ip", "link", "set", host.hostVeth, "up"],
      ["ip", "link", "set", host.peerVeth, "netns", host.netns],
      inside + ["link", "set", host.peerVeth, "name", "eth0"],
      inside + ["addr", "add", "\(host.address)/24", "dev", "eth0"],
      inside + ["link", "set", "eth0", "up"],
      inside + ["link", "set", "lo", "up"],
      inside + ["route", "add", "default", "via", plan.hostAddress],
    ]
  }

  /// The FORWARD rules that confine the sandbox to its bridge, tagged with the sandbox's comment: traffic between
  /// two hosts on the bridge passes (even when a host-side dockerd set the FORWARD policy to DROP), and anything that
  /// would be routed off the bridge is dropped (the host forwards IPv4, so without this a node could reach outside
  /// addresses through the host). Each is an `iptables` argv without the leading verb (see `iptables(verb:rule:)`).
  ///
  /// They are inserted one by one at the top of FORWARD (`-I`), so the last one listed ends up first: the ACCEPT
  /// within the bridge comes before the two DROPs.
  public static func forwardRules(plan: NetworkPlan) -> [[String]] {
    let comment = ["-m", "comment", "--comment", plan.iptablesComment]
    return [
      ["FORWARD", "-o", plan.bridge] + comment + ["-j", "DROP"],
      ["FORWARD", "-i", plan.bridge] + comment + ["-j", "DROP"],
      ["FORWARD", "-i", plan.bridge, "-o", plan.bridge] + comment + ["-j", "ACCEPT"],
    ]
  }

  /// `iptables -w <verb> <rule…>`; verb is `-I`, `-C` or `-D`.
  public static func iptables(verb: String, rule: [String]) -> [String] {
    ["iptables", "-w", verb] + rule
  }

  /// Turns one `iptables -S` line (`-A FORWARD …`) into the argv that deletes it, if it carries `comment`.
  public static func deleteCommand(forListedRule line: String, comment: String) -> [String]? {
    var words = line.split(whereSeparator: \.isWhitespace).map(String.init)
    guard words.first == "-A", words.contains(comment) else { return nil }
    words.removeFirst()
    words = words.map {
      $0.hasPrefix("\"") && $0.hasSuffix("\"") && $0.count >= 2 ? String($0.dropFirst().dropLast()) : $0
    }
    return iptables(verb: "-D", rule: words)
  }
}
