import DockerEngine
import Foundation

/// Reads what ``CleanPlan`` needs from Docker engines: every container, dangling images and volumes of a node
/// (through that node's own endpoint), and skep job services with their tasks (through a manager).
public struct CleanObserver: Sendable {
  /// Creates an observer.
  public init() {}

  /// One node's inventory. Stopped containers' last use is read now, before anything is removed.
  public func node(_ name: String, client: DockerClient, now: Date = Date()) async throws -> CleanInventory.Node {
    let containers = try await client.containers(all: true)
    let images = try await client.images(filters: ["dangling": ["true"]])
    let volumes = try await client.volumes()
    var stops: [String: Date] = [:]
    for summary in containers where summary.state == "exited" {
      // The exact stop; when inspect fails (the container just went), the list's text bounds it.
      if let text = try? await client.inspectContainer(summary.id).state?.finishedAt, let date = Self.finished(text) {
        stops[summary.id] = date
      }
    }
    return CleanInventory.Node(
      name: name, containers: containers.map { Self.container($0, finishedAt: stops[$0.id], now: now) },
      danglingImages: images.map(\.id),
      volumes: volumes.map(Self.volume),
      imageLabels: Dictionary(
        images.compactMap { image in image.labels.map { (image.id, $0) } }, uniquingKeysWith: { first, _ in first }))
  }

  /// Services labelled `skep.job`, each with its tasks' states.
  public func jobs(manager: DockerClient) async throws -> [CleanInventory.JobService] {
    let services = try await manager.services(filters: ["label": [SwarmJobSpec.jobLabel]])
    var jobs: [CleanInventory.JobService] = []
    for service in services {
      let tasks = try await manager.tasks(filters: ["service": [service.id]])
      jobs.append(
        CleanInventory.JobService(
          id: service.id, name: service.spec.name, createdAt: service.createdAt.flatMap(ResticJSON.parseDate),
          taskStates: tasks.map(\.status.state), labels: service.spec.labels ?? [:]))
    }
    return jobs
  }

  /// Inspect's `State.FinishedAt`, nil for Docker's zero time (`0001-01-01T00:00:00Z`) or text it cannot read.
  static func finished(_ text: String) -> Date? {
    guard !text.hasPrefix("0001-01-01"), let date = ResticJSON.parseDate(text) else { return nil }
    return date
  }

  static func container(_ summary: ContainerSummary, finishedAt: Date? = nil, now: Date) -> CleanInventory.Container {
    let state = summary.state ?? "unknown"
    let lastUse: CleanInventory.LastUse
    switch state {
    case "created": lastUse = .never
    case "exited":
      let status = summary.status ?? ""
      lastUse =
        (finishedAt ?? ExitedStatusText.stoppedNoLaterThan(status, now: now)).map(CleanInventory.LastUse.finished)
        ?? .unknown("unreadable status \"\(status)\"")
    case "dead": lastUse = .unknown("dead container")
    default: lastUse = .finished(now)
    }
    let name = summary.names?.first.map { String($0.drop { $0 == "/" }) } ?? String(summary.id.prefix(12))
    let volumes = (summary.mounts ?? []).filter { $0.type == "volume" }.compactMap(\.name)
    return CleanInventory.Container(
      id: summary.id, name: name, state: state, labels: summary.labels ?? [:], image: summary.image ?? "",
      volumes: volumes, lastUse: lastUse)
  }

  static func volume(_ volume: Volume) -> CleanInventory.Volume {
    CleanInventory.Volume(
      name: volume.name, driver: volume.driver ?? "local", labels: volume.labels ?? [:],
      createdAt: volume.createdAt.flatMap(ResticJSON.parseDate))
  }
}
