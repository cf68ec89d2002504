import Foundation
import ImageBuild
import Testing

/// A user's tree: archlinux at the bottom, everything else on top of it.
let homeLab: [ImageSource] = [
  ImageSource(name: "archlinux", text: "FROM archlinux:base-devel\nRUN pacman -Syu --noconfirm\n"),
  ImageSource(name: "mariadb", text: "FROM registry.lan:5000/archlinux\nRUN pacman -S mariadb\n"),
  ImageSource(name: "php", text: "FROM registry.lan:5000/archlinux:latest AS php\nRUN pacman -S php-fpm\n"),
  ImageSource(
    name: "wordpress",
    text: """
      FROM php AS build
      COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
      FROM registry.lan:5000/php
      COPY --from=build /srv /srv
      RUN --mount=type=bind,from=registry.lan:5000/mariadb,source=/usr/bin/mariadb,target=/m true
      """),
  ImageSource(name: "nginx", text: "FROM registry.lan:5000/archlinux\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx\n"),
]

@Suite struct BuildTreeTests {
  @Test func edgesFromFromCopyAndMount() throws {
    let tree = try BuildTreeAssembler.assemble(homeLab, registry: "registry.lan:5000")
    #expect(tree.graph.parents(of: "wordpress") == ["php", "mariadb"])
    #expect(tree.graph.parents(of: "archlinux").isEmpty)
    #expect(tree.graph.children(of: "archlinux") == ["mariadb", "nginx", "php"])
    let wordpress = try #require(tree.image(named: "wordpress"))
    #expect(wordpress.parents.map(\.kind) == [.from, .mountFrom])
    #expect(wordpress.externalReferences.map(\.normalized) == ["docker.io/library/composer:2"])
    #expect(
      tree.image(named: "archlinux")?.externalReferences.map(\.normalized) == ["docker.io/library/archlinux:base-devel"]
    )
    #expect(tree.ancestors(of: "wordpress") == ["php", "mariadb", "archlinux"])
    #expect(tree.descendants(of: "archlinux") == ["mariadb", "php", "wordpress", "nginx"])
    #expect(tree.graph.topologicalOrder.first == "archlinux")
  }

  @Test func cycleNamesEveryEdgeWithItsPlace() {
    let sources = [
      ImageSource(name: "a", text: "FROM registry.lan:5000/b\n"),
      ImageSource(name: "b", text: "FROM alpine\nCOPY --from=registry.lan:5000/c /x /x\n"),
      ImageSource(name: "c", text: "FROM a\n"),
    ]
    #expect {
      try BuildTreeAssembler.assemble(sources, registry: "registry.lan:5000")
    } throws: { error in
      (error as? BuildTreeError)?.description
        == "a/Dockerfile:1:6: error: dependency cycle between a, b, c: a needs b (FROM at a/Dockerfile:1:6); "
        + "b needs c (COPY --from at b/Dockerfile:2:13); c needs a (FROM at c/Dockerfile:1:6); nothing is built"
    }
  }

  @Test func selfReferenceThroughTheRegistryIsACycle() {
    let sources = [ImageSource(name: "a", text: "FROM registry.lan:5000/a\n")]
    #expect(throws: BuildTreeError.self) { try BuildTreeAssembler.assemble(sources, registry: "registry.lan:5000") }
  }

  @Test func everyBrokenFileIsReported() {
    let sources = [
      ImageSource(name: "a", text: "FORM x\n"), ImageSource(name: "b", text: "FROM\n"),
      ImageSource(name: "c", text: "FROM alpine\n"),
    ]
    #expect {
      try BuildTreeAssembler.assemble(sources, registry: "r:5000")
    } throws: { error in
      (error as? BuildTreeError)?.problems.compactMap(\.location?.file) == ["a/Dockerfile", "b/Dockerfile"]
    }
  }

  @Test func onlySelectsExactlyTheNamedImages() throws {
    let tree = try BuildTreeAssembler.assemble(homeLab, registry: "registry.lan:5000")
    let selection = try tree.selection(only: ["wordpress", "php"])
    #expect(selection.images == ["php", "wordpress"])
    #expect(selection.ancestorsUsedAsBuilt == ["archlinux", "mariadb"])
    #expect(selection.graph.parents(of: "wordpress") == ["php"])
    #expect(try tree.selection(only: []).images.count == 5)
    #expect {
      try tree.selection(only: ["wordpres"])
    } throws: { error in
      (error as? BuildTreeError)?.description
        == "error: --only wordpres: no image of that name in the folder (did you mean wordpress?)"
    }
  }

  @Test func loaderReadsFoldersAndTheNameFile() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("skep-tree-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    func write(_ path: String, _ text: String) throws {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    try write("base/Dockerfile", "FROM debian\n")
    try write("git-tool/Dockerfile", "FROM 192.168.145.2:5000/base\n")
    try write("git-tool/.skep-image", "# the image name\n\ntools/git\n")
    try write("notes/README", "not an image\n")
    try write(".cache/Dockerfile", "FROM x\n")
    let tree = try BuildTreeLoader.load(directory: root.path, registry: "192.168.145.2:5000")
    #expect(tree.images.map(\.name) == ["base", "tools/git"])
    #expect(tree.images.map(\.folder) == ["base", "git-tool"])
    #expect(tree.graph.parents(of: "tools/git") == ["base"])
    #expect(tree.foldersWithoutDockerfile == ["notes"])
    try write("Bad_Name/Dockerfile", "FROM x\n")
    #expect(throws: BuildTreeError.self) { try BuildTreeLoader.load(directory: root.path, registry: "r:5000") }
  }
}
