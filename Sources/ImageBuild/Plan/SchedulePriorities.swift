/// The static order in which ready images are served: the longest remaining chain first.
///
/// The bottom level of an image is its duration plus the largest bottom level among its children: the time from its
/// start to the end of the longest chain that waits for it. Ties go to the image with more descendants (it unlocks
/// more work), then to the name.
struct SchedulePriorities {
  /// Bottom level per image index.
  var bottomLevel: [Double]
  /// Number of descendants per image index.
  var descendants: [Int]
  /// Position in the serving order per image index (0 first).
  var rank: [Int]

  init(names: [String], durations: [Double], parents: [[Int]], children: [[Int]]) {
    let count = names.count
    let order = Self.reverseTopological(parents: parents, children: children)
    var bottomLevel = Array(repeating: 0.0, count: count)
    let words = (count + 63) / 64
    var reach = Array(repeating: [UInt64](repeating: 0, count: words), count: count)
    for image in order {
      var longest = 0.0
      for child in children[image] {
        longest = max(longest, bottomLevel[child])
        reach[image][child / 64] |= 1 << UInt64(child % 64)
        for word in 0..<words { reach[image][word] |= reach[child][word] }
      }
      bottomLevel[image] = durations[image] + longest
    }
    let descendants = reach.map { $0.reduce(0) { $0 + $1.nonzeroBitCount } }
    let sorted = (0..<count).sorted { a, b in
      if bottomLevel[a] != bottomLevel[b] { return bottomLevel[a] > bottomLevel[b] }
      if descendants[a] != descendants[b] { return descendants[a] > descendants[b] }
      return names[a] < names[b]
    }
    var rank = Array(repeating: 0, count: count)
    for (position, image) in sorted.enumerated() { rank[image] = position }
    self.bottomLevel = bottomLevel
    self.descendants = descendants
    self.rank = rank
  }

  /// Children before parents.
  static func reverseTopological(parents: [[Int]], children: [[Int]]) -> [Int] {
    var pending = children.map(\.count)
    var stack = (0..<children.count).filter { pending[$0] == 0 }
    var order: [Int] = []
    while let image = stack.popLast() {
      order.append(image)
      for parent in parents[image] {
        pending[parent] -= 1
        if pending[parent] == 0 { stack.append(parent) }
      }
    }
    return order
  }
}
