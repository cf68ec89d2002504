import Foundation
import ImageBuild
import Testing

@Suite struct BuildStateFileTests {
  @Test func recordKeepsTheLastDurationsAndRoundTrips() throws {
    var state = BuildStateFile()
    for (index, duration) in [10.0, 20, 30, 40, 50, 60].enumerated() {
      state.record(
        image: "mariadb", duration: duration, key: "sha256:k\(index)", tag: "20240105", digest: "sha256:d",
        at: Date(timeIntervalSince1970: 1_704_450_030 + Double(index)))
    }
    #expect(state.history["mariadb"] == [20, 30, 40, 50, 60])
    #expect(state.images["mariadb"]?.lastKey == "sha256:k5")
    let decoded = try BuildStateFile.decode(try state.encoded())
    #expect(decoded == state)
    #expect(String(decoding: try state.encoded(), as: UTF8.self).contains("\"lastBuilt\" : \"2024-01-05T10:20:35Z\""))
  }

  @Test func mergeKeepsTheLaterBuildPerImage() {
    var ours = BuildStateFile()
    var theirs = BuildStateFile()
    ours.record(image: "a", duration: 1, key: "old", tag: nil, digest: nil, at: Date(timeIntervalSince1970: 100))
    theirs.record(image: "a", duration: 2, key: "new", tag: nil, digest: nil, at: Date(timeIntervalSince1970: 200))
    theirs.record(image: "b", duration: 3, key: "b", tag: nil, digest: nil, at: Date(timeIntervalSince1970: 50))
    let merged = ours.merging(theirs)
    #expect(merged.images["a"]?.lastKey == "new")
    #expect(merged.images["b"]?.lastKey == "b")
    #expect(theirs.merging(ours).images["a"]?.lastKey == "new")
  }

  @Test func aNewerVersionIsRefused() {
    #expect(throws: DockerfileError.self) { try BuildStateFile.decode(Data("{\"version\":2,\"images\":{}}".utf8)) }
  }
}
