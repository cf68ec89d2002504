/// The online scheduler the executor drives: a value-type state machine fed with events, answering which image each
/// free node builds next.
///
/// Protocol: every node starts free. Call `dispatch()` (or `nodeFree(_:)` per node) to get assignments, start those
/// builds, and report `started`, `finished`, `failed` and `nodeLost` as they happen; after every event, call
/// `dispatch()` again, since a finished parent can make several images ready for nodes that are waiting. A node is
/// free again as soon as its image finished or failed. The run is over when `isDone`.
///
/// Choice: among ready images, the one with the longest remaining chain (bottom level) goes first; it goes to the
/// node that built its primary parent (then any other parent) when that node is free now, otherwise to a free node no
/// other ready image prefers; it never waits for a busy node (affinity tolerance 0). An image only goes to nodes whose
/// platform matches its own. A failed image makes every descendant `skipped`; a node loss puts its image back in the
/// queue, at most `maxRetries` times per image.
public struct BuildScheduler: Sendable {
  /// How many times an image is put back in the queue after losing its node before it fails: 2.
  public static let defaultMaxRetries = 2

  /// The retry bound of this run.
  public let maxRetries: Int
  let names: [String]
  let imageIndex: [String: Int]
  let parents: [[Int]]
  let children: [[Int]]
  let priorities: SchedulePriorities
  let nodes: [BuildNode]
  let nodeIndex: [String: Int]
  /// Node indices that can build each image.
  let eligible: [[Int]]
  let platforms: [Platform?]

  var state: [BuildState]
  var missingParents: [Int]
  /// Ready images, by rank.
  var ready: [Int] = []
  var losses: [Int]
  var builtOn: [Int?]
  var nodeStatus: [NodeStatus]

  enum NodeStatus: Equatable, Sendable {
    case free
    case busy(Int)
    case lost
  }

  /// Creates the scheduler; throws when there is no node or when an image's platform matches no node.
  public init(_ problem: ScheduleProblem, maxRetries: Int = BuildScheduler.defaultMaxRetries) throws(ScheduleError) {
    guard !problem.nodes.isEmpty else { throw ScheduleError.noNodes }
    let names = problem.graph.images
    let imageIndex = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    let parents = names.map { problem.graph.parents(of: $0).compactMap { imageIndex[$0] } }
    let children = names.map { problem.graph.children(of: $0).compactMap { imageIndex[$0] } }
    let platforms = names.map { problem.platforms[$0] }
    var eligible: [[Int]] = []
    for (image, platform) in zip(names, platforms) {
      let nodes = problem.nodes.indices.filter { platform?.builds(on: problem.nodes[$0].platform) ?? true }
      if nodes.isEmpty, let platform {
        let described = problem.nodes.map { "\($0.name) (\($0.platform))" }
        throw ScheduleError.noEligibleNode(image: image, platform: platform, nodes: described)
      }
      eligible.append(nodes)
    }
    self.maxRetries = maxRetries
    self.names = names
    self.imageIndex = imageIndex
    self.parents = parents
    self.children = children
    self.priorities = SchedulePriorities(
      names: names, durations: names.map(problem.duration(of:)), parents: parents, children: children)
    self.nodes = problem.nodes
    self.nodeIndex = Dictionary(problem.nodes.enumerated().map { ($1.name, $0) }) { first, _ in first }
    self.eligible = eligible
    self.platforms = platforms
    self.state = parents.map { $0.isEmpty ? .ready : .waiting }
    self.missingParents = parents.map(\.count)
    self.losses = Array(repeating: 0, count: names.count)
    self.builtOn = Array(repeating: nil, count: names.count)
    self.nodeStatus = Array(repeating: .free, count: problem.nodes.count)
    self.ready = names.indices.filter { parents[$0].isEmpty }.sorted { priorities.rank[$0] < priorities.rank[$1] }
  }

  /// The state of every image.
  public var states: [String: BuildState] {
    Dictionary(uniqueKeysWithValues: zip(names, state))
  }

  /// The state of one image.
  public func state(of image: String) -> BuildState? { imageIndex[image].map { state[$0] } }

  /// Whether every image has reached a final state (built, failed or skipped).
  public var isDone: Bool { state.allSatisfy(\.isFinal) }

  /// Nodes that are free now, in node order.
  public var freeNodes: [String] { nodes.indices.filter { nodeStatus[$0] == .free }.map { nodes[$0].name } }

  /// The bottom level (longest remaining chain, in estimated seconds) of an image.
  public func bottomLevel(of image: String) -> Double? { imageIndex[image].map { priorities.bottomLevel[$0] } }

  func index(of image: String) throws(ScheduleError) -> Int {
    guard let index = imageIndex[image] else { throw ScheduleError.unknownImage(image) }
    return index
  }

  func index(ofNode node: String) throws(ScheduleError) -> Int {
    guard let index = nodeIndex[node] else { throw ScheduleError.unknownNode(node) }
    return index
  }

  mutating func makeReady(_ image: Int) {
    state[image] = .ready
    let position = ready.firstIndex { priorities.rank[$0] > priorities.rank[image] } ?? ready.count
    ready.insert(image, at: position)
  }
}
