import Sandbox
import Testing

@Suite struct SandboxAptSourcesTests {
  @Test func oneLineFormatSkipsSourcesAndOptions() {
    let text = """
      # comment
      deb-src http://src.example/debian bookworm main
      deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://mirror.example/debian bookworm main contrib
      deb http://security.example/debian-security bookworm-security main # trailing
      """
    let sources = AptSources.parseOneLine(text)
    #expect(
      sources == [
        AptSource(uri: "http://mirror.example/debian", suites: ["bookworm"], components: ["main", "contrib"]),
        AptSource(uri: "http://security.example/debian-security", suites: ["bookworm-security"], components: ["main"]),
      ])
    #expect(AptSources.mirror(for: "bookworm", in: sources) == "http://mirror.example/debian")
  }

  @Test func deb822FormatWithSeveralParagraphs() {
    let text = """
      Types: deb
      # http://snapshot.example/archive/debian/20250520T000000Z
      URIs: http://mirror.example/debian
      Suites: bookworm bookworm-updates
      Components: main
      Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

      Types: deb
      URIs: http://mirror.example/debian-security
      Suites: bookworm-security
      Components: main

      Types: deb deb-src
      Enabled: no
      URIs: http://disabled.example/debian
      Suites: bookworm
      Components: main
      """
    let sources = AptSources.parseDeb822(text)
    #expect(sources.count == 2)
    #expect(sources.first?.suites == ["bookworm", "bookworm-updates"])
    #expect(AptSources.mirror(for: "bookworm", in: sources) == "http://mirror.example/debian")
  }

  @Test func mirrorFallsBackToAPlainSuiteButNeverSecurity() {
    let sources = [
      AptSource(uri: "http://security.example/debian-security", suites: ["trixie-security"], components: ["main"]),
      AptSource(uri: "http://mirror.example/debian", suites: ["trixie"], components: ["main"]),
    ]
    #expect(AptSources.mirror(for: "bookworm", in: sources) == "http://mirror.example/debian")
    #expect(AptSources.mirror(for: "bookworm", in: [sources[0]]) == nil)
  }
}
