import Backup
import DockerEngine
import Foundation

/// `skep restore --dump SERVICE`: the latest (or given) dump of a service loaded into its running database.
///
/// Steps: the service's one running task and its container (on that node's engine), the database kind and
/// credentials from the container, the dump snapshot (`kind=dump,service=SERVICE`), a one-task job that writes the
/// dump file into the container's volume, the database's own client reading it (exec), and the file always removed.
struct RestoreDumpRunner {
  var context: BackupContext
  var image: String
  var service: String
  var snapshot: String
  var timeout: Int

  func run() async throws -> RestoreDumpReport {
    let (node, containerID) = try await runningTask()
    let engine = try context.engines.client(node)
    let inspect = try await engine.inspectContainer(containerID)
    let name = String((inspect.name ?? containerID).drop { $0 == "/" })
    let user = VolumeUser(
      id: inspect.id, name: name, image: inspect.config?.image ?? "", labels: inspect.config?.labels ?? [:],
      state: inspect.state?.status ?? "unknown", environment: inspect.config?.env ?? [])
    guard let kind = DatabaseDetector.detect(user) else {
      throw CommandFailure(
        "container \(name) of \(service) runs no database skep knows (image \(user.image); label skep.backup.db)",
        exitCode: .invalidInput)
    }
    let secretID = try await context.requirePasswordSecret()
    let chosen = try await chooseDump(secretID: secretID)
    let volumes = (inspect.mounts ?? []).filter { $0.type == "volume" && $0.name != nil && $0.destination != nil }
    guard
      let mount = volumes.first(where: { $0.name == chosen.skepTags.volume }) ?? volumes.first,
      let volume = mount.name, let destination = mount.destination
    else {
      throw CommandFailure("container \(name) has no volume to pass the dump through", exitCode: .invalidInput)
    }
    let fileName = ".skep-load-\(UUID().uuidString.prefix(8).lowercased()).sql"
    let inside = destination + "/" + fileName
    let load: LoadCommand
    do {
      load = try LoadCommand.make(for: user, kind: kind, file: inside)
    } catch {
      throw CommandFailure("\(error)", exitCode: .invalidInput)
    }
    printError("loading dump \(chosen.shortID) into \(name) on \(node)…")
    let bytes = try await transfer(
      chosen, kind: kind, node: node, volume: volume, fileName: fileName, secretID: secretID)
    let result: ExecResult
    do {
      result = try await engine.exec(
        containerID, command: load.arguments, options: ExecOptions(env: load.execEnvironment, user: "0"))
    } catch {
      await removeFile(inside, in: containerID, engine: engine)
      throw error
    }
    await removeFile(inside, in: containerID, engine: engine)
    guard result.exitCode == 0 else {
      let last = result.stderr.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
      throw CommandFailure(
        "loading dump \(chosen.shortID) into \(name) failed (exit \(result.exitCode)): \(last)")
    }
    return RestoreDumpReport(
      service: service, node: node, container: name, snapshot: chosen.id, shortID: chosen.shortID,
      snapshotTime: BackupLsRow.timeText(chosen.time), bytes: bytes)
  }

  /// The node and container of the service's only running task.
  func runningTask() async throws -> (node: String, container: String) {
    let found: Service
    do {
      found = try await context.manager.service(service)
    } catch {
      throw CommandFailure("no swarm service \(service): \(error)", exitCode: .invalidInput)
    }
    let tasks = try await context.manager.tasks(filters: ["service": [found.id], "desired-state": ["running"]])
      .filter { $0.serviceID == found.id && $0.status.state == "running" }
    guard tasks.count == 1, let task = tasks.first, let nodeID = task.nodeID,
      let container = task.status.containerStatus?.containerID
    else {
      throw CommandFailure(
        "service \(service) has \(tasks.count) running tasks: a dump is loaded into exactly one database",
        exitCode: .invalidInput)
    }
    let node = try await context.manager.node(nodeID)
    return (node.description?.hostname ?? nodeID, container)
  }

  func chooseDump(secretID: String) async throws -> Snapshot {
    let listed = try await context.restic(
      ["snapshots", "--json", "--tag", RestorePlan.dumpFilter(service: service)], image: image, secretID: secretID)
    guard listed.succeeded else {
      throw CommandFailure("restic snapshots on \(context.repository) failed: \(ResticJobText.reason(listed))")
    }
    do {
      return try RestorePlan.dumpSnapshot(
        snapshot, service: service, among: try SnapshotListing.parse(listed.logs.stdoutLines))
    } catch let refusal as RestorePlan.DumpRefusal {
      throw CommandFailure(refusal.description, exitCode: .invalidInput)
    }
  }

  /// Writes the dump into the volume on `node`; returns its size.
  func transfer(
    _ chosen: Snapshot, kind: DatabaseKind, node: String, volume: String, fileName: String, secretID: String
  )
    async throws -> Int64
  {
    let name = SwarmJobSpec.uniqueName(prefix: "skep-restore-dump")
    let job = DumpTransferJob.spec(
      name: name, image: image, repository: context.repository, repositoryKind: context.repositoryKind, node: node,
      snapshotID: chosen.id, snapshotFile: RestorePlan.dumpFilename(chosen, kind: kind), fileName: fileName)
    let result = try await SwarmJob(manager: context.manager, timeout: .seconds(timeout), logger: context.logger)
      .run(service: RestoreJob.serviceSpec(job, volume: volume, secretID: secretID), name: name, node: node)
    guard result.succeeded, let written = RestoreJobOutput.parse(result.logs.stdoutLines) else {
      throw CommandFailure("restic dump \(chosen.shortID) failed: \(ResticJobText.reason(result))")
    }
    return written.bytes ?? 0
  }

  func removeFile(_ path: String, in container: String, engine: DockerClient) async {
    let removed = try? await engine.exec(container, command: ["rm", "-f", path], options: ExecOptions(user: "0"))
    if removed?.exitCode != 0 {
      printError("warning: could not remove \(path) in \(container): remove it by hand, it holds the dump")
    }
  }
}

/// What `skep restore --dump` did (`--json`).
struct RestoreDumpReport: Encodable {
  var service: String
  var node: String
  var container: String
  var snapshot: String
  var shortID: String
  var snapshotTime: String
  var bytes: Int64

  var text: String {
    "loaded dump \(shortID) (\(snapshotTime)) of \(service) into \(container) on \(node): \(bytes) bytes"
  }
}
