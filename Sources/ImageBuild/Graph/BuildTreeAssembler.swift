/// Parses every image's Dockerfile and links them into a `BuildTree` (pure: the texts are given).
public enum BuildTreeAssembler {
  /// Builds the tree; `registry` is the configured registry (`registry.lan:5000`), `buildArgs` the `--build-arg`s.
  public static func assemble(
    _ sources: [ImageSource], registry: String, buildArgs: [String: String] = [:],
    foldersWithoutDockerfile: [String] = []
  ) throws(BuildTreeError) -> BuildTree {
    var problems: [DockerfileError] = []
    var seen: [String: String] = [:]
    for source in sources {
      if let first = seen[source.name] {
        problems.append(
          DockerfileError("image name '\(source.name)' is used by both \(first) and \(source.folder)", at: nil))
      }
      seen[source.name] = source.folder
    }
    let names = Set(sources.map(\.name))
    let naming = ImageNaming(registry: registry, localImages: names)
    let parser = DockerfileParser(buildArgs: buildArgs, localImages: names)
    var images: [BuildImage] = []
    for source in sources.sorted(by: { $0.name < $1.name }) {
      do {
        let dockerfile = try parser.parse(source.text, file: source.dockerfilePath)
        images.append(link(source, dockerfile, naming))
      } catch {
        problems.append(error)
      }
    }
    guard problems.isEmpty else { throw BuildTreeError(problems: problems) }
    let edges = Dictionary(uniqueKeysWithValues: images.map { ($0.name, $0.parentNames) })
    do {
      let graph = try BuildGraph(parents: edges)
      return BuildTree(images: images, graph: graph, foldersWithoutDockerfile: foldersWithoutDockerfile.sorted())
    } catch {
      throw cycleError(error, images)
    }
  }

  /// The in-folder parents (primary first) and external references of one image.
  static func link(_ source: ImageSource, _ dockerfile: Dockerfile, _ naming: ImageNaming) -> BuildImage {
    var parents: [ParentEdge] = []
    var external: [String: ImageReference] = [:]
    for reference in dockerfile.references {
      guard case .image(let image) = reference.target else { continue }
      switch naming.origin(of: image, referrer: source.name) {
      case .local(let name):
        if !parents.contains(where: { $0.parent == name }) {
          parents.append(ParentEdge(parent: name, kind: reference.kind, location: reference.location))
        }
      case .external(let image):
        external[image.normalized] = image
      }
    }
    if let primary = primaryParent(dockerfile, naming, referrer: source.name),
      let index = parents.firstIndex(where: { $0.parent == primary })
    {
      parents.insert(parents.remove(at: index), at: 0)
    }
    return BuildImage(
      name: source.name, folder: source.folder, dockerfilePath: source.dockerfilePath, dockerfile: dockerfile,
      parents: parents, externalReferences: external.keys.sorted().compactMap { external[$0] })
  }

  /// The in-folder image the final stage starts from, following `FROM stage` chains.
  private static func primaryParent(_ dockerfile: Dockerfile, _ naming: ImageNaming, referrer: String) -> String? {
    var stage = dockerfile.finalStage
    while case .stage(let index) = stage.base.target, index < stage.index { stage = dockerfile.stages[index] }
    guard case .image(let image) = stage.base.target,
      case .local(let name) = naming.origin(of: image, referrer: referrer)
    else { return nil }
    return name
  }

  /// A cycle error naming each edge with its place.
  private static func cycleError(_ error: BuildGraphError, _ images: [BuildImage]) -> BuildTreeError {
    guard case .cycle(let cycle) = error else { return BuildTreeError(error.description) }
    var steps: [String] = []
    for (offset, name) in cycle.enumerated() {
      let parent = cycle[(offset + 1) % cycle.count]
      let edge = images.first { $0.name == name }?.parents.first { $0.parent == parent }
      steps.append("\(name) needs \(parent)" + (edge.map { " (\($0.kind.rawValue) at \($0.location))" } ?? ""))
    }
    let first = images.first { $0.name == cycle[0] }?.parents.first { $0.parent == cycle[1 % cycle.count] }
    return BuildTreeError(
      "dependency cycle between \(cycle.joined(separator: ", ")): \(steps.joined(separator: "; ")); nothing is built",
      at: first?.location)
  }
}
