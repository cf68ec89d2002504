import DockerEngine
import Foundation
import ImageBuilder
import Sandbox
import SkepTestSupport
import Testing

/// A folder of image folders written by a test, with unique image names (`p<suffix>-NAME`), and `skep build` on it.
struct BuildTreeFixture {
  let root: URL
  let prefix: String
  let registry: String

  init(registry: String) throws {
    prefix = "p" + UUID().uuidString.prefix(6).lowercased()
    root = FileManager.default.temporaryDirectory.appendingPathComponent("skep-build-\(prefix)")
    self.registry = registry
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  /// The image's full name.
  func name(_ short: String) -> String { "\(prefix)-\(short)" }

  /// Writes `NAME/Dockerfile` (and other files); `{R}` stands for the registry and `{P}` for the prefix.
  func image(_ short: String, _ dockerfile: String, files: [String: String] = [:]) throws {
    let folder = root.appendingPathComponent(name(short))
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let text = dockerfile.replacingOccurrences(of: "{R}", with: registry).replacingOccurrences(of: "{P}", with: prefix)
    try text.write(to: folder.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
    for (file, content) in files {
      try content.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
    }
  }

  func remove() { try? FileManager.default.removeItem(at: root) }
}

/// `skep build --json`.
struct BuildJSON: Decodable {
  var outcomes: [ImageOutcome]
  var makespan: Double
  var lostNodes: [String: String]
  var criticalPath: [String]

  func outcome(_ image: String) -> ImageOutcome? { outcomes.first { $0.image == image } }
}

extension SwarmFormationTests {
  var registry: String {
    get throws { try #require(try sandbox.inventory().registry, "the sandbox inventory has no registry") }
  }

  func build(_ tree: BuildTreeFixture, _ extra: [String] = []) async throws -> (CommandOutput, BuildJSON?) {
    let output = try await sandbox.skep(["build", tree.root.path, "--json"] + extra)
    return (output, try? JSONDecoder().decode(BuildJSON.self, from: Data(output.stdout.utf8)))
  }

  /// Today's date tag, as `skep build` makes it (`%Y%m%d`, local time).
  var todayTag: String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyyMMdd"
    return formatter.string(from: Date())
  }

  /// A tree shaped like our users': a base FROM the sandbox's debian, six children FROM REGISTRY/base (one written
  /// as plain `base`), a two-stage image copying from another in-folder image, one whose FROM comes from a global
  /// ARG default. Built across the nodes: every image is in the registry with today's date tag and latest, parents
  /// end before children start, children run on several nodes. A rerun builds nothing; a child's file changed
  /// rebuilds that child only; the base changed rebuilds everything.
  @Test func aTreeIsBuiltAcrossNodesInOrderAndOnlyWhatChangedIsRebuilt() async throws {
    let tree = try BuildTreeFixture(registry: try registry)
    defer { tree.remove() }
    try tree.image("base", "FROM debian:bookworm\nRUN echo base > /base.txt\n")
    for index in 1...6 {
      let from = index == 6 ? "{P}-base" : "{R}/{P}-base"
      try tree.image(
        "c\(index)", "FROM \(from)\nCOPY note.txt /note-\(index).txt\nRUN sleep 2 && cat /base.txt\n",
        files: ["note.txt": "child \(index)\n"])
    }
    try tree.image(
      "multi",
      "FROM {R}/{P}-c1 AS first\nRUN echo stage > /stage.txt\nFROM debian:bookworm\n"
        + "COPY --from={R}/{P}-c2 /note-2.txt /\nCOPY --from=first /stage.txt /\n")
    try tree.image("argbased", "ARG PARENT={R}/{P}-c3\nFROM ${PARENT}\nRUN test -f /note-3.txt\n")
    let all = ["base", "c1", "c2", "c3", "c4", "c5", "c6", "multi", "argbased"].map(tree.name)

    let (first, report) = try await build(tree)
    #expect(first.status == 0, "build: \(first.stdout)\n\(first.stderr)")
    let built = try #require(report, "no JSON report: \(first.stdout)\n\(first.stderr)")
    #expect(Set(built.outcomes.map(\.image)) == Set(all))
    #expect(built.outcomes.allSatisfy { $0.result == .built }, "\(built.outcomes)")
    let manager = try sandbox.client(nodes[0].name)
    for image in all {
      let latest = try await manager.distributionDescriptor("\(tree.registry)/\(image):latest")
      let dated = try await manager.distributionDescriptor("\(tree.registry)/\(image):\(todayTag)")
      #expect(latest != nil && latest?.digest == dated?.digest, "\(image): latest \(String(describing: latest))")
    }
    func outcome(_ short: String) -> ImageOutcome? { built.outcome(tree.name(short)) }
    let parentsOf = [
      "c1": ["base"], "c2": ["base"], "c3": ["base"], "c4": ["base"], "c5": ["base"], "c6": ["base"],
      "multi": ["c1", "c2"], "argbased": ["c3"],
    ]
    for (child, parents) in parentsOf {
      for parent in parents {
        let ended = try #require(outcome(parent)?.ended)
        let started = try #require(outcome(child)?.started)
        #expect(started >= ended, "\(child) started at \(started) before \(parent) ended at \(ended)")
      }
    }
    let childNodes = Set((1...6).compactMap { outcome("c\($0)")?.node })
    #expect(childNodes.count >= 2, "the children all ran on \(childNodes)")

    let (rerun, unchanged) = try await build(tree)
    #expect(rerun.status == 0, "rerun: \(rerun.stderr)")
    #expect(
      unchanged?.outcomes.count == all.count && unchanged?.outcomes.allSatisfy { $0.result == .unchanged } == true)

    try "child 4, changed\n".write(
      to: tree.root.appendingPathComponent("\(tree.name("c4"))/note.txt"), atomically: true, encoding: .utf8)
    let (_, oneChild) = try await build(tree)
    let rebuilt = Set(oneChild?.outcomes.filter { $0.result == .built }.map(\.image) ?? [])
    #expect(rebuilt == [tree.name("c4")], "\(String(describing: oneChild?.outcomes))")
    // Its second build today gets the next same-day tag.
    #expect(oneChild?.outcome(tree.name("c4"))?.tags == ["latest", "\(todayTag).2"])

    try "FROM debian:bookworm\nRUN echo base, changed > /base.txt\n".write(
      to: tree.root.appendingPathComponent("\(tree.name("base"))/Dockerfile"), atomically: true, encoding: .utf8)
    let (_, everything) = try await build(tree)
    #expect(everything?.outcomes.filter { $0.result == .built }.count == all.count, "\(String(describing: everything))")
  }

  /// A child whose RUN fails: its own child is skipped with the reason, its siblings are built, exit 1, and its
  /// full log is kept. Then a node's engine is stopped while it builds: its image is built on another node.
  @Test func aFailedImageSkipsItsDescendantsAndALostNodesImageIsBuiltElsewhere() async throws {
    let tree = try BuildTreeFixture(registry: try registry)
    defer { tree.remove() }
    try tree.image("base", "FROM debian:bookworm\nRUN echo base\n")
    try tree.image("good1", "FROM {R}/{P}-base\nRUN echo one\n")
    try tree.image("good2", "FROM {R}/{P}-base\nRUN echo two\n")
    try tree.image("bad", "FROM {R}/{P}-base\nRUN echo failing on purpose && exit 3\n")
    try tree.image("badchild", "FROM {R}/{P}-bad\nRUN echo never\n")
    let (failed, report) = try await build(tree)
    #expect(failed.status == 1, "\(failed.stdout)\n\(failed.stderr)")
    let outcomes = try #require(report, "\(failed.stdout)\n\(failed.stderr)")
    let bad = outcomes.outcome(tree.name("bad"))
    #expect(bad?.result == .failed && bad?.reason?.contains("non-zero code: 3") == true, "\(String(describing: bad))")
    let log = try String(contentsOfFile: try #require(bad?.log), encoding: .utf8)
    #expect(log.contains("failing on purpose"), "the build log: \(log)")
    let skipped = outcomes.outcome(tree.name("badchild"))
    #expect(skipped?.result == .skipped && skipped?.reason?.contains(tree.name("bad")) == true)
    #expect(outcomes.outcome(tree.name("good1"))?.result == .built)
    #expect(outcomes.outcome(tree.name("good2"))?.result == .built)

    // Slow images; the first node other than node1 that starts one is stopped.
    let slow = try BuildTreeFixture(registry: try registry)
    defer { slow.remove() }
    try slow.image("base", "FROM debian:bookworm\nRUN echo base\n")
    for index in 1...3 { try slow.image("s\(index)", "FROM {R}/{P}-base\nRUN sleep 8 && echo \(index)\n") }
    var environment = ProcessInfo.processInfo.environment
    environment["SKEP_INVENTORY"] = sandbox.inventoryPath
    let run = try StartedProcess(sandbox.binary, ["build", slow.root.path, "--json"], environment: environment)
    let others = nodes.dropFirst().map(\.name)
    let names = (1...3).map { slow.name("s\($0)") }
    @Sendable func startedOutsideNode1() -> String? {
      let text = run.stderrSoFar
      return others.first { node in names.contains { text.contains("\(node): \($0) started") } }
    }
    _ = await sandbox.eventually(timeout: 90, every: 0.2) { startedOutsideNode1() != nil }
    let victim = startedOutsideNode1()
    let lost = try #require(victim, "no slow image started outside node1: \(run.stderrSoFar)")
    try await Task.sleep(for: .seconds(1))
    let stop = try await sandbox.skep(["sandbox", "stop", lost, "--dir", sandbox.directory])
    #expect(stop.status == 0, "sandbox stop: \(stop.stderr)")
    let result = run.wait()
    let start = try await sandbox.skep(["sandbox", "start", lost, "--dir", sandbox.directory])
    #expect(start.status == 0, "sandbox start: \(start.stderr)")
    #expect(result.status == 0, "the build must finish elsewhere: \(result.stdout)\n\(result.stderr)")
    let slowReport = try JSONDecoder().decode(BuildJSON.self, from: Data(result.stdout.utf8))
    #expect(slowReport.lostNodes.keys.contains(lost), "\(slowReport.lostNodes)")
    for index in 1...3 {
      let outcome = slowReport.outcome(slow.name("s\(index)"))
      #expect(outcome?.result == .built && outcome?.node != lost, "\(String(describing: outcome))")
    }
    _ = await sandbox.eventually(timeout: 60) {
      try await self.members().allSatisfy { $0.status.state == .ready }
    }
  }

  /// A cycle, an unknown stage and a malformed line: each fails with file:line, exit 2, and builds nothing.
  @Test(arguments: [
    ("cycle", ["a": "FROM {R}/{P}-b\n", "b": "FROM debian:bookworm\nCOPY --from={R}/{P}-a /x /x\n"], "Dockerfile:"),
    ("unknown stage", ["a": "FROM debian:bookworm AS one\nCOPY --from=tow /x /x\n"], "Dockerfile:2"),
    ("malformed", ["a": "FROM debian:bookworm\nRUN echo ok\nFROOM x\n"], "Dockerfile:3"),
  ])
  func aBadTreeFailsWithItsLocationAndBuildsNothing(label: String, files: [String: String], location: String)
    async throws
  {
    let tree = try BuildTreeFixture(registry: try registry)
    defer { tree.remove() }
    for (short, dockerfile) in files { try tree.image(short, dockerfile) }
    let output = try await sandbox.skep(["build", tree.root.path])
    #expect(output.status == 2, "\(label): \(output.stdout)\n\(output.stderr)")
    #expect(
      output.stderr.contains(location) && output.stderr.contains("nothing was built"), "\(label): \(output.stderr)")
    let manager = try sandbox.client(nodes[0].name)
    for short in files.keys {
      #expect(try await manager.distributionDescriptor("\(tree.registry)/\(tree.name(short)):latest") == nil)
    }
  }
}
