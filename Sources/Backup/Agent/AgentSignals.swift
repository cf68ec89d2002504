import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// On SIGTERM or SIGINT (swarm stopping the job, or Ctrl-C): calls `stopWork` (the agent cancels its work: a running
/// restic is interrupted and removes its lock, nothing more is frozen) and remembers the signal; the agent's own path
/// then puts back what it holds and exits with 128 + the signal (``received``). Should the work not end within
/// ``workGrace``, the handler puts every held container back and exits by itself. Keep the returned value alive for
/// as long as containers may be frozen.
public final class AgentSignalHandler: @unchecked Sendable {
  private var sources: [any DispatchSourceSignal]
  private let lock = NSLock()
  private var number: Int32?

  /// How long the work may take to stop before the agent exits anyway (Docker's default stop grace is 10 s).
  public static let workGrace: Duration = .seconds(5)

  /// The signal received, if any.
  public var received: Int32? { lock.withLock { number } }

  /// Installs the handler for `containerGuard`.
  public init(containerGuard: ContainerGuard, stopWork: @escaping @Sendable () -> Void = {}) {
    var sources: [any DispatchSourceSignal] = []
    self.sources = []
    for signalNumber in [SIGTERM, SIGINT] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler { [self] in
        let first = lock.withLock {
          defer { if number == nil { number = signalNumber } }
          return number == nil
        }
        guard first else { return }
        FileHandle.standardError.write(
          Data("skep agent: signal \(signalNumber), stopping and restoring frozen containers\n".utf8))
        stopWork()
        Task {
          try? await Task.sleep(for: Self.workGrace)
          _ = await containerGuard.restoreAll()
          exit(128 + signalNumber)
        }
      }
      source.resume()
      sources.append(source)
    }
    self.sources = sources
  }

  /// Stops handling the signals (their default action applies again).
  public func cancel() {
    for source in sources { source.cancel() }
    signal(SIGTERM, SIG_DFL)
    signal(SIGINT, SIG_DFL)
  }
}
