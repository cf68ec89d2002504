import ImageBuild
import Testing

/// A graph from `child: [parents]` pairs (every image must be a key).
func graph(_ parents: [String: [String]]) throws -> BuildGraph { try BuildGraph(parents: parents) }

/// `count` amd64 nodes named n1…nN.
func nodes(_ count: Int, architecture: String = "amd64") -> [BuildNode] {
  (1...count).map { BuildNode(name: "n\($0)", architecture: architecture) }
}

/// Runs a scheduler to the end with the given durations, like the simulation, and returns the final states.
func runToEnd(_ scheduler: inout BuildScheduler, durations: [String: Double]) throws -> [String: BuildState] {
  var guardCount = 0
  while !scheduler.isDone, guardCount < 1000 {
    guardCount += 1
    let assignments = scheduler.dispatch()
    if assignments.isEmpty { break }
    for assignment in assignments {
      try scheduler.finished(assignment.image, on: assignment.node, duration: durations[assignment.image] ?? 1)
    }
  }
  return scheduler.states
}
