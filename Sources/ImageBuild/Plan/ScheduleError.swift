/// Why a schedule cannot be made, or an event the scheduler cannot apply.
public enum ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
  /// There are no nodes at all.
  case noNodes
  /// No node's platform can build the image.
  case noEligibleNode(image: String, platform: Platform, nodes: [String])
  /// An event named an image that is not in the graph.
  case unknownImage(String)
  /// An event named a node the scheduler was not given.
  case unknownNode(String)
  /// `nodeFree` for a node that, as far as the scheduler knows, is still building an image.
  case nodeBusy(node: String, image: String)
  /// `started` for an image that cannot start there now.
  case cannotStart(image: String, node: String, reason: String)

  public var description: String {
    switch self {
    case .noNodes: "no node to build on"
    case .noEligibleNode(let image, let platform, let nodes):
      "no node can build \(image): it needs \(platform) and the nodes are \(nodes.joined(separator: ", "))"
    case .unknownImage(let image): "unknown image \(image)"
    case .unknownNode(let node): "unknown node \(node)"
    case .nodeBusy(let node, let image): "\(node) reported free while it is building \(image)"
    case .cannotStart(let image, let node, let reason): "cannot start \(image) on \(node): \(reason)"
    }
  }
}
