import SkepConfig
import Testing

@Suite struct BuildSectionTests {
  /// `oneNode` plus a build section starting on line 6 (`build:`), its keys on line 7 onwards at column 3.
  static func inventory(_ lines: String...) -> String {
    oneNode + "build:\n" + lines.map { "  " + $0 + "\n" }.joined()
  }

  @Test func tagFormatAndTimeZoneAreRead() throws {
    let build = try #require(
      try InventoryLoader.parse(Self.inventory("tag_format: \"%Y%m%d-%H%M\"", "time_zone: Europe/Paris"), file: "s.yml")
        .build)
    #expect(build.tagFormat == "%Y%m%d-%H%M" && build.timeZone == "Europe/Paris")
    #expect(try InventoryLoader.parse(oneNode, file: "s.yml").build == nil)
  }

  @Test(arguments: [
    ("tag_format: \"%Y/%m\"", "s.yml:7:15", "'/' is not allowed"),
    ("tag_format: \"%y%m\"", "s.yml:7:15", "may only use %Y %m %d %H %M %S"),
    ("tag_format: \"-%Y\"", "s.yml:7:15", "must not start with '-'"),
    ("time_zone: Mars/Olympus", "s.yml:7:14", "time zone name"),
    ("tag: x", "s.yml:7:3", "unknown key 'tag'"),
  ])
  func badValuesSayWhere(line: String, location: String, phrase: String) throws {
    #expect {
      try InventoryLoader.parse(Self.inventory(line), file: "s.yml")
    } throws: { error in
      let text = "\(error)"
      return text.contains(location) && text.contains(phrase)
    }
  }
}
