/// A blob or child manifest a manifest points to.
public struct RegistryDescriptor: Codable, Sendable, Hashable {
  /// What it is, e.g. `application/vnd.oci.image.layer.v1.tar+gzip`.
  public var mediaType: String?
  /// `sha256:…`.
  public var digest: String
  /// Bytes as stored in the registry (compressed, for layers).
  public var size: Int64
  /// For an index's children: the platform they run on.
  public var platform: Platform?

  /// The platform of a child manifest in a list or index.
  public struct Platform: Codable, Sendable, Hashable {
    public var architecture: String?
    public var os: String?
    public var variant: String?

    public init(architecture: String? = nil, os: String? = nil, variant: String? = nil) {
      self.architecture = architecture
      self.os = os
      self.variant = variant
    }
  }

  public init(mediaType: String? = nil, digest: String, size: Int64, platform: Platform? = nil) {
    self.mediaType = mediaType
    self.digest = digest
    self.size = size
    self.platform = platform
  }
}

/// One manifest as the registry stores it: an image (config + layers) or a list/index of per-platform images.
///
/// Sizes are the registry's stored (compressed) sizes. For an image, `imageSize` is the config plus every layer. A
/// list or index has no layers of its own: it lists its children in `manifests`, and `imageSize` is 0 — use
/// `RegistryClient.blobs(repository:reference:)` for the blobs of all its children.
public struct RegistryManifest: Sendable, Hashable {
  /// Docker v2 manifest media type.
  public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
  /// Docker manifest list media type.
  public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
  /// OCI image manifest media type.
  public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
  /// OCI image index media type.
  public static let ociIndex = "application/vnd.oci.image.index.v1+json"
  /// The four kinds skep asks for, most specific first.
  public static let acceptedMediaTypes = [dockerManifest, dockerManifestList, ociManifest, ociIndex]

  /// The manifest's digest (`Docker-Content-Digest`).
  public var digest: String
  /// Its media type (the body's `mediaType`, else the `Content-Type`).
  public var mediaType: String
  /// The image configuration blob; nil for a list or index.
  public var config: RegistryDescriptor?
  /// Layer blobs, base first; empty for a list or index.
  public var layers: [RegistryDescriptor]
  /// The per-platform children of a list or index; empty for an image.
  public var manifests: [RegistryDescriptor]

  public init(
    digest: String, mediaType: String, config: RegistryDescriptor? = nil, layers: [RegistryDescriptor] = [],
    manifests: [RegistryDescriptor] = []
  ) {
    self.digest = digest
    self.mediaType = mediaType
    self.config = config
    self.layers = layers
    self.manifests = manifests
  }

  /// Whether this is a manifest list or OCI index (children instead of layers).
  public var isIndex: Bool {
    mediaType == Self.dockerManifestList || mediaType == Self.ociIndex || (!manifests.isEmpty && config == nil)
  }

  /// Config plus layers, in stored bytes; 0 for a list or index.
  public var imageSize: Int64 {
    (config?.size ?? 0) + layers.reduce(0) { $0 + $1.size }
  }

  /// The wire shape shared by all four media types.
  struct Body: Decodable {
    var schemaVersion: Int?
    var mediaType: String?
    var config: RegistryDescriptor?
    var layers: [RegistryDescriptor]?
    var manifests: [RegistryDescriptor]?
  }
}
