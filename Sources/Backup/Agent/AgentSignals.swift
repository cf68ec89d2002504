import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// On SIGTERM or SIGINT (swarm stopping the job, or Ctrl-C), stops the running work (`stopWork`: cancelling it
/// interrupts a running restic, which then removes its lock, and freezes nothing more; bounded by ``workGrace``),
/// puts back every container the agent still holds, then exits with 128 + the signal number. Keep the returned value alive for as long as containers may be frozen.
public final class AgentSignalHandler {
  private let sources: [any DispatchSourceSignal]

  /// How long `stopWork` may take before the agent exits anyway (Docker's default stop grace period is 10 s).
  public static let workGrace: Duration = .seconds(5)

  /// Installs the handler for `containerGuard`.
  public init(containerGuard: ContainerGuard, stopWork: @escaping @Sendable () async -> Void = {}) {
    sources = [SIGTERM, SIGINT].map { number in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        FileHandle.standardError.write(Data("skep agent: signal \(number), restoring frozen containers\n".utf8))
        Task {
          await withTaskGroup(of: Void.self) { group in
            group.addTask { await stopWork() }
            group.addTask { try? await Task.sleep(for: Self.workGrace) }
            await group.next()
            group.cancelAll()
          }
          _ = await containerGuard.restoreAll()
          exit(128 + number)
        }
      }
      source.resume()
      return source
    }
  }

  /// Stops handling the signals (their default action applies again).
  public func cancel() {
    for source in sources { source.cancel() }
    signal(SIGTERM, SIG_DFL)
    signal(SIGINT, SIG_DFL)
  }
}
