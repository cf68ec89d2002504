import Foundation
import Testing
import VolumeAgent
import VolumeDriver

/// `/Skep.SnapshotNow` (what `skep backup run` asks for driver volumes): a snapshot under the node's lease, tagged
/// with its epoch, refused on a node that does not hold the lease.
@Suite(.enabled(if: resticInstalled, "needs /usr/bin/restic")) struct SnapshotNowTests {
  @Test func theHolderSnapshotsUnderItsEpochAndOtherNodesRefuse() async throws {
    try await ResticRepositoryFixture.with { fixture in
      let node1 = try makeAgent("node1", in: fixture)
      let node2 = try makeAgent("node2", in: fixture)
      try await whileRunning([node1, node2]) {
        try await node1.create(VolumeCreateRequest(name: "db"))
        let data = try await node1.mount(VolumeMountRequest(name: "db", id: "c1"))
        try Data("row 1\n".utf8).write(to: URL(fileURLWithPath: "\(data)/table"))
        let taken = try await node1.snapshotNow(VolumeNameRequest(name: "db"))
        #expect(taken.epoch == 1 && taken.filesNew == 1)
        let listed = try await fixture.snapshots(tag: "volume=db,epoch=1")
        #expect(listed.map(\.id) == [taken.id])
        #expect(await node1.records["db"]?.base?.id == taken.id, "the record knows its newest snapshot")

        try await node2.create(VolumeCreateRequest(name: "db"))
        let error = await #expect(throws: VolumeDriverError.self) {
          _ = try await node2.snapshotNow(VolumeNameRequest(name: "db"))
        }
        #expect(error?.message == "volume db is not held on node2")
        #expect(try await fixture.snapshots(tag: "volume=db").count == 1, "no snapshot from node2")
      }
    }
  }
}
