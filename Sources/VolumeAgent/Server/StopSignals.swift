import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Calls `stop` once on the first SIGTERM or SIGINT (swarm stopping the agent's task, or Ctrl-C), so a long-running
/// agent can end its work gracefully; further signals are ignored while it does.
public final class StopSignals: @unchecked Sendable {
  private var sources: [any DispatchSourceSignal] = []
  private let lock = NSLock()
  private var stopped = false

  /// Installs the handlers.
  public init(stop: @escaping @Sendable (Int32) -> Void) {
    for number in [SIGTERM, SIGINT] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [self] in
        let first = lock.withLock {
          defer { stopped = true }
          return !stopped
        }
        if first { stop(number) }
      }
      source.resume()
      sources.append(source)
    }
  }

  /// Removes the handlers.
  public func cancel() {
    for source in sources { source.cancel() }
    signal(SIGTERM, SIG_DFL)
    signal(SIGINT, SIG_DFL)
  }
}
