import ImageBuild
import Testing

@Suite struct ImageNamingTests {
  let naming = ImageNaming(registry: "registry.lan:5000", localImages: ["base", "archlinux", "tools/git"])

  @Test(arguments: [
    "base", "base:latest", "registry.lan:5000/base", "registry.lan:5000/base:latest", "REGISTRY.lan:5000/base",
  ])
  func inFolderSpellings(_ text: String) throws {
    #expect(try naming.origin(of: text) == .local("base"))
  }

  @Test func ipRegistryAndNestedNames() throws {
    let ip = ImageNaming(registry: "192.168.145.2:5000", localImages: ["tools/git"])
    #expect(try ip.origin(of: "192.168.145.2:5000/tools/git") == .local("tools/git"))
    #expect(try ip.origin(of: "tools/git:latest") == .local("tools/git"))
    #expect(try ip.origin(of: "registry.lan:5000/tools/git") != .local("tools/git"))
  }

  @Test(arguments: [
    "base:20240105", "registry.lan:5000/base:20240105", "other.lan:5000/base", "docker.io/library/base",
    "base@sha256:" + String(repeating: "a", count: 64),
  ])
  func pinnedOrForeignReferencesAreExternal(_ text: String) throws {
    guard case .external = try naming.origin(of: text) else {
      Issue.record("\(text) should be external")
      return
    }
  }

  @Test func ownNameWithoutRegistryIsTheHubImage() throws {
    #expect(try naming.origin(of: "archlinux", referrer: "archlinux") != .local("archlinux"))
    #expect(try naming.origin(of: "registry.lan:5000/archlinux", referrer: "archlinux") == .local("archlinux"))
  }

  @Test func hubNormalisation() throws {
    #expect(try ImageReference.parse("debian").normalized == "docker.io/library/debian:latest")
    #expect(try ImageReference.parse("docker.io/library/debian").normalized == "docker.io/library/debian:latest")
    #expect(try ImageReference.parse("index.docker.io/library/debian:12").normalized == "docker.io/library/debian:12")
    #expect(try ImageReference.parse("grafana/grafana").normalized == "docker.io/grafana/grafana:latest")
    #expect(naming.sameImage("debian", "docker.io/library/debian:latest"))
    #expect(naming.sameImage("base", "registry.lan:5000/base:latest"))
    #expect(!naming.sameImage("debian", "debian:12"))
  }

  @Test func portsVersusTags() throws {
    let port = try ImageReference.parse("host:5000/x")
    #expect(port.domain == "host:5000")
    #expect(port.path == "x")
    #expect(port.tag == nil)
    let tag = try ImageReference.parse("x:5000")
    #expect(tag.domain == "docker.io")
    #expect(tag.tag == "5000")
    let both = try ImageReference.parse("localhost:5000/a/b:1.2@sha256:" + String(repeating: "0", count: 64))
    #expect(both.domain == "localhost:5000")
    #expect(both.path == "a/b")
    #expect(both.tag == "1.2")
    #expect(both.digest?.hasPrefix("sha256:") == true)
    #expect(try ImageReference.parse("localhost/x").domain == "localhost")
  }

  @Test(arguments: ["", "UPPER", "a//b", "x:", "x@sha256:abc", "a b", "-x", "host:port/x"])
  func invalidReferences(_ text: String) {
    #expect(throws: ImageReferenceError.self) { try ImageReference.parse(text) }
  }
}
