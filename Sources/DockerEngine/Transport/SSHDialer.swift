import Foundation
import NIOCore
import NIOPosix

/// Reaches a daemon through the system OpenSSH client running `docker system dial-stdio` remotely,
/// speaking HTTP over the child's stdin/stdout. Authentication is entirely ssh's business (keys, agent, config).
struct SSHDialer: Sendable {
  var endpoint: DockerEndpoint
  /// The ssh program: a path, or a name found on `PATH` by `/usr/bin/env`.
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

  /// Starts ssh and wraps its stdin/stdout in a NIO channel. ssh's stderr is kept (not shown) so that a failure
  /// can say why; the child is terminated when the channel closes, and reaped by Foundation.
  func dial(
    on loop: any EventLoop,
    initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
  ) async throws -> (any Channel, SSHProcess) {
    let process = Process()
    if program.contains("/") {
      process.executableURL = URL(fileURLWithPath: program)
      process.arguments = arguments
    } else {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [program] + arguments
    }
    let toChild = Pipe()
    let fromChild = Pipe()
    let errorsFromChild = Pipe()
    process.standardInput = toChild
    process.standardOutput = fromChild
    process.standardError = errorsFromChild
    let ssh = SSHProcess(process, loop: loop)
    do {
      try Self.withSignalsUnblocked { try process.run() }
    } catch {
      throw HTTPTransportError("cannot start \(program): \(error.localizedDescription)")
    }
    // NIO takes ownership of close-on-exec duplicates (so later children do not inherit them);
    // Foundation keeps, and here closes, its own handles.
    let input = fcntl(fromChild.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 0)
    let output = fcntl(toChild.fileHandleForWriting.fileDescriptor, F_DUPFD_CLOEXEC, 0)
    let errors = fcntl(errorsFromChild.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 0)
    for handle in [
      fromChild.fileHandleForReading, fromChild.fileHandleForWriting, toChild.fileHandleForReading,
      toChild.fileHandleForWriting, errorsFromChild.fileHandleForReading, errorsFromChild.fileHandleForWriting,
    ] {
      try? handle.close()
    }
    guard input >= 0, output >= 0, errors >= 0 else {
      for descriptor in [input, output, errors] where descriptor >= 0 { close(descriptor) }
      ssh.terminate()
      throw HTTPTransportError("cannot duplicate ssh pipe descriptors")
    }
    let stderrChannel: any Channel
    do {
      stderrChannel = try await NIOPipeBootstrap(group: loop)
        .channelInitializer { channel in
          channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(StderrCollector(ssh: ssh))
          }
        }
        .takingOwnershipOfDescriptor(input: errors).get()
    } catch {
      close(input)
      close(output)
      ssh.terminate()
      throw error
    }
    let channel: any Channel
    do {
      channel = try await NIOPipeBootstrap(group: loop).channelInitializer(initializer)
        .takingOwnershipOfDescriptors(input: input, output: output).get()
    } catch {
      ssh.terminate()
      throw error
    }
    channel.closeFuture.whenComplete { _ in
      ssh.terminate()
      // stderr ends with ssh; should something ssh started keep it open, stop listening after a grace period.
      loop.scheduleTask(in: .seconds(5)) { stderrChannel.close(promise: nil) }
    }
    return (channel, ssh)
  }
}

extension SSHDialer {
  /// Runs `body` (a spawn) with this thread's signal mask cleared. A child inherits the spawning thread's mask,
  /// and Swift concurrency and Dispatch threads block most signals: spawned from one, ssh would ignore our SIGTERM
  /// (and the user's Ctrl-C) for its whole life.
  static func withSignalsUnblocked<T>(_ body: () throws -> T) rethrows -> T {
    var none = sigset_t()
    var previous = sigset_t()
    sigemptyset(&none)
    pthread_sigmask(SIG_SETMASK, &none, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return try body()
  }
}

/// One running `ssh`: its exit status and the tail of its stderr, to explain a failed exchange.
final class SSHProcess: @unchecked Sendable {
  private let process: Process
  private let loop: any EventLoop
  private let lock = NSLock()
  private var stderrTail: [UInt8] = []
  private var stderrClosed = false
  private var signalled = false
  private static let stderrLimit = 4096

  init(_ process: Process, loop: any EventLoop) {
    self.process = process
    self.loop = loop
  }

  /// The child's pid (0 before it started).
  var pid: Int32 { process.processIdentifier }

  /// Sends SIGTERM if the child is still running, and SIGKILL if it still is `grace` later; idempotent.
  func terminate(killingAfter grace: TimeAmount = .seconds(3)) {
    guard process.isRunning else { return }
    lock.withLock { signalled = true }
    process.terminate()
    loop.scheduleTask(in: grace) { [self] in
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
  }

  /// Why ssh failed, once it has exited: `ssh exited with status 255: <stderr>`. Waits up to `limit` for the
  /// exit and the end of stderr; nil if ssh is still running then, or exited 0 without a word.
  func failureReason(waitingUpTo limit: Duration = .seconds(2)) async -> String? {
    let deadline = ContinuousClock.now + limit
    while process.isRunning || !lock.withLock({ stderrClosed }), ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(10))
    }
    guard !process.isRunning else { return nil }
    let text = lock.withLock { String(decoding: stderrTail, as: UTF8.self) }
    let lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    let status: String
    switch process.terminationReason {
    case .exit:
      guard process.terminationStatus != 0 || !lines.isEmpty else { return nil }
      status = "ssh exited with status \(process.terminationStatus)"
    case .uncaughtSignal:
      // Most likely our own SIGTERM after the exchange failed for another reason: that reason stands.
      guard !lock.withLock({ signalled }) else { return nil }
      status = "ssh was killed by signal \(process.terminationStatus)"
    @unknown default:
      status = "ssh ended"
    }
    return lines.isEmpty ? status : status + ": " + lines.joined(separator: "; ")
  }

  fileprivate func appendStderr(_ bytes: [UInt8]) {
    lock.withLock {
      stderrTail += bytes
      if stderrTail.count > Self.stderrLimit { stderrTail.removeFirst(stderrTail.count - Self.stderrLimit) }
    }
  }

  fileprivate func stderrEnded() {
    lock.withLock { stderrClosed = true }
  }
}

/// Drains ssh's stderr into its `SSHProcess` (so ssh never blocks on a full pipe) until end of file.
private final class StderrCollector: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer

  private let ssh: SSHProcess

  init(ssh: SSHProcess) {
    self.ssh = ssh
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var buffer = unwrapInboundIn(data)
    ssh.appendStderr(buffer.readBytes(length: buffer.readableBytes) ?? [])
  }

  func channelInactive(context: ChannelHandlerContext) {
    ssh.stderrEnded()
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    ssh.stderrEnded()
    context.close(promise: nil)
  }
}
