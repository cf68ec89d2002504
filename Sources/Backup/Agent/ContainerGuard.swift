import DockerEngine
import Logging
import SkepConfig

/// Remembers which containers this agent paused or stopped, and puts them back.
///
/// An actor shared by the backup and the signal handler: whichever restores first takes the container off the
/// list, so a container is unpaused or started once, and never one the agent did not touch.
public actor ContainerGuard {
  /// How a container was frozen.
  public enum Hold: Sendable, Hashable {
    case paused, stopped
  }

  private let docker: DockerClient
  private let logger: Logger
  private let report: @Sendable (ContainerHoldLine.Change, String) -> Void
  private var held: [(id: String, hold: Hold)] = []

  /// Creates a guard for the node's engine; `report` hears of every freeze (before the call) and every put-back
  /// (after it succeeded), with the container's ID.
  public init(
    docker: DockerClient, logger: Logger,
    report: @escaping @Sendable (ContainerHoldLine.Change, String) -> Void = { _, _ in }
  ) {
    self.docker = docker
    self.logger = logger
    self.report = report
  }

  /// Pauses or stops `containers`; on the first failure, restores those already held and rethrows.
  public func freeze(_ containers: [String], mode: ConsistencyMode) async throws {
    guard mode != .none else { return }
    // A cancelled agent (a signal) freezes nothing more.
    try Task.checkCancellation()
    let hold: Hold = mode == .pause ? .paused : .stopped
    for container in containers {
      // Held before the call: a signal arriving while the call is in flight still restores this container.
      held.append((container, hold))
      report(hold == .paused ? .paused : .stopped, container)
      do {
        if hold == .paused {
          try await docker.pauseContainer(container)
        } else {
          try await docker.stopContainer(container)
        }
        // The CLI unpauses anything still paused after the job; this line tells people what to look for.
        logger.notice("\(hold == .paused ? "paused" : "stopped") container \(container)")
      } catch {
        held.removeAll { $0.id == container }
        report(hold == .paused ? .unpaused : .started, container)
        _ = await restoreAll()
        throw error
      }
    }
  }

  /// Unpauses or starts every held container, last frozen first; returns the ones that could not be restored,
  /// with the error. Runs to the end also in a cancelled task (an agent told to stop): each call is made from a
  /// task of its own, which a cancellation of the caller does not reach.
  public func restoreAll() async -> [(container: String, error: String)] {
    var failures: [(container: String, error: String)] = []
    let docker = docker
    while let (id, hold) = held.popLast() {
      do {
        try await Task {
          switch hold {
          case .paused: try await docker.unpauseContainer(id)
          case .stopped: try await docker.startContainer(id)
          }
        }.value
        logger.notice("\(hold == .paused ? "unpaused" : "started") container \(id)")
        report(hold == .paused ? .unpaused : .started, id)
      } catch {
        logger.error("could not \(hold == .paused ? "unpause" : "start") container \(id): \(error)")
        failures.append((id, "\(error)"))
      }
    }
    return failures
  }
}
