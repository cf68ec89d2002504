import Backup
import Foundation
import Testing

@Suite struct CleanPlanTests {
  let now = Date(timeIntervalSince1970: 1_800_000_000)
  func at(_ minutesAgo: Double) -> Date { now.addingTimeInterval(-minutesAgo * 60) }

  func volume(_ name: String, createdMinutesAgo: Double = 600, labels: [String: String] = [:], driver: String = "local")
    -> CleanInventory.Volume
  {
    CleanInventory.Volume(name: name, driver: driver, labels: labels, createdAt: at(createdMinutesAgo))
  }

  func stopped(_ name: String, volumes: [String] = [], finishedMinutesAgo: Double? = 60, state: String = "exited")
    -> CleanInventory.Container
  {
    CleanInventory.Container(
      id: "id-\(name)", name: name, state: state, image: "debian", volumes: volumes,
      lastUse: finishedMinutesAgo.map { .finished(at($0)) } ?? .never)
  }

  func snapshot(_ volume: String, minutesAgo: Double, node: String? = "n1") -> ProtectingSnapshot {
    ProtectingSnapshot(volume: volume, node: node, time: at(minutesAgo), shortID: "s-\(volume)")
  }

  func plan(_ node: CleanInventory.Node, _ snapshots: [ProtectingSnapshot] = [], jobs: [CleanInventory.JobService] = [])
    -> [CleanAction]
  {
    var plan = CleanPlan(inventory: CleanInventory(nodes: [node], jobs: jobs), snapshots: .read(snapshots), now: now)
    // Every volume the last-use rule allows is found unchanged since its snapshot (CleanContentCheckTests covers
    // the other answers).
    plan.contentChecks = Dictionary(uniqueKeysWithValues: plan.volumesToVerify().map { ($0.key, Bool?.some(false)) })
    return plan.actions()
  }

  func decision(_ actions: [CleanAction], _ kind: CleanAction.Kind, _ name: String) -> CleanAction? {
    actions.first { $0.kind == kind && $0.name == name }
  }

  @Test func unusedVolumeWithoutSnapshotIsKept() {
    let actions = plan(CleanInventory.Node(name: "n1", volumes: [volume("data")]))
    #expect(actions.count == 1)
    #expect(decision(actions, .volume, "data")?.decision == .keep)
    #expect(decision(actions, .volume, "data")?.reason == "no snapshot")
  }

  @Test func snapshotNewerThanCreationRemovesAnUnusedVolume() {
    let node = CleanInventory.Node(name: "n1", volumes: [volume("data", createdMinutesAgo: 100)])
    let action = decision(plan(node, [snapshot("data", minutesAgo: 50)]), .volume, "data")
    #expect(action?.decision == .remove)
    #expect(action?.reason.contains("s-data") == true)
  }

  @Test func snapshotOlderThanLastUseKeepsTheVolume() {
    // Created long ago, snapshot 50 min ago, but a container used it until 10 min ago.
    let node = CleanInventory.Node(
      name: "n1", containers: [stopped("app", volumes: ["data"], finishedMinutesAgo: 10)], volumes: [volume("data")])
    let actions = plan(node, [snapshot("data", minutesAgo: 50)])
    #expect(decision(actions, .volume, "data")?.decision == .keep)
    #expect(decision(actions, .volume, "data")?.reason.contains("older than its last use") == true)
    // The container holds the last use on record: it is kept too, so the next run still knows.
    #expect(decision(actions, .container, "app")?.decision == .keep)
    #expect(decision(actions, .container, "app")?.reason.contains("data") == true)
  }

  @Test func theLatestStopOfAnyContainerCounts() {
    let node = CleanInventory.Node(
      name: "n1",
      containers: [
        stopped("old", volumes: ["data"], finishedMinutesAgo: 90),
        stopped("recent", volumes: ["data"], finishedMinutesAgo: 20),
      ], volumes: [volume("data")])
    #expect(decision(plan(node, [snapshot("data", minutesAgo: 30)]), .volume, "data")?.decision == .keep)
    let protected = plan(node, [snapshot("data", minutesAgo: 30), snapshot("data", minutesAgo: 5)])
    #expect(decision(protected, .volume, "data")?.decision == .remove)
    #expect(decision(protected, .container, "old")?.decision == .remove)
    #expect(decision(protected, .container, "recent")?.decision == .remove)
  }

  @Test func aSnapshotFromAnotherNodeOrWithoutNodeProtectsNothing() {
    let node = CleanInventory.Node(name: "n1", volumes: [volume("data")])
    #expect(decision(plan(node, [snapshot("data", minutesAgo: 1, node: "n2")]), .volume, "data")?.decision == .keep)
    #expect(decision(plan(node, [snapshot("data", minutesAgo: 1, node: nil)]), .volume, "data")?.decision == .keep)
    #expect(decision(plan(node, [snapshot("other", minutesAgo: 1)]), .volume, "data")?.decision == .keep)
  }

  @Test func optedOutAndNonLocalVolumesAreNeverRemoved() {
    let node = CleanInventory.Node(
      name: "n1", containers: [stopped("app", volumes: ["scratch"])],
      volumes: [volume("scratch", labels: ["skep.backup": "false"]), volume("nfs", driver: "nfs")])
    let actions = plan(node, [snapshot("scratch", minutesAgo: 1), snapshot("nfs", minutesAgo: 1)])
    #expect(decision(actions, .volume, "scratch")?.decision == .keep)
    #expect(decision(actions, .volume, "scratch")?.reason.contains("skep.backup=false") == true)
    #expect(decision(actions, .volume, "nfs")?.decision == .keep)
    // Nothing would ever remove the opted-out volume, so its container need not keep a record.
    #expect(decision(actions, .container, "app")?.decision == .remove)
  }

  @Test func unreadableRepositoryKeepsEveryVolumeButStillCleansTheRest() {
    let node = CleanInventory.Node(
      name: "n1", containers: [stopped("app", volumes: ["data"]), stopped("lone")], danglingImages: ["sha256:abc"],
      volumes: [volume("data"), volume("free")])
    let actions = CleanPlan(
      inventory: CleanInventory(nodes: [node]), snapshots: .unreadable("wrong password"), now: now
    ).actions()
    #expect(decision(actions, .volume, "free")?.decision == .keep)
    #expect(decision(actions, .volume, "free")?.reason.contains("wrong password") == true)
    #expect(decision(actions, .volume, "data")?.decision == .keep)
    #expect(decision(actions, .container, "app")?.decision == .keep)
    #expect(decision(actions, .container, "lone")?.decision == .remove)
    #expect(decision(actions, .image, "abc")?.decision == .remove)
  }

  @Test func unknownLastUseKeepsTheVolumeAndItsContainer() {
    var container = stopped("app", volumes: ["data"])
    container.lastUse = .unknown("unreadable status")
    let node = CleanInventory.Node(name: "n1", containers: [container], volumes: [volume("data")])
    let actions = plan(node, [snapshot("data", minutesAgo: 1)])
    #expect(decision(actions, .volume, "data")?.decision == .keep)
    #expect(decision(actions, .volume, "data")?.reason.contains("last use unknown") == true)
    #expect(decision(actions, .container, "app")?.decision == .keep)
  }

  @Test func volumesInUseAndRunningOrServiceContainersAreNotTouched() {
    var running = stopped("web", volumes: ["data"], state: "running")
    running.lastUse = .finished(now)
    var task = stopped("svc.1.x")
    task.labels = ["com.docker.swarm.service.id": "s1"]
    let node = CleanInventory.Node(
      name: "n1", containers: [running, task, stopped("old", volumes: ["data"])], volumes: [volume("data")])
    let actions = plan(node)
    #expect(decision(actions, .volume, "data") == nil)
    #expect(decision(actions, .container, "web") == nil)
    #expect(decision(actions, .container, "svc.1.x") == nil)
    // A running container keeps the volume in use; the stopped one holds no needed record.
    #expect(decision(actions, .container, "old")?.decision == .remove)
  }

  @Test func createdAndDeadContainersAreStoppedContainers() {
    let node = CleanInventory.Node(
      name: "n1",
      containers: [stopped("new", finishedMinutesAgo: nil, state: "created"), stopped("gone", state: "dead")])
    let actions = plan(node)
    #expect(decision(actions, .container, "new")?.decision == .remove)
    #expect(decision(actions, .container, "gone")?.decision == .remove)
  }

  @Test func aCreatedContainerDoesNotMoveLastUse() {
    let node = CleanInventory.Node(
      name: "n1", containers: [stopped("new", volumes: ["data"], finishedMinutesAgo: nil, state: "created")],
      volumes: [volume("data", createdMinutesAgo: 100)])
    let actions = plan(node, [snapshot("data", minutesAgo: 50)])
    #expect(decision(actions, .volume, "data")?.decision == .remove)
    #expect(decision(actions, .container, "new")?.decision == .remove)
  }

  @Test func danglingImageUsedByAKeptContainerIsKept() {
    var user = stopped("app", volumes: ["data"])
    user.image = "sha256:0123456789abcdef"
    var running = stopped("web", state: "running")
    running.image = "fedcba9876543210"
    let node = CleanInventory.Node(
      name: "n1", containers: [user, running],
      danglingImages: ["sha256:0123456789abcdef", "sha256:fedcba9876543210ff", "sha256:aaaa"],
      volumes: [volume("data")])
    let actions = plan(node)
    #expect(decision(actions, .image, "0123456789ab")?.decision == .keep)
    #expect(decision(actions, .image, "fedcba987654")?.reason == "used by container web")
    #expect(decision(actions, .image, "aaaa")?.decision == .remove)
  }

  @Test func jobsAreRemovedOnlyWhenOldAndEveryTaskEnded() {
    func job(_ name: String, minutesAgo: Double, _ states: [String]) -> CleanInventory.JobService {
      CleanInventory.JobService(id: "id-\(name)", name: name, createdAt: at(minutesAgo), taskStates: states)
    }
    let jobs = [
      job("done", minutesAgo: 30, ["complete", "failed", "shutdown"]),
      job("young", minutesAgo: 1, ["complete"]),
      job("busy", minutesAgo: 30, ["complete", "running"]),
      job("empty", minutesAgo: 30, []),
    ]
    let actions = plan(CleanInventory.Node(name: "n1"), jobs: jobs)
    #expect(decision(actions, .job, "done")?.decision == .remove)
    #expect(decision(actions, .job, "done")?.node == CleanPlan.swarmNode)
    #expect(decision(actions, .job, "young")?.decision == .keep)
    #expect(decision(actions, .job, "busy")?.reason == "a task is still running")
    #expect(decision(actions, .job, "empty")?.decision == .keep)
  }

  @Test func actionsAreOrderedByNodeThenKind() {
    let one = CleanInventory.Node(name: "b", containers: [stopped("c")], danglingImages: ["sha256:i"])
    let two = CleanInventory.Node(name: "a", volumes: [volume("v")])
    let actions = CleanPlan(inventory: CleanInventory(nodes: [one, two]), snapshots: .read([]), now: now).actions()
    #expect(actions.map { "\($0.node)/\($0.kind.rawValue)" } == ["a/volume", "b/container", "b/image"])
  }

  @Test func exitedStatusTextGivesAnUpperBoundOfTheStop() {
    let bound = { (text: String) in ExitedStatusText.stoppedNoLaterThan(text, now: now) }
    #expect(bound("Exited (0) 5 minutes ago") == at(5))
    #expect(bound("Exited (137) About an hour ago") == at(60))
    #expect(bound("Exited (1) 2 days ago") == at(2 * 1440))
    #expect(bound("Exited (0) Less than a second ago") == now)
    #expect(bound("Exited (0) 1 second ago") == now.addingTimeInterval(-1))
    #expect(bound("Up 3 hours") == nil)
    #expect(bound("Exited (0) sometime ago") == nil)
  }
}

extension CleanPlanTests {
  @Test func aProtectedVolumeMountedByAContainerKeptForAnotherVolumeIsKept() {
    let node = CleanInventory.Node(
      name: "n1", containers: [stopped("app", volumes: ["a", "b"], finishedMinutesAgo: 60)],
      volumes: [volume("a"), volume("b")])
    let actions = plan(node, [snapshot("b", minutesAgo: 5)])
    #expect(decision(actions, .container, "app")?.decision == .keep)
    #expect(decision(actions, .volume, "a")?.reason == "no snapshot")
    #expect(decision(actions, .volume, "b")?.decision == .keep)
    #expect(decision(actions, .volume, "b")?.reason == "mounted by kept container app")
  }
}

extension CleanPlanTests {
  @Test func aLabelScopeLimitsWhatIsConsideredButNotWhoUsesAVolume() {
    let mine = ["test": "x"]
    var other = stopped("other", volumes: ["data"], finishedMinutesAgo: 5)
    other.labels = [:]
    var own = stopped("own")
    own.labels = mine
    let node = CleanInventory.Node(
      name: "n1", containers: [other, own], danglingImages: ["sha256:aaaa", "sha256:bbbb"],
      volumes: [volume("data", labels: mine), volume("theirs")], imageLabels: ["sha256:bbbb": mine])
    let actions = CleanPlan(
      inventory: CleanInventory(nodes: [node]), snapshots: .read([snapshot("data", minutesAgo: 30)]), now: now,
      scope: CleanScope("test=x")
    ).actions()
    #expect(actions.map(\.name).sorted() == ["bbbb", "data", "own"])
    #expect(decision(actions, .container, "own")?.decision == .remove)
    // The unlabelled container used "data" after its snapshot: the volume stays.
    #expect(decision(actions, .volume, "data")?.decision == .keep)
    #expect(CleanScope("novalue") == nil)
    #expect(CleanScope("k=") == CleanScope("k="))
  }
}
