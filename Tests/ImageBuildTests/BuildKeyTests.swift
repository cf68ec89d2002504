import Foundation
import ImageBuild
import Testing

@Suite struct BuildKeyTests {
  /// A build directory with one image `app` whose Dockerfile declares ARG VERSION and uses base and debian.
  final class Folder {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("skep-key-\(UUID().uuidString)")
    init() throws {
      try write("base/Dockerfile", "FROM debian:12\n")
      try write("app/Dockerfile", "FROM registry.lan:5000/base\nARG VERSION=1\nCOPY . /app\n")
      try write("app/main.sh", "echo hi\n")
      try write("app/.dockerignore", "*.log\n")
      try write("app/debug.log", "noise\n")
    }
    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ path: String, _ text: String) throws {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }

    func key(args: [String: String] = [:], platform: String = "linux/amd64", base: String = "sha256:aa") throws
      -> String
    {
      let tree = try BuildTreeLoader.load(directory: root.path, registry: "registry.lan:5000")
      let app = try #require(tree.image(named: "app"))
      #expect(app.dependencyKeys == ["base"])
      return try BuildKey.compute(
        image: app, directory: root, buildArgs: args, platform: try #require(Platform.parse(platform)),
        parentDigests: ["base": base, "unrelated": "sha256:ff"])
    }
  }

  @Test func sameInputsSameKeyAndEachInputCounts() throws {
    let folder = try Folder()
    let key = try folder.key()
    #expect(key.hasPrefix("sha256:"))
    #expect(key.count == 71)
    #expect(try folder.key() == key)
    #expect(try folder.key(args: ["OTHER": "x"]) == key)
    #expect(try folder.key(args: ["VERSION": "2"]) != key)
    #expect(try folder.key(platform: "linux/arm64") != key)
    #expect(try folder.key(base: "sha256:bb") != key)
  }

  @Test func ignoredFilesDoNotCountButContentsAndModesDo() throws {
    let folder = try Folder()
    let key = try folder.key()
    try folder.write("app/debug.log", "other noise\n")
    #expect(try folder.key() == key)
    try folder.write("app/main.sh", "echo hello\n")
    let changed = try folder.key()
    #expect(changed != key)
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: folder.root.appendingPathComponent("app/main.sh").path)
    #expect(try folder.key() != changed)
  }

  @Test func aMissingParentDigestIsAnError() throws {
    let folder = try Folder()
    #expect(throws: DockerfileError.self) {
      let tree = try BuildTreeLoader.load(directory: folder.root.path, registry: "registry.lan:5000")
      let app = try #require(tree.image(named: "app"))
      _ = try BuildKey.compute(
        image: app, directory: folder.root, buildArgs: [:], platform: Platform(architecture: "amd64"),
        parentDigests: [:])
    }
  }

  @Test func contextListingHonoursDockerignore() throws {
    let folder = try Folder()
    let entries = try BuildContext.entries(folder: folder.root.appendingPathComponent("app"))
    #expect(entries.map(\.path) == [".dockerignore", "Dockerfile", "main.sh"])
  }
}
