/// Reads a Dockerfile into its stages and references (see `docs/build.md`, "Dockerfiles").
///
/// `ARG`s before the first `FROM` are substituted in `FROM` lines, with `buildArgs` taking precedence over their
/// defaults (only for declared names, as Docker does). `localImages` are the folder's image names: a `--from` value
/// that names neither an earlier stage nor one of them must look like an image reference (contain `/`, `:` or `@`),
/// so that a misspelled stage name is an error here rather than a pull of a Docker Hub image at build time.
public struct DockerfileParser: Sendable {
  /// `--build-arg` values.
  public var buildArgs: [String: String]
  /// The names of the folder's images.
  public var localImages: Set<String>

  /// Creates a parser.
  public init(buildArgs: [String: String] = [:], localImages: Set<String> = []) {
    self.buildArgs = buildArgs
    self.localImages = localImages
  }

  /// Parses `text`; `file` names it in locations.
  public func parse(_ text: String, file: String) throws(DockerfileError) -> Dockerfile {
    let (directives, instructions) = try InstructionReader.read(text, file: file)
    var state = ParseState(
      file: file, escape: directives.escape, buildArgs: buildArgs, localImages: localImages,
      stageNames: ParseState.stageNames(in: instructions, escape: directives.escape))
    for instruction in instructions {
      try state.apply(instruction)
    }
    guard !state.stages.isEmpty else {
      let location = DockerfileLocation(file: file, line: 1, column: 1)
      throw DockerfileError("no FROM instruction: a Dockerfile needs at least one stage", at: location)
    }
    return Dockerfile(
      file: file, escape: directives.escape, globalArgs: state.globalArgs,
      declaredArgNames: state.declaredArgNames.sorted(), stages: state.stages)
  }
}
