import Backup
import Foundation
import SkepConfig

/// Runs a shell script on a node as root through the system's OpenSSH client: `ssh … sh -s` (or `sudo -n sh -s` for
/// another user), the script on standard input — so nothing of it (a relay password, say) is ever on a command line.
///
/// `BatchMode=yes`: ssh never asks anything; an unknown host key or a key that is refused fails at once with ssh's
/// own message. With `known_hosts` set, only that file is trusted (`StrictHostKeyChecking=yes`).
struct NodeSSH: Sendable {
  var settings: SetupSection.SSH
  var node: InventoryNode
  var binary = "/usr/bin/ssh"

  /// The ssh command line (without the binary).
  var arguments: [String] {
    var arguments = [
      "-o", "BatchMode=yes", "-o", "ConnectTimeout=\(settings.connectTimeout)", "-o", "ServerAliveInterval=15",
      "-o", "LogLevel=ERROR", "-p", "\(settings.port)",
    ]
    if let identity = settings.identity { arguments += ["-i", identity, "-o", "IdentitiesOnly=yes"] }
    if let knownHosts = settings.knownHosts {
      arguments += ["-o", "UserKnownHostsFile=\(knownHosts)", "-o", "StrictHostKeyChecking=yes"]
    }
    arguments.append("\(settings.user)@\(node.address)")
    arguments += settings.user == "root" ? ["sh", "-s"] : ["sudo", "-n", "sh", "-s"]
    return arguments
  }

  /// Runs `script`; its standard output when it exits 0. ssh's own failure (exit 255) is ``NodeSSHError/unreachable``,
  /// the script's is ``NodeSSHError/failed``.
  func run(_ script: String) async throws -> String {
    // ssh that fails early leaves the pipe closed: a write must fail, not kill skep.
    signal(SIGPIPE, SIG_IGN)
    let runner = ProcessRunner(executable: binary, environment: ProcessInfo.processInfo.environment)
    let input = Data(script.utf8)
    let output = try await runner.run(arguments) { handle in
      try handle.write(contentsOf: input)
      return .close
    }
    let stderr = String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    if output.status == 255 || output.signaled {
      throw NodeSSHError.unreachable(node: node.name, reason: stderr.isEmpty ? "ssh exited with 255" : stderr)
    }
    guard output.status == 0 else {
      throw NodeSSHError.failed(node: node.name, status: output.status, stderr: stderr)
    }
    return String(decoding: output.stdout, as: UTF8.self)
  }
}

/// Why a script on a node did not run through.
enum NodeSSHError: Error, Sendable, CustomStringConvertible {
  /// ssh could not log in (no route, refused, host key, authentication).
  case unreachable(node: String, reason: String)
  /// The script ran and failed.
  case failed(node: String, status: Int32, stderr: String)

  var description: String {
    switch self {
    case .unreachable(let node, let reason): "cannot reach \(node) over SSH: \(reason)"
    case .failed(let node, let status, let stderr):
      "the script on \(node) failed (exit \(status))" + (stderr.isEmpty ? "" : ": \(stderr)")
    }
  }
}
