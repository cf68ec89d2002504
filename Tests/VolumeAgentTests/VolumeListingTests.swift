import Foundation
import Testing
import VolumeAgent

/// `skep volume ls` rows from the nodes' views: the mounting node first, the lease as the store has it, orphaned
/// when the holder stopped renewing or left the swarm.
@Suite struct VolumeListingTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)

  func stamp(_ secondsAgo: Double) -> String {
    ISO8601DateFormatter().string(from: now.addingTimeInterval(-secondsAgo))
  }

  @Test func rowsMergeTheNodesViews() {
    let views = [
      NodeVolumeView(
        node: "node2", name: "db",
        status: [
          "state": "mounted", "leaseHolder": "node2", "leaseEpochInStore": "4", "leaseHeartbeat": stamp(3),
          "localBytes": "2048", "snapshotTime": stamp(600),
        ]),
      NodeVolumeView(
        node: "node1", name: "db",
        status: [
          "state": "idle", "leaseHolder": "node2", "leaseEpochInStore": "4", "leaseHeartbeat": stamp(3),
          "localBytes": "1024", "snapshotTime": stamp(5000),
        ]),
      NodeVolumeView(node: "node3", name: "cache", status: ["state": "idle", "localBytes": "10"]),
    ]
    let rows = VolumeListing.rows(views, members: ["node1", "node2", "node3"], now: now, ttl: 45)
    #expect(rows.map(\.name) == ["cache", "db"])
    let db = rows[1]
    #expect(db.node == "node2" && db.state == .mounted && db.leaseEpoch == 4 && db.localBytes == 2048)
    #expect(db.leaseAgeSeconds == 3 && db.newestSnapshotAgeSeconds == 600 && db.copies == ["node1", "node2"])
    #expect(rows[0].node == nil && rows[0].state == .idle && rows[0].newestSnapshot == nil)
  }

  @Test func aLeaseNobodyRenewsOrAHolderOutsideTheSwarmIsOrphaned() {
    let stale = NodeVolumeView(
      node: "node1", name: "db", status: ["state": "idle", "leaseHolder": "node2", "leaseHeartbeat": stamp(120)])
    #expect(VolumeListing.rows([stale], members: ["node1", "node2"], now: now, ttl: 45).first?.state == .orphaned)
    let gone = NodeVolumeView(
      node: "node1", name: "db", status: ["state": "idle", "leaseHolder": "node9", "leaseHeartbeat": stamp(1)])
    #expect(VolumeListing.rows([gone], members: ["node1", "node2"], now: now, ttl: 45).first?.state == .orphaned)
  }
}
