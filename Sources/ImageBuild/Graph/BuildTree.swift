/// The build folder understood: its images, the edges between them and what they use from elsewhere.
public struct BuildTree: Sendable, Equatable {
  /// The images, sorted by name.
  public var images: [BuildImage]
  /// The graph of in-folder dependencies.
  public var graph: BuildGraph
  /// Folders below the build directory that have no Dockerfile (they are not images).
  public var foldersWithoutDockerfile: [String]

  /// The image called `name`.
  public func image(named name: String) -> BuildImage? { images.first { $0.name == name } }

  /// Every in-folder image `name` needs, directly or not.
  public func ancestors(of name: String) -> Set<String> { graph.ancestors(of: name) }

  /// Every in-folder image that needs `name`, directly or not.
  public func descendants(of name: String) -> Set<String> { graph.descendants(of: name) }

  /// What `skep build --only NAME…` builds: exactly the named images (every image when `only` is empty).
  ///
  /// Their in-folder ancestors that are not named are not rebuilt: they are listed in
  /// `BuildSelection.ancestorsUsedAsBuilt`, and the executor uses what the registry has for them (planned: and builds
  /// one first only when the registry has none). Descendants are not rebuilt either.
  public func selection(only: [String]) throws(BuildTreeError) -> BuildSelection {
    let names = Set(images.map(\.name))
    let unknown = only.filter { !names.contains($0) }
    guard unknown.isEmpty else {
      let problems = unknown.map { name in
        let closest = names.min { InstructionKeywords.distance($0, name) < InstructionKeywords.distance($1, name) }
        let hint = closest.flatMap { InstructionKeywords.distance($0, name) <= 2 ? " (did you mean \($0)?)" : nil }
        return DockerfileError("--only \(name): no image of that name in the folder\(hint ?? "")", at: nil)
      }
      throw BuildTreeError(problems: problems)
    }
    let selected = only.isEmpty ? names : Set(only)
    let outside = selected.reduce(into: Set<String>()) { $0.formUnion(ancestors(of: $1)) }.subtracting(selected)
    return BuildSelection(
      images: selected.sorted(), ancestorsUsedAsBuilt: outside.sorted(), graph: graph.restricted(to: selected))
  }
}

/// The images one run builds and the graph among them.
public struct BuildSelection: Sendable, Equatable {
  /// The images to build, sorted.
  public var images: [String]
  /// In-folder ancestors of those images that this run does not build.
  public var ancestorsUsedAsBuilt: [String]
  /// The dependency graph restricted to `images`.
  public var graph: BuildGraph
}
