import ArgumentParser
import Cluster
import DockerEngine
import Foundation
import ImageBuild
import ImageBuilder
import Logging

/// `skep build [DIR]`: every image folder of DIR built across the nodes in dependency order, date-tagged, pushed.
struct Build: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Build a folder of Dockerfiles across the nodes in dependency order and push them to the registry.",
    discussion: """
      DIR holds one folder per image with a Dockerfile (the image name is the folder's name, or the first line of \
      its .skep-image file). Parents are built before their children; each image is tagged REGISTRY/NAME:latest \
      and REGISTRY/NAME:<date> and pushed. An image whose build key (Dockerfile, context, build args, platform, \
      parents' digests) matches its last build, still in the registry, is not built again. A failed image skips \
      its descendants; the others go on. Full logs: DIR/.skep-build-logs/NAME.log. Exits 1 if any image failed \
      or was skipped.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Argument(help: "The folder of image folders.")
  var directory = "."

  @Option(name: .customLong("only"), help: "Only this image (repeatable); its parents are used as last built.")
  var only: [String] = []

  @Flag(help: "Print the plan (per node, critical path, lower bound) and build nothing.")
  var plan = false

  @Flag(help: "Do not push (everything is then built on one node).")
  var noPush = false

  @Option(name: .customLong("build-arg"), help: "KEY=VALUE for the Dockerfiles' ARGs (repeatable).")
  var buildArgs: [String] = []

  func validate() throws {
    for argument in buildArgs where !argument.contains("=") || argument.hasPrefix("=") {
      throw ValidationError("--build-arg \(argument): expected KEY=VALUE")
    }
  }

  var buildArgMap: [String: String] {
    var map: [String: String] = [:]
    for argument in buildArgs {
      let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      map[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
    }
    return map
  }

  func run() async throws {
    let inventory = try global.loadInventory()
    guard let registry = inventory.registry else {
      throw CommandFailure(
        "no registry: set registry: in \(inventory.file) (the sandbox's inventory has one)", exitCode: .invalidInput)
    }
    let folder = URL(fileURLWithPath: directory).standardizedFileURL
    let tree: BuildTree
    let selection: BuildSelection
    do {
      tree = try BuildTreeLoader.load(directory: folder.path, registry: registry, buildArgs: buildArgMap)
      selection = try tree.selection(only: only)
    } catch {
      throw CommandFailure("\(error)\nnothing was built", exitCode: .invalidInput)
    }
    let state = try BuildStateStore(directory: folder).load()
    var nodes = try await BuildNodes.reachable(inventory: inventory)
    if noPush { nodes = Array(nodes.prefix(1)) }
    let options = BuildRunOptions(
      directory: folder, registry: registry, buildArgs: buildArgMap, push: !noPush, dateTag: inventory.dateTag)
    var coordinator = BuildCoordinator(
      tree: tree, selection: selection, nodes: nodes, state: state, options: options,
      logger: Logger(label: "skep.build"))
    if plan {
      let planned = try BuildPlanner.plan(coordinator.problem())
      print(BuildText.plan(planned, nodes: nodes.count), terminator: "")
      return
    }
    if !noPush { coordinator.options.existingTags = await BuildNodes.registryTags(registry, images: selection.images) }
    printError("building \(selection.images.count) image(s) on \(nodes.map(\.name).joined(separator: ", "))…")
    let report = try await coordinator.run { event in BuildProgressText.print(event) }
    try BuildStateStore(directory: folder).save(report.state)
    if output.json {
      try JSONOutput.print(report)
    } else {
      print(BuildText.table(report), terminator: "")
    }
    if report.failed { throw ExitCode(1) }
  }
}
