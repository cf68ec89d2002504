/// Which free node gets which ready image.
extension BuildScheduler {
  /// Assigns ready images to every free node that can take one, and returns the assignments (they are `running`).
  public mutating func dispatch() -> [BuildAssignment] {
    let matches = match()
    for (image, node) in matches { assign(image, to: node) }
    return matches.map { BuildAssignment(image: names[$0.image], node: nodes[$0.node].name) }
  }

  /// Marks `node` free (a lost node that is back is free again) and returns the image it should build now, if any.
  ///
  /// The answer is the one `dispatch()` would give this node; other free nodes are left for their own call.
  public mutating func nodeFree(_ node: String) throws(ScheduleError) -> String? {
    let index = try index(ofNode: node)
    if case .busy(let image) = nodeStatus[index] { throw ScheduleError.nodeBusy(node: node, image: names[image]) }
    nodeStatus[index] = .free
    guard let match = match(first: index).first(where: { $0.node == index }) else { return nil }
    assign(match.image, to: index)
    return names[match.image]
  }

  mutating func assign(_ image: Int, to node: Int) {
    ready.removeAll { $0 == image }
    state[image] = .running(node: nodes[node].name, attempt: losses[image] + 1)
    nodeStatus[node] = .busy(image)
  }

  /// The assignments for the current free nodes, highest priority first, without changing anything. `first` (the
  /// node asking) comes first among free nodes that no image prefers.
  func match(first: Int? = nil) -> [(image: Int, node: Int)] {
    var free = Set(nodes.indices.filter { nodeStatus[$0] == .free })
    guard !free.isEmpty else { return [] }
    // How many ready images would like each free node (the node that built their first built parent).
    var wanted: [Int: Int] = [:]
    for image in ready {
      if let node = preferredNodes(of: image).first(where: free.contains) { wanted[node, default: 0] += 1 }
    }
    var matches: [(image: Int, node: Int)] = []
    for image in ready {
      guard !free.isEmpty else { break }
      let preferred = preferredNodes(of: image).first(where: free.contains)
      if let node = preferred { wanted[node, default: 0] -= 1 }
      var candidates = eligible[image].filter(free.contains)
      if let first, let position = candidates.firstIndex(of: first) {
        candidates.insert(candidates.remove(at: position), at: 0)
      }
      guard !candidates.isEmpty else { continue }
      let chosen =
        preferred.flatMap { candidates.contains($0) ? $0 : nil }
        ?? candidates.first { (wanted[$0] ?? 0) == 0 } ?? candidates[0]
      free.remove(chosen)
      matches.append((image, chosen))
    }
    return matches
  }

  /// The nodes that built the image's parents, primary parent first.
  func preferredNodes(of image: Int) -> [Int] {
    parents[image].compactMap { builtOn[$0] }.filter { eligible[image].contains($0) }
  }
}
