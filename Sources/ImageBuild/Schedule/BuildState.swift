/// Where one image is in a run.
public enum BuildState: Sendable, Hashable, CustomStringConvertible {
  /// Some parent has not been built yet.
  case waiting
  /// Every parent is built; it waits for a node.
  case ready
  /// Assigned to or building on a node; `attempt` counts from 1 (a node loss starts another attempt).
  case running(node: String, attempt: Int)
  /// Built.
  case succeeded(node: String, duration: Double)
  /// Its build failed, or it could not be built.
  case failed(reason: String)
  /// Not built because something it needs failed.
  case skipped(reason: String)

  /// Whether the image will not change state any more.
  public var isFinal: Bool {
    switch self {
    case .succeeded, .failed, .skipped: true
    case .waiting, .ready, .running: false
    }
  }

  public var description: String {
    switch self {
    case .waiting: "waiting"
    case .ready: "ready"
    case .running(let node, let attempt): attempt > 1 ? "running on \(node) (attempt \(attempt))" : "running on \(node)"
    case .succeeded(let node, _): "built on \(node)"
    case .failed(let reason): "failed: \(reason)"
    case .skipped(let reason): "skipped: \(reason)"
    }
  }
}

/// An image handed to a node.
public struct BuildAssignment: Sendable, Hashable {
  /// The image to build.
  public var image: String
  /// The node to build it on.
  public var node: String

  /// Creates an assignment.
  public init(image: String, node: String) {
    self.image = image
    self.node = node
  }
}
