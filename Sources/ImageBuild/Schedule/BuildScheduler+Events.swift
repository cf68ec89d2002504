/// What the executor reports.
extension BuildScheduler {
  /// The executor started `image` on `node`: the image it was assigned, or a ready image on a free node.
  public mutating func started(_ image: String, on node: String) throws(ScheduleError) {
    let imageIndex = try index(of: image)
    let nodeIndex = try index(ofNode: node)
    if nodeStatus[nodeIndex] == .busy(imageIndex) { return }
    guard state[imageIndex] == .ready else {
      throw ScheduleError.cannotStart(image: image, node: node, reason: "it is \(state[imageIndex])")
    }
    guard nodeStatus[nodeIndex] == .free else {
      throw ScheduleError.cannotStart(image: image, node: node, reason: "the node is not free")
    }
    guard eligible[imageIndex].contains(nodeIndex) else {
      throw ScheduleError.cannotStart(image: image, node: node, reason: "the node's platform does not match")
    }
    assign(imageIndex, to: nodeIndex)
  }

  /// `image` was built on `node` in `duration` seconds: its children whose parents are all built become ready.
  ///
  /// A late report for an image that already reached a final state (it was requeued after a node loss and built
  /// elsewhere) only frees the node.
  public mutating func finished(_ image: String, on node: String, duration: Double) throws(ScheduleError) {
    let imageIndex = try index(of: image)
    let nodeIndex = try index(ofNode: node)
    // Only this node is freed: after a requeue, another node may still be building a second copy.
    if nodeStatus[nodeIndex] == .busy(imageIndex) { nodeStatus[nodeIndex] = .free }
    guard !state[imageIndex].isFinal else { return }
    ready.removeAll { $0 == imageIndex }
    state[imageIndex] = .succeeded(node: node, duration: duration)
    builtOn[imageIndex] = nodeIndex
    for child in children[imageIndex] {
      missingParents[child] -= 1
      if missingParents[child] == 0, state[child] == .waiting { makeReady(child) }
    }
  }

  /// `image` failed (its build, or anything before it): every image that needs it is skipped. Not retried: a build
  /// failure is the Dockerfile's, not the node's.
  public mutating func failed(_ image: String, reason: String) throws(ScheduleError) {
    let imageIndex = try index(of: image)
    release(imageIndex)
    guard !state[imageIndex].isFinal else { return }
    fail(imageIndex, reason: reason)
  }

  /// `node` is gone: its image goes back to the queue (or fails after `maxRetries` losses), and images that no
  /// remaining node can build fail.
  public mutating func nodeLost(_ node: String) throws(ScheduleError) {
    let nodeIndex = try index(ofNode: node)
    if case .busy(let image) = nodeStatus[nodeIndex], !state[image].isFinal {
      losses[image] += 1
      if losses[image] > maxRetries {
        fail(image, reason: "its node was lost \(losses[image]) times (last: \(node)); retried \(maxRetries) times")
      } else {
        makeReady(image)
      }
    }
    nodeStatus[nodeIndex] = .lost
    for image in names.indices where !state[image].isFinal {
      if eligible[image].allSatisfy({ nodeStatus[$0] == .lost }) {
        let what = platforms[image].map { "that can build \($0)" } ?? ""
        fail(image, reason: "no node left \(what)".trimmingCharacters(in: .whitespaces))
      }
    }
  }

  /// Frees the node that was building `image`, if any.
  private mutating func release(_ image: Int) {
    for node in nodes.indices where nodeStatus[node] == .busy(image) { nodeStatus[node] = .free }
  }

  private mutating func fail(_ image: Int, reason: String) {
    ready.removeAll { $0 == image }
    state[image] = .failed(reason: reason)
    var stack = children[image]
    while let next = stack.popLast() {
      guard !state[next].isFinal else { continue }
      let why = parents[next].contains(image) ? "parent \(names[image]) failed" : "\(names[image]) failed (an ancestor)"
      ready.removeAll { $0 == next }
      for node in nodes.indices where nodeStatus[node] == .busy(next) { nodeStatus[node] = .free }
      state[next] = .skipped(reason: why)
      stack += children[next]
    }
  }
}
