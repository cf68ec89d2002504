/// Where things live under a sandbox directory. Every path is absolute.
public struct SandboxLayout: Sendable, Equatable {
  public var root: String

  public init(root: String) {
    var trimmed = root
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
    self.root = trimmed
  }

  public var stateFile: String { "\(root)/state.json" }
  public var inventoryFile: String { "\(root)/skep.yml" }
  public var nodesDirectory: String { "\(root)/nodes" }
  public var registryDirectory: String { "\(root)/registry" }
  public var registryConfig: String { "\(registryDirectory)/config.yml" }
  public var registryData: String { "\(registryDirectory)/data" }
  public var registryLog: String { "\(registryDirectory)/registry.log" }
  public var registryPidFile: String { "\(registryDirectory)/registry.pid" }
  /// The NAS stand-in: a restic repository path visible at the same path in every node.
  public var nasDirectory: String { "\(root)/nas" }
  public var backupRepository: String { "\(nasDirectory)/restic" }
  /// The key skep logs into the nodes with, and the nodes' host keys (`skep node setup` over real SSH).
  public var sshDirectory: String { "\(root)/ssh" }
  public var sshIdentity: String { "\(sshDirectory)/id_ed25519" }
  public var sshKnownHosts: String { "\(sshDirectory)/known_hosts" }

  public func node(_ name: String) -> NodeLayout {
    NodeLayout(root: "\(nodesDirectory)/\(name)")
  }
}

/// One node's private directories; each is bind-mounted over the system path named in its property.
public struct NodeLayout: Sendable, Equatable {
  public var root: String

  /// → /var/lib/docker
  public var dataRoot: String { "\(root)/var-lib-docker" }
  /// → /etc/docker
  public var etcDocker: String { "\(root)/etc-docker" }
  /// → /run/docker (the exec-root, and /run/docker/plugins for volume plugins)
  public var runDocker: String { "\(root)/run-docker" }
  /// → /run/containerd
  public var runContainerd: String { "\(root)/run-containerd" }
  /// → /var/lib/containerd
  public var libContainerd: String { "\(root)/var-lib-containerd" }
  /// → /var/lib/skep (the volume driver's local copies and state: per node, as on separate machines)
  public var libSkep: String { "\(root)/var-lib-skep" }
  /// → /boot (a Raspberry Pi style `cmdline.txt`, so the kernel command line can be set without touching the host)
  public var boot: String { "\(root)/boot" }
  /// → /home (accounts that `skep node setup` creates get their homes here)
  public var home: String { "\(root)/home" }
  /// The upper layer of the node's own /etc: an overlay over the host's, so whatever the node writes there stays
  /// in this folder.
  public var etcUpper: String { "\(root)/etc-upper" }
  /// overlayfs's work folder for ``etcUpper`` (same file system).
  public var etcWork: String { "\(root)/etc-work" }
  /// The node's sshd: its config, host key, authorized key and the dockerd restart script, under /etc/skep-sandbox
  /// inside the node (written into the upper layer before the node starts).
  public var sandboxEtc: String { "\(etcUpper)/skep-sandbox" }
  public var sshdConfig: String { "\(sandboxEtc)/sshd_config" }
  public var sshdHostKey: String { "\(sandboxEtc)/ssh_host_ed25519_key" }
  public var sshdPidFile: String { "\(root)/sshd.pid" }
  public var sshdLog: String { "\(root)/sshd.log" }
  public var daemonJSON: String { "\(etcDocker)/daemon.json" }
  public var socket: String { "\(root)/docker.sock" }
  public var pidFile: String { "\(root)/dockerd.pid" }
  public var launcherPidFile: String { "\(root)/launcher.pid" }
  public var log: String { "\(root)/dockerd.log" }
  /// → /etc/resolv.conf: names resolve only against the bridge, so nothing in the node asks the host's resolver.
  public var resolvConf: String { "\(root)/resolv.conf" }

  /// The node's resolv.conf: the host's bridge address, where no DNS server answers, so a lookup of an outside name
  /// (a `FROM nosuch/image`, Docker Hub) fails at once instead of leaving the sandbox.
  public static func resolvConfText(nameserver: String) -> String {
    "# written by skep sandbox: no name leaves the sandbox\nnameserver \(nameserver)\noptions timeout:1 attempts:1\n"
  }

  /// The (host directory, path inside the node) bind mounts, in mount order.
  public var binds: [(source: String, target: String)] {
    [
      (dataRoot, "/var/lib/docker"),
      (etcDocker, "/etc/docker"),
      (runDocker, "/run/docker"),
      (runContainerd, "/run/containerd"),
      (libContainerd, "/var/lib/containerd"),
      (libSkep, "/var/lib/skep"),
      (boot, "/boot"),
      (home, "/home"),
    ]
  }

  /// Every directory to create before the node starts.
  public var directories: [String] { [root] + binds.map(\.source) + [etcUpper, etcWork, sandboxEtc] }
}
