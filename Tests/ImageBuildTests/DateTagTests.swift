import Foundation
import ImageBuild
import Testing

@Suite struct DateTagTests {
  let rule = DateTag(timeZone: TimeZone(identifier: "UTC") ?? .current)
  /// 2024-01-05 10:20:30 UTC.
  let date = Date(timeIntervalSince1970: 1_704_450_030)

  @Test func firstBuildOfTheDayGetsThePlainDate() throws {
    #expect(try rule.tag(for: date, existing: ["latest", "20240104", "20240104.2"]) == "20240105")
  }

  @Test func aSecondBuildTheSameDayGetsTheNextNumber() throws {
    #expect(try rule.tag(for: date, existing: ["latest", "20240105"]) == "20240105.2")
    #expect(try rule.tag(for: date, existing: ["20240105", "20240105.2", "20240105.7", "20240105.x"]) == "20240105.8")
    // A deleted plain tag is not reused once the day has numbers.
    #expect(try rule.tag(for: date, existing: ["20240105.3"]) == "20240105.4")
  }

  @Test func formatsAndReferences() throws {
    let hourly = DateTag(format: "%Y-%m-%d_%H%M", timeZone: TimeZone(identifier: "UTC") ?? .current)
    #expect(try hourly.render(date) == "2024-01-05_1020")
    #expect(
      rule.references(registry: "registry.lan:5000", name: "mariadb", tag: "20240105")
        == ["registry.lan:5000/mariadb:20240105", "registry.lan:5000/mariadb:latest"])
    #expect(throws: DateTagError.self) { try DateTag(format: "%Q").render(date) }
    #expect(throws: DateTagError.self) { try DateTag(format: "%Y/%m").render(date) }
  }
}
