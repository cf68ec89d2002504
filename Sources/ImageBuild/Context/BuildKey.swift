import Crypto
import Foundation

/// The content key of one image build: if it equals the key of the image's last build, the build can be skipped.
///
/// SHA-256 over, in this order, each part length-prefixed: a version tag; the Dockerfile's bytes; every context entry
/// (`BuildContext.entries`: sorted path, kind, permission bits, and a file's SHA-256 or a link's target); the build
/// args the Dockerfile declares (`ARG` names) that are given, sorted by name; the platform built for; and the digest of
/// every image it uses (in-folder parents by name, others by normalized reference), sorted. Modification times and
/// owners are not part of it.
public enum BuildKey {
  /// Computes the key of `image`, whose folder is `directory/image.folder`. `parentDigests` must hold a digest for
  /// every `image.dependencyKeys` entry.
  public static func compute(
    image: BuildImage, directory: URL, buildArgs: [String: String], platform: Platform,
    parentDigests: [String: String]
  ) throws -> String {
    let missing = image.dependencyKeys.filter { parentDigests[$0] == nil }
    guard missing.isEmpty else {
      throw DockerfileError(
        "\(image.name): no digest for \(missing.joined(separator: ", ")); resolve every parent first", at: nil)
    }
    let folder = directory.appendingPathComponent(image.folder, isDirectory: true)
    let declared = Set(image.dockerfile.declaredArgNames)
    return try compute(
      dockerfile: try Data(contentsOf: folder.appendingPathComponent("Dockerfile")),
      entries: try BuildContext.entries(folder: folder),
      contentDigest: { try fileDigest(folder.appendingPathComponent($0)) },
      buildArgs: buildArgs.filter { declared.contains($0.key) }, platform: platform.description,
      parentDigests: parentDigests.filter { image.dependencyKeys.contains($0.key) })
  }

  /// The key from its parts (pure but for `contentDigest`, which returns a file's SHA-256 by path).
  public static func compute(
    dockerfile: Data, entries: [ContextEntry], contentDigest: (String) throws -> [UInt8],
    buildArgs: [String: String], platform: String, parentDigests: [String: String]
  ) rethrows -> String {
    var hasher = SHA256()
    func field(_ bytes: some Collection<UInt8>) {
      withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { hasher.update(bufferPointer: $0) }
      hasher.update(data: Array(bytes))
    }
    func field(_ text: String) { field(Array(text.utf8)) }
    field("skep-build-key/1")
    field(dockerfile)
    field("context:\(entries.count)")
    for entry in entries.sorted(by: { $0.path < $1.path }) {
      field(entry.path)
      field(String(entry.mode, radix: 8))
      switch entry.kind {
      case .file:
        field("file")
        field(try contentDigest(entry.path))
      case .directory: field("dir")
      case .symlink(let target):
        field("link")
        field(target)
      }
    }
    field("args:\(buildArgs.count)")
    for (name, value) in buildArgs.sorted(by: { $0.key < $1.key }) {
      field(name)
      field(value)
    }
    field("platform")
    field(platform)
    field("parents:\(parentDigests.count)")
    for (name, digest) in parentDigests.sorted(by: { $0.key < $1.key }) {
      field(name)
      field(digest)
    }
    return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }

  /// SHA-256 of a file, read in 1 MiB chunks.
  static func fileDigest(_ url: URL) throws -> [UInt8] {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
    return Array(hasher.finalize())
  }
}

extension BuildImage {
  /// The names under which the build key expects parent digests: in-folder parents by name, then every other image
  /// by its normalized reference (`docker.io/library/debian:12`).
  public var dependencyKeys: [String] { parentNames + externalReferences.map(\.normalized) }
}
