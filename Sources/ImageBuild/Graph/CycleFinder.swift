/// Finds one cycle in a set of parent edges, by depth-first search from each image in name order.
enum CycleFinder {
  /// A cycle as a list of images where each needs the next and the last needs the first; nil when acyclic.
  static func find(in graph: BuildGraph) -> [String]? {
    enum Mark { case visiting, done }
    var marks: [String: Mark] = [:]
    for start in graph.images where marks[start] == nil {
      // Each frame: an image and the index of the next parent to visit.
      var stack: [(image: String, next: Int)] = [(start, 0)]
      marks[start] = .visiting
      while let top = stack.last {
        let parents = graph.parents(of: top.image)
        if top.next == parents.count {
          marks[top.image] = .done
          stack.removeLast()
          continue
        }
        stack[stack.count - 1].next += 1
        let parent = parents[top.next]
        switch marks[parent] {
        case .visiting:
          let path = stack.map(\.image)
          guard let from = path.firstIndex(of: parent) else { return [parent] }
          return Array(path[from...])
        case .done:
          continue
        case nil:
          marks[parent] = .visiting
          stack.append((parent, 0))
        }
      }
    }
    return nil
  }
}
