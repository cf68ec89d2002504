/// A swarm node that can build images, with its platform (from the node's reported OS and architecture).
public struct BuildNode: Sendable, Hashable {
  /// The node name.
  public var name: String
  /// What it builds natively.
  public var platform: Platform

  /// Creates a node; `architecture` may be Docker's (`arm64`) or the kernel's spelling (`aarch64`).
  public init(name: String, architecture: String, os: String = "linux") {
    self.name = name
    let (arch, variant) = Platform.normalize(architecture)
    self.platform = Platform(os: os, architecture: arch, variant: variant)
  }

  /// Creates a node with a platform.
  public init(name: String, platform: Platform) {
    self.name = name
    self.platform = platform
  }
}
