import Foundation
import NIOCore
import NIOPosix

/// Reaches a daemon through the system OpenSSH client running `docker system dial-stdio` remotely,
/// speaking HTTP over the child's stdin/stdout. Authentication is entirely ssh's business (keys, agent, config).
struct SSHDialer: Sendable {
  var endpoint: DockerEndpoint
  /// The ssh program; found on `PATH` by `/usr/bin/env`.
  var program = "ssh"

  /// The arguments passed to `ssh`: batch mode (never prompt), optional port, destination, remote command.
  var arguments: [String] {
    guard case .ssh(let user, let host, let port) = endpoint.transport else { return [] }
    var args = ["-o", "BatchMode=yes"]
    if let port { args += ["-p", String(port)] }
    args.append(user.map { "\($0)@\(host)" } ?? host)
    args += ["--", "docker", "system", "dial-stdio"]
    return args
  }

  /// Starts ssh and wraps its pipes in a NIO channel.
  func dial(
    on loop: any EventLoop,
    initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
  ) async throws -> any Channel {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    let toChild = Pipe()
    let fromChild = Pipe()
    process.standardInput = toChild
    process.standardOutput = fromChild
    process.standardError = FileHandle.standardError
    do {
      try process.run()
    } catch {
      throw HTTPTransportError("cannot start ssh: \(error)")
    }
    // NIO takes ownership of duplicates; Foundation keeps (and closes) its own handles.
    let input = dup(fromChild.fileHandleForReading.fileDescriptor)
    let output = dup(toChild.fileHandleForWriting.fileDescriptor)
    try? fromChild.fileHandleForReading.close()
    try? toChild.fileHandleForWriting.close()
    try? fromChild.fileHandleForWriting.close()
    try? toChild.fileHandleForReading.close()
    guard input >= 0, output >= 0 else {
      process.terminate()
      throw HTTPTransportError("cannot duplicate ssh pipe descriptors")
    }
    let channel = try await NIOPipeBootstrap(group: loop).channelInitializer(initializer)
      .takingOwnershipOfDescriptors(input: input, output: output).get()
    channel.closeFuture.whenComplete { _ in
      if process.isRunning { process.terminate() }
    }
    return channel
  }
}
