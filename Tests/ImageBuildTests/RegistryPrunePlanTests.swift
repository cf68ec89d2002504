import Foundation
import ImageBuild
import Testing

/// A well-formed digest made of one repeated hex digit.
func d(_ digit: Character) -> String { "sha256:" + String(repeating: digit, count: 64) }

@Suite struct RegistryPrunePlanTests {
  static let registry = "192.168.145.2:5000"

  func plan(
    _ tags: [String: String], keep: Int, services: [ServiceImage] = [], repository: String = "web"
  ) -> RegistryPrunePlan.Repository? {
    RegistryPrunePlan(
      registry: Self.registry, repositories: [RegistryRepositoryTags(repository: repository, tags: tags)],
      keep: keep, services: services
    ).repositories.first
  }

  @Test func dateTagsAreRecognisedAndOrderedWithSameDaySequences() {
    let rule = DateTag()
    #expect(rule.order(of: "20261101") == DateTagOrder(fields: [2026, 11, 1, 0, 0, 0], sequence: 1))
    #expect(rule.order(of: "20261101.2")?.sequence == 2)
    for notDated in ["latest", "v1.2", "20261101.1", "20261101.x", "2026110", "202611011", "20261301", "20261100"] {
      #expect(rule.order(of: notDated) == nil, "\(notDated)")
    }
    let ordered = ["20261101.10", "20261102", "20261101", "20261101.2", "20251231.3"].sorted {
      rule.order(of: $0) ?? DateTagOrder(fields: [], sequence: 0) < rule.order(of: $1)
        ?? DateTagOrder(fields: [], sequence: 0)
    }
    #expect(ordered == ["20251231.3", "20261101", "20261101.2", "20261101.10", "20261102"])
    let hourly = DateTag(format: "%d.%m.%Y-%H%M")
    #expect(hourly.order(of: "05.01.2024-1020") == DateTagOrder(fields: [2024, 1, 5, 10, 20, 0], sequence: 1))
    #expect(hourly.order(of: "05.01.2024-1020.3")?.sequence == 3)
    #expect(hourly.order(of: "20240105") == nil)
  }

  @Test func keepsLatestAndTheNewestDateTagsAndDeletesTheRest() throws {
    let result = try #require(
      plan(
        ["latest": d("c"), "20261101": d("a"), "20261102": d("b"), "20261103": d("c")], keep: 2))
    #expect(result.kept.map(\.tag) == ["latest", "20261103", "20261102"])
    #expect(result.kept.map(\.reasons) == [[.latest], [.newest(rank: 1)], [.newest(rank: 2)]])
    #expect(result.deletions == [DigestDeletion(digest: d("a"), tags: ["20261101"])])
    #expect(result.spared.isEmpty)
  }

  @Test func latestIsNeverDeletedThroughADigestItSharesWithAnOldTag() throws {
    // The image did not change since 20261101: re-tagged, latest and the old tag share one digest.
    let result = try #require(
      plan(["latest": d("a"), "20261101": d("a"), "20261102": d("b"), "20261103": d("c")], keep: 1))
    #expect(result.kept.map(\.tag) == ["latest", "20261103"])
    #expect(result.deletions == [DigestDeletion(digest: d("b"), tags: ["20261102"])])
    #expect(result.spared == [SparedTag(tag: "20261101", digest: d("a"), sharedWith: ["latest"])])
  }

  @Test func keepZeroKeepsOnlyLatestAndDeletesEveryOtherDigest() throws {
    let result = try #require(
      plan(["latest": d("c"), "20261102": d("b"), "20261102.2": d("b"), "20261103": d("c")], keep: 0))
    #expect(result.kept.map(\.tag) == ["latest"])
    #expect(result.deletions == [DigestDeletion(digest: d("b"), tags: ["20261102.2", "20261102"])])
    #expect(result.spared == [SparedTag(tag: "20261103", digest: d("c"), sharedWith: ["latest"])])
    // A negative count reads as 0.
    #expect(plan(["latest": d("c"), "20261102": d("b")], keep: -3)?.kept.map(\.tag) == ["latest"])
  }

  @Test func sameDaySequencesCountAsNewerThanThePlainTag() throws {
    let result = try #require(
      plan(
        ["20261101": d("a"), "20261101.2": d("b"), "20261101.10": d("d"), "20261101.3": d("c")],
        keep: 2))
    #expect(result.kept.map(\.tag) == ["20261101.10", "20261101.3"])
    #expect(result.deletions.map(\.tags) == [["20261101.2"], ["20261101"]])
  }

  @Test func aRepositoryWithOnlyLatestOrNoTagsLosesNothing() throws {
    let latestOnly = try #require(plan(["latest": d("a")], keep: 0))
    #expect(latestOnly.kept.map(\.tag) == ["latest"] && latestOnly.deletions.isEmpty && latestOnly.spared.isEmpty)
    let empty = try #require(plan([:], keep: 3))
    #expect(empty.kept.isEmpty && empty.deletions.isEmpty)
  }

  @Test func tagsThatAreNotDateTagsAreKept() throws {
    let result = try #require(
      plan(["latest": d("c"), "v1.2": "sha256:x", "stable": d("a"), "20261101": d("a")], keep: 0))
    #expect(result.kept.map(\.tag) == ["latest", "stable", "v1.2"])
    #expect(result.kept.last?.reasons == [.notADateTag])
    #expect(result.deletions.isEmpty)
    #expect(result.spared == [SparedTag(tag: "20261101", digest: d("a"), sharedWith: ["stable"])])
  }

  @Test func aServiceKeepsItsTagByNameOrByPinnedDigest() throws {
    let tags = [
      "latest": d("e"), "20261101": d("a"), "20261102": d("b"), "20261103": d("c"),
      "20261104": d("d"), "20261105": d("e"),
    ]
    let services = [
      // The docker CLI pins the digest: the tag and the digest both count.
      ServiceImage(service: "web", image: "\(Self.registry)/web:20261101@\(d("a"))"),
      // Pinned by digest only: every tag on that digest is in use.
      ServiceImage(service: "worker", image: "\(Self.registry)/web@\(d("c"))"),
      // Another registry, and Docker Hub: not this registry's tags.
      ServiceImage(service: "other", image: "registry.elsewhere:5000/web:20261102"),
      ServiceImage(service: "hub", image: "web:20261102"),
      ServiceImage(service: "broken", image: "not a reference"),
    ]
    let result = try #require(plan(tags, keep: 1, services: services))
    #expect(result.kept.map(\.tag) == ["latest", "20261105", "20261103", "20261101"])
    let reasons = Dictionary(uniqueKeysWithValues: result.kept.map { ($0.tag, $0.reasons) })
    #expect(reasons["20261101"] == [.usedByService("web")])
    #expect(reasons["20261103"] == [.usedByService("worker")])
    #expect(Set(result.deletions.map(\.digest)) == [d("b"), d("d")])
  }

  @Test func aServiceWhoseTagMovedKeepsBothItsTagAndTheDigestItRuns() throws {
    // 20261101 was pushed again (now sha256:b); the service still runs the old digest sha256:a under another tag.
    let tags = ["20261101": d("b"), "20261030": d("a"), "20261102": d("c")]
    let services = [ServiceImage(service: "web", image: "\(Self.registry.uppercased())/web:20261101@\(d("a"))")]
    let result = try #require(plan(tags, keep: 0, services: services))
    #expect(result.kept.map(\.tag) == ["20261101", "20261030"])
    #expect(result.deletions == [DigestDeletion(digest: d("c"), tags: ["20261102"])])
  }

  @Test func aServiceWithoutTagRunsLatestAndRepositoriesArePlannedApart() throws {
    let plan = RegistryPrunePlan(
      registry: Self.registry,
      repositories: [
        RegistryRepositoryTags(repository: "a", tags: ["20261101": d("1"), "20261102": d("2")]),
        RegistryRepositoryTags(repository: "tools/b", tags: ["20261101": d("1"), "latest": d("9")]),
      ],
      keep: 1, services: [ServiceImage(service: "s", image: "\(Self.registry)/tools/b")])
    #expect(plan.repositories.map(\.repository) == ["a", "tools/b"])
    #expect(plan.repositories[1].kept.map(\.reasons) == [[.latest, .usedByService("s")], [.newest(rank: 1)]])
    #expect(plan.deletions.map(\.repository) == ["a"])
    #expect(plan.deletions.map(\.deletion.tags) == [["20261101"]])
  }

  @Test func reclaimableSpaceCountsBlobsOnlyDeletedManifestsUse() {
    let base = ["sha256:base": Int64(30_000_000)]
    let deleted = [
      base.merging(["sha256:old1": 1_000, "sha256:cfg1": 10]) { $1 },
      base.merging(["sha256:old1": 1_000, "sha256:old2": 500]) { $1 },
    ]
    let kept = [base.merging(["sha256:new": 2_000]) { $1 }]
    #expect(ReclaimableSpace.bytes(deleted: deleted, kept: kept) == 1_510)
    #expect(ReclaimableSpace.bytes(deleted: [], kept: kept) == 0)
  }
}
