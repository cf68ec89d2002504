/// The files that make a sandbox node a machine you can SSH into, as texts (written by ``NodeSSHSetup``).
///
/// They live in the node's own /etc (the overlay's upper layer), so the host's /etc and sshd are never touched.
public enum NodeSSHFiles {
  /// `/etc/skep-sandbox/sshd_config`: key login as root on the node's address only, the host key and authorized
  /// key under /etc/skep-sandbox, no passwords, no PAM (the node has no login services of its own).
  public static func sshdConfig(address: String, layout: NodeLayout) -> String {
    """
    # written by skep sandbox: this node's sshd, on its own address
    ListenAddress \(address)
    Port 22
    HostKey /etc/skep-sandbox/ssh_host_ed25519_key
    PidFile \(layout.sshdPidFile)
    PermitRootLogin prohibit-password
    PubkeyAuthentication yes
    AuthorizedKeysFile /etc/skep-sandbox/authorized_keys
    PasswordAuthentication no
    KbdInteractiveAuthentication no
    UsePAM no
    PrintMotd no
    Subsystem sftp internal-sftp

    """
  }

  /// `/etc/skep-sandbox/restart-dockerd`: what `systemctl restart docker` is on a real node — stop the node's
  /// dockerd (SIGTERM, as systemd does), wait for it, start it again detached in the same namespaces. The sandbox's
  /// inventory names it as `setup.docker.restart_command`.
  public static func restartScript(host: NamespaceHost, layout: NodeLayout, engineBinDirectories: [String]) -> String {
    let q = ShellQuote.quote
    let dockerd = LaunchCommands.dockerd(host: host, layout: layout).map(q).joined(separator: " ")
    return """
      #!/bin/sh
      # written by skep sandbox: restarts this node's dockerd the way a service manager would
      set -eu
      pidfile=\(q(layout.pidFile))
      if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        pid=$(cat "$pidfile")
        kill -TERM "$pid"
        waited=0
        while kill -0 "$pid" 2>/dev/null; do
          waited=$((waited + 1))
          if [ "$waited" -gt 600 ]; then kill -KILL "$pid"; fi
          sleep 0.1
        done
      fi
      export PATH=\(q(LaunchCommands.path(engineBinDirectories)))
      setsid \(dockerd) >>\(q(layout.log)) 2>&1 </dev/null &

      """
  }

  /// `/etc/skep-sandbox/reload-dockerd`: what `systemctl reload docker` is on a real node — SIGHUP to the node's
  /// dockerd, which reloads the options of daemon.json it can change live.
  public static func reloadScript(layout: NodeLayout) -> String {
    """
    #!/bin/sh
    # written by skep sandbox: makes this node's dockerd reload daemon.json, the way a service manager would
    set -eu
    kill -HUP "$(cat \(ShellQuote.quote(layout.pidFile)))"

    """
  }

  /// The node's `/boot/cmdline.txt` at first start: a Raspberry Pi's, so `skep node setup` has a kernel command line
  /// to edit (the node never boots from it).
  public static let bootCommandLine =
    "console=serial0,115200 console=tty1 root=/dev/mmcblk0p2 rootfstype=ext4 rootwait\n"

  /// `/etc/skep-sandbox-node`: tells `skep node setup` that the node shares the host's /sys, /usr and init, so it
  /// writes files but leaves the live system (udev, systemd, packages, boot loader tools) alone.
  public static func marker(node: String) -> String {
    "# written by skep sandbox: \(node) is a sandbox node sharing the host's kernel, /usr and init\n"
  }

  /// One line of the known-hosts file for a node.
  public static func knownHostsLine(address: String, publicKey: String) -> String {
    let key = publicKey.split(separator: " ").prefix(2).joined(separator: " ")
    return "\(address) \(key)\n"
  }
}
