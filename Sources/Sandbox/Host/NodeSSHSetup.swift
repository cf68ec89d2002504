import Foundation

/// Writes what a node's sshd needs into its folder before the node starts: the sandbox's login key (made once), the
/// node's host key (made once), its sshd config and dockerd restart script, the sandbox marker, a `/boot/cmdline.txt`;
/// and keeps the sandbox's known-hosts file in step with the nodes' host keys.
struct NodeSSHSetup: Sendable {
  var runner: CommandRunner
  var layout: SandboxLayout

  func prepare(host: NamespaceHost, engineBinDirectories: [String]) async throws {
    try await ensureLoginKey()
    let node = layout.node(host.name)
    let manager = FileManager.default
    for directory in [node.sandboxEtc, node.boot, node.home, node.etcUpper, node.etcWork] {
      try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    if !manager.fileExists(atPath: node.sshdHostKey) {
      try await runner.run([
        "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "\(host.name) (skep sandbox)", "-f", node.sshdHostKey,
      ])
    }
    try write(NodeSSHFiles.sshdConfig(address: host.address, layout: node), to: node.sshdConfig, mode: 0o600)
    let publicKey = try String(contentsOfFile: layout.sshIdentity + ".pub", encoding: .utf8)
    try write(publicKey, to: "\(node.sandboxEtc)/authorized_keys", mode: 0o600)
    try write(
      NodeSSHFiles.restartScript(host: host, layout: node, engineBinDirectories: engineBinDirectories),
      to: "\(node.sandboxEtc)/restart-dockerd", mode: 0o755)
    try write(NodeSSHFiles.reloadScript(layout: node), to: "\(node.sandboxEtc)/reload-dockerd", mode: 0o755)
    try write(NodeSSHFiles.marker(node: host.name), to: "\(node.etcUpper)/skep-sandbox-node", mode: 0o644)
    let cmdline = "\(node.boot)/cmdline.txt"
    if !manager.fileExists(atPath: cmdline) { try write(NodeSSHFiles.bootCommandLine, to: cmdline, mode: 0o644) }
    try recordHostKey(host: host, node: node)
  }

  /// The sandbox's own key pair (skep logs into the nodes with it), made at the first node.
  private func ensureLoginKey() async throws {
    guard !FileManager.default.fileExists(atPath: layout.sshIdentity) else { return }
    try FileManager.default.createDirectory(atPath: layout.sshDirectory, withIntermediateDirectories: true)
    try await runner.run([
      "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "skep sandbox", "-f", layout.sshIdentity,
    ])
  }

  /// Replaces the node's line of the known-hosts file.
  private func recordHostKey(host: NamespaceHost, node: NodeLayout) throws {
    let publicKey = try String(contentsOfFile: node.sshdHostKey + ".pub", encoding: .utf8)
    let existing = (try? String(contentsOfFile: layout.sshKnownHosts, encoding: .utf8)) ?? ""
    var lines = existing.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("\(host.address) ") }
    lines.append(
      NodeSSHFiles.knownHostsLine(address: host.address, publicKey: publicKey).trimmingCharacters(in: .newlines))
    try write(lines.joined(separator: "\n") + "\n", to: layout.sshKnownHosts, mode: 0o644)
  }

  private func write(_ text: String, to path: String, mode: Int) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
  }
}
