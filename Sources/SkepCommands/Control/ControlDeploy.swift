import ArgumentParser
import Backup
import ControlService
import DockerEngine
import Foundation
import SkepConfig
import VolumeAgent

/// `skep control deploy`: the skep-control service, from the `schedule:` and `control:` sections.
struct ControlDeploy: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deploy",
    abstract: "Run the scheduler, history, dashboard and notifications as the skep-control service.",
    discussion: """
      One replica on a manager. The inventory, the dashboard password and the notification credentials become \
      swarm secrets (never part of the service spec); the history lives on the volume skep-control-history, which \
      the skep volume driver moves with the service when skep-agent runs (otherwise it stays on the manager that \
      first ran it). The dashboard is published in host mode on the manager running the service: skep control url \
      says where. Without control.password_file a password is generated into .skep-control-password beside \
      skep.yml. A rerun with the same settings changes nothing.
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  @Option(help: "The skep image (default: REGISTRY/skep:latest).")
  var image: String?

  @Option(help: "Seconds to wait for the service's task to run.")
  var timeout = 180

  func run() async throws {
    let context = try await BackupContext.load(global: global)
    let inventory = context.inventory
    guard let schedule = inventory.schedule else {
      throw CommandFailure(
        "\(inventory.file) has no schedule: section: add the jobs skep-control should run (docs/control.md)",
        exitCode: .invalidInput)
    }
    for job in schedule.jobs where job.enabled {
      if let refusal = ControlJobRunner.refusal(job.name) {
        throw CommandFailure(
          "\(job.location): schedule.jobs.\(job.name): \(refusal); remove it or set enabled: false",
          exitCode: .invalidInput)
      }
    }
    let image = try context.image(image)
    _ = try await context.requirePasswordSecret()
    let manager = context.manager
    var secrets: [ControlDeployment.AttachedSecret] = []
    let inventoryText = try Self.read(inventory.file, what: "the inventory")
    secrets.append(try await Self.secret(.inventory, data: inventoryText, manager: manager))
    let passwordFile = ControlAccess.passwordFile(for: inventory)
    let generated = try Self.passwordData(file: passwordFile, configured: inventory.control?.passwordFile != nil)
    secrets.append(try await Self.secret(.password, data: generated.data, manager: manager))
    if let file = inventory.control?.notify.mail?.passwordFile {
      secrets.append(
        try await Self.secret(.smtpPassword, data: try Self.read(file, what: "the SMTP password"), manager: manager))
    }
    if let file = inventory.control?.notify.webhook?.tokenFile {
      secrets.append(
        try await Self.secret(.webhookToken, data: try Self.read(file, what: "the webhook token"), manager: manager))
    }
    let agents = try await manager.services(filters: ["name": [AgentDeployment.serviceName]])
    let driver = agents.contains { $0.spec.name == AgentDeployment.serviceName } ? "skep" : nil
    if driver == nil {
      printError(
        "warning: skep-agent is not deployed: the history stays on the manager that first runs skep-control "
          + "(run skep agent deploy, then this again, to make it follow the service)")
    }
    let deployment = ControlDeployment(
      image: image, port: inventory.control?.port ?? ControlDeployment.defaultPort,
      clusterName: ControlDeployment.clusterName(inventoryFile: inventory.file),
      dockerSocketSource: BackupJobs.dockerSocketSource(nodes: inventory.nodes), historyDriver: driver,
      secrets: secrets)
    let spec = try deployment.labelledServiceSpec()
    let existing = try await manager.services(filters: ["name": [ControlDeployment.serviceName]]).first {
      $0.spec.name == ControlDeployment.serviceName
    }
    let action: String
    if let existing {
      if existing.spec.labels?[ControlDeployment.specLabel] == spec.labels?[ControlDeployment.specLabel] {
        action = "unchanged"
      } else {
        try await manager.updateService(existing.id, version: existing.version.index, spec: spec)
        action = "updated"
      }
    } else {
      _ = try await manager.createService(spec)
      action = "created"
    }
    try await Self.removeUnusedSecrets(keeping: Set(secrets.map(\.id)), manager: manager)
    let access = try await Self.waitForTask(manager: manager, inventory: inventory, timeout: timeout)
    let report = ControlDeployReport(
      service: ControlDeployment.serviceName, action: action, image: image, node: access.node, url: access.url,
      passwordFile: passwordFile, passwordGenerated: generated.created, historyDriver: driver ?? "local",
      jobs: schedule.jobs.filter(\.enabled).map(\.name.rawValue))
    if output.json {
      try JSONOutput.print(report)
    } else {
      print("\(report.service) \(action == "unchanged" ? "already running as asked" : action) on \(report.node)")
      print(
        "dashboard: \(report.url) (password in \(report.passwordFile)\(generated.created ? ", generated now" : ""))")
      print("jobs: \(report.jobs.joined(separator: ", ")); history on a \(report.historyDriver) volume")
    }
  }

  static func read(_ file: String, what: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw CommandFailure("cannot read \(what) from \(file)", exitCode: .invalidInput)
    }
    return data
  }

  /// The dashboard password: the configured file's, else the generated file's, else a new one written there.
  static func passwordData(file: String, configured: Bool) throws -> (data: Data, created: Bool) {
    if let data = FileManager.default.contents(atPath: file) {
      guard !String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw CommandFailure("the dashboard password file \(file) is empty", exitCode: .invalidInput)
      }
      return (data, false)
    }
    if configured {
      throw CommandFailure(
        "cannot read the dashboard password from \(file) (control.password_file)", exitCode: .invalidInput)
    }
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    let password = String((0..<24).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    let data = Data((password + "\n").utf8)
    guard FileManager.default.createFile(atPath: file, contents: data, attributes: [.posixPermissions: 0o600]) else {
      throw CommandFailure("cannot write the generated dashboard password to \(file)")
    }
    return (data, true)
  }

  /// The secret holding `data` for `role`, created unless a secret of the same content exists.
  static func secret(_ role: ControlDeployment.SecretRole, data: Data, manager: DockerClient) async throws
    -> ControlDeployment.AttachedSecret
  {
    let name = ControlDeployment.secretName(role, data: data)
    if let found = try await manager.secrets(filters: ["name": [name]]).first(where: { $0.spec.name == name }) {
      return .init(role: role, id: found.id, name: name)
    }
    let id = try await manager.createSecret(
      name: name, data: Array(data), labels: [ControlDeployment.label: role.rawValue])
    return .init(role: role, id: id, name: name)
  }

  /// Removes skep-control's older secrets (the service no longer uses them once updated); one still in use by a task
  /// that has not stopped yet is left for the next deploy.
  static func removeUnusedSecrets(keeping: Set<String>, manager: DockerClient) async throws {
    let all = try await manager.secrets(filters: ["label": [ControlDeployment.label]])
    for secret in all where !keeping.contains(secret.id) {
      try? await manager.removeSecret(secret.id)
    }
  }

  /// Waits until the service's task runs and the dashboard answers.
  static func waitForTask(manager: DockerClient, inventory: Inventory, timeout: Int) async throws -> ControlAccess {
    let deadline = Date().addingTimeInterval(TimeInterval(timeout))
    var last: any Error = CommandFailure("\(ControlDeployment.serviceName) did not start", exitCode: .unreachable)
    while Date() < deadline {
      do {
        let access = try await ControlAccess.locate(manager: manager, inventory: inventory)
        let health = try await PlainHTTPClient(host: access.host, port: access.port, timeout: .seconds(5)).send(
          "GET", "/healthz")
        if health.status == 200 { return access }
      } catch {
        last = error
      }
      try await Task.sleep(for: .seconds(1))
    }
    throw CommandFailure(
      "\(ControlDeployment.serviceName) did not answer within \(timeout) s: \(last)", exitCode: .unreachable)
  }
}

/// What `control deploy` did; `--json` prints it.
struct ControlDeployReport: Encodable {
  var service: String
  var action: String
  var image: String
  var node: String
  var url: String
  var passwordFile: String
  var passwordGenerated: Bool
  var historyDriver: String
  var jobs: [String]
}
