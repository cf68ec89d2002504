import Foundation

/// One JSON line the agent prints on stdout each time it freezes or puts back a container, so that the CLI can put
/// back exactly the containers an agent left frozen (one killed with SIGKILL cannot) — and never one that someone
/// else paused.
public struct ContainerHoldLine: Sendable, Hashable, Codable {
  /// What happened to the container.
  public enum Change: String, Sendable, Hashable, Codable {
    case paused, stopped, unpaused, started
  }

  public var node: String
  public var container: String
  public var hold: Change

  /// Creates a line.
  public init(node: String, container: String, hold: Change) {
    self.node = node
    self.container = container
    self.hold = hold
  }

  /// The line as JSON (sorted keys).
  public func jsonLine() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  /// Reads a line of the job's logs; nil for anything else (events, log output).
  public static func parse(line: String) -> ContainerHoldLine? {
    guard line.hasPrefix("{\"container\"") else { return nil }
    return try? JSONDecoder().decode(ContainerHoldLine.self, from: Data(line.utf8))
  }

  /// The containers still frozen after these lines, per node, in the order they were frozen: frozen and not put
  /// back later.
  public static func stillFrozen(_ lines: [ContainerHoldLine]) -> [(node: String, container: String, hold: Change)] {
    var frozen: [(node: String, container: String, hold: Change)] = []
    for line in lines {
      switch line.hold {
      case .paused, .stopped:
        frozen.removeAll { $0.node == line.node && $0.container == line.container }
        frozen.append((line.node, line.container, line.hold))
      case .unpaused, .started:
        frozen.removeAll { $0.node == line.node && $0.container == line.container }
      }
    }
    return frozen
  }
}
