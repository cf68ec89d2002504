/// What skep needs to know about a Dockerfile: its stages and everything each stage builds on.
public struct Dockerfile: Sendable, Equatable {
  /// The file name given to the parser.
  public var file: String
  /// The escape character (`\` or `` ` ``).
  public var escape: Character
  /// `ARG`s declared before the first `FROM`, in order.
  public var globalArgs: [DeclaredArg]
  /// Every `ARG` name declared anywhere in the file, sorted: the build args that can change the result.
  public var declaredArgNames: [String]
  /// The stages in order; never empty.
  public var stages: [DockerfileStage]

  /// The stage that is built (the last one).
  public var finalStage: DockerfileStage { stages[stages.count - 1] }

  /// The platform the result is for, when the final stage's `FROM --platform=` gives a fixed one.
  public var platform: String? { finalStage.platform }

  /// Every reference in the file: each stage's `FROM`, then its `COPY --from` and `RUN --mount from=`.
  public var references: [StageReference] { stages.flatMap { [$0.base] + $0.references } }

  /// The references that name images (not stages, not `scratch`).
  public var imageReferences: [StageReference] {
    references.filter { if case .image = $0.target { true } else { false } }
  }
}

/// An `ARG` declaration.
public struct DeclaredArg: Sendable, Hashable {
  /// The name.
  public var name: String
  /// The default value as written after `=`, expanded; nil when there is none.
  public var defaultValue: String?
  /// Where the name is.
  public var location: DockerfileLocation
}

/// One `FROM … [AS name]` and what follows it up to the next `FROM`.
public struct DockerfileStage: Sendable, Equatable {
  /// The 0-based index (what `COPY --from=0` names).
  public var index: Int
  /// The name after `AS`, lower case.
  public var name: String?
  /// What the stage starts from.
  public var base: StageReference
  /// The platform from `--platform=` after substitution, when it is fixed; nil when absent or when it uses the
  /// automatic platform args (`$BUILDPLATFORM`, `$TARGETPLATFORM`…), which mean "whatever the builder runs".
  public var platform: String?
  /// `COPY --from` and `RUN --mount …,from=` references, in order.
  public var references: [StageReference]
}

/// A reference from a stage to something it needs.
public struct StageReference: Sendable, Hashable {
  /// Which instruction made it.
  public var kind: Kind
  /// What it names.
  public var target: Target
  /// The value after substitution, as written otherwise (`builder`, `0`, `registry.lan:5000/base`).
  public var written: String
  /// Where the value starts.
  public var location: DockerfileLocation

  /// The instruction that references.
  public enum Kind: String, Sendable, Hashable {
    case from = "FROM"
    case copyFrom = "COPY --from"
    case mountFrom = "RUN --mount from"
  }

  /// What a reference names.
  public enum Target: Sendable, Hashable {
    /// The empty image: no dependency.
    case scratch
    /// An earlier stage of the same file, by index.
    case stage(Int)
    /// An image.
    case image(ImageReference)
  }
}
