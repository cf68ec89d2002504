/// One image of the build folder: its name, where it lives, its parsed Dockerfile and what it builds on.
public struct BuildImage: Sendable, Equatable {
  /// The image name (the folder name, or the one in the folder's `.skep-image` file).
  public var name: String
  /// The folder, as a path below the build directory.
  public var folder: String
  /// The Dockerfile's path, as used in error locations.
  public var dockerfilePath: String
  /// The parsed Dockerfile.
  public var dockerfile: Dockerfile
  /// The in-folder images it needs, first the one its final stage starts from (when it is one), each with the first
  /// place that names it.
  public var parents: [ParentEdge]
  /// The images from elsewhere it uses (normalized, sorted): the executor resolves them to digests.
  public var externalReferences: [ImageReference]

  /// The in-folder parent names, primary first.
  public var parentNames: [String] { parents.map(\.parent) }

  /// The platform its final stage fixes with `FROM --platform=`, if any.
  public var platform: Platform? { dockerfile.platform.flatMap(Platform.parse) }
}

/// An edge from an image to an in-folder parent, with where it comes from.
public struct ParentEdge: Sendable, Hashable {
  /// The parent image's name.
  public var parent: String
  /// The instruction that names it.
  public var kind: StageReference.Kind
  /// Where the reference is.
  public var location: DockerfileLocation
}

/// The text of one image's folder before parsing: what `BuildTreeLoader` reads, or what a test writes.
public struct ImageSource: Sendable, Equatable {
  /// The image name.
  public var name: String
  /// The folder path.
  public var folder: String
  /// The Dockerfile path used in locations.
  public var dockerfilePath: String
  /// The Dockerfile's text.
  public var text: String

  /// Creates a source.
  public init(name: String, folder: String, dockerfilePath: String, text: String) {
    self.name = name
    self.folder = folder
    self.dockerfilePath = dockerfilePath
    self.text = text
  }

  /// A source named after its folder, with the Dockerfile at `NAME/Dockerfile`.
  public init(name: String, text: String) {
    self.init(name: name, folder: name, dockerfilePath: "\(name)/Dockerfile", text: text)
  }
}
