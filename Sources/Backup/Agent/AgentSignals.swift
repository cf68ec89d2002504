import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// On SIGTERM or SIGINT (swarm stopping the job, or Ctrl-C), puts back every container the agent froze, then exits
/// with 128 + the signal number. Keep the returned value alive for as long as containers may be frozen.
public final class AgentSignalHandler {
  private let sources: [any DispatchSourceSignal]

  /// Installs the handler for `containerGuard`.
  public init(containerGuard: ContainerGuard) {
    sources = [SIGTERM, SIGINT].map { number in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        FileHandle.standardError.write(Data("skep agent: signal \(number), restoring frozen containers\n".utf8))
        Task {
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
