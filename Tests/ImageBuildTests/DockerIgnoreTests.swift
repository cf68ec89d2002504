import ImageBuild
import Testing

@Suite struct DockerIgnoreTests {
  func excluded(_ rules: String, _ paths: [String]) -> [String] {
    let ignore = DockerIgnore(rules)
    return paths.filter(ignore.excludes)
  }

  @Test func singleStarStaysInOneComponent() {
    #expect(excluded("*.md", ["README.md", "docs/README.md", "md"]) == ["README.md"])
    #expect(excluded("*/*.md", ["README.md", "docs/README.md", "a/b/c.md"]) == ["docs/README.md"])
  }

  @Test func doubleStarCrossesDirectories() {
    #expect(excluded("**/*.md", ["README.md", "docs/a/README.md", "x.txt"]) == ["README.md", "docs/a/README.md"])
    #expect(excluded("a/**/b", ["a/b", "a/x/b", "a/x/y/b", "ab", "a/xb"]) == ["a/b", "a/x/b", "a/x/y/b"])
    #expect(excluded("**", ["a", "a/b/c"]) == ["a", "a/b/c"])
    #expect(excluded("foo/**", ["foo", "foo/x", "foo/x/y", "foobar"]) == ["foo/x", "foo/x/y"])
    // Docker's shortcut for a leading ** without other wildcards is "ends with".
    #expect(excluded("**foo", ["foo", "a/foo", "barfoo", "foo/x"]) == ["foo", "a/foo", "barfoo", "foo/x"])
  }

  @Test func aMatchingParentDirectoryExcludesEverythingBelow() {
    #expect(excluded("node_modules", ["node_modules/x/y.js", "src/node_modules/z"]) == ["node_modules/x/y.js"])
  }

  @Test func laterRulesWinAndExceptionsReinclude() {
    let rules = "*.log\n!important.log\n"
    #expect(excluded(rules, ["a.log", "important.log"]) == ["a.log"])
    #expect(excluded(rules + "important.log\n", ["important.log"]) == ["important.log"])
    #expect(excluded("dir\n!dir/keep.txt\n", ["dir/keep.txt", "dir/other"]) == ["dir/other"])
  }

  @Test func commentsOnlyAtTheStartOfALineAndPathsAreCleaned() {
    #expect(excluded("# secret\n", ["# secret", "secret"]).isEmpty)
    #expect(excluded(" #hash\n", ["#hash"]) == ["#hash"])
    #expect(excluded("/build\n./a//b/\n  tmp  \n\n", ["build/out", "a/b", "tmp", "a"]) == ["build/out", "a/b", "tmp"])
    #expect(excluded("x/../y\n", ["y", "x"]) == ["y"])
  }

  @Test func questionMarkClassesAndEscapes() {
    #expect(excluded("file?.txt", ["file1.txt", "file10.txt", "file/.txt"]) == ["file1.txt"])
    #expect(excluded("[a-c].txt", ["a.txt", "c.txt", "d.txt"]) == ["a.txt", "c.txt"])
    #expect(excluded("[^a].txt", ["a.txt", "b.txt"]) == ["b.txt"])
    #expect(excluded("\\*.txt", ["*.txt", "a.txt"]) == ["*.txt"])
  }

  @Test func contextKeepsTheDockerfileAndParentsOfReincludedFiles() {
    let entries: [ContextEntry] = [
      ContextEntry(path: ".dockerignore", kind: .file, mode: 0o644),
      ContextEntry(path: "Dockerfile", kind: .file, mode: 0o644),
      ContextEntry(path: "notes.txt", kind: .file, mode: 0o644),
      ContextEntry(path: "src", kind: .directory, mode: 0o755),
      ContextEntry(path: "src/main.c", kind: .file, mode: 0o644),
      ContextEntry(path: "src/other.c", kind: .file, mode: 0o644),
    ]
    let kept = BuildContext.select(entries, ignore: DockerIgnore("*\n!src/main.c\n"))
    #expect(kept.map(\.path) == [".dockerignore", "Dockerfile", "src", "src/main.c"])
  }
}
