import ControlService
import DockerEngine
import Foundation
import SkepConfig

/// How the CLI finds skep-control and proves it may talk to it: the manager running its task, the port published
/// there, and the password (`control.password_file`, else the one `skep control deploy` generated beside skep.yml).
struct ControlAccess: Sendable {
  var host: String
  var port: Int
  var node: String
  var password: String?

  var url: String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/" }

  /// The generated password's file when `control.password_file` is not set: `.skep-control-password` beside the
  /// inventory, readable by its owner only.
  static func passwordFile(for inventory: Inventory) -> String {
    if let file = inventory.control?.passwordFile { return file }
    let folder = URL(fileURLWithPath: inventory.file).deletingLastPathComponent().path
    return folder + "/.skep-control-password"
  }

  /// Finds the running task of skep-control through a manager.
  static func locate(manager: DockerClient, inventory: Inventory) async throws -> ControlAccess {
    let services = try await manager.services(filters: ["name": [ControlDeployment.serviceName]])
    guard let service = services.first(where: { $0.spec.name == ControlDeployment.serviceName }) else {
      throw CommandFailure(
        "\(ControlDeployment.serviceName) is not deployed: run skep control deploy", exitCode: .invalidInput)
    }
    let port =
      service.spec.endpointSpec?.ports?.first?.publishedPort ?? service.spec.endpointSpec?.ports?.first?.targetPort
      ?? ControlDeployment.defaultPort
    let tasks = try await manager.tasks(filters: ["service": [service.id], "desired-state": ["running"]])
    guard let task = tasks.first(where: { $0.status.state == "running" }), let nodeID = task.nodeID else {
      let states = tasks.map { "\($0.status.state)\($0.status.err.map { " (\($0))" } ?? "")" }
      throw CommandFailure(
        "\(ControlDeployment.serviceName) has no running task"
          + (states.isEmpty ? "" : ": \(states.joined(separator: ", "))") + "; see docker service ps "
          + ControlDeployment.serviceName,
        exitCode: .unreachable)
    }
    let nodes = try await manager.nodes()
    guard let node = nodes.first(where: { $0.id == nodeID }), let address = node.status.addr else {
      throw CommandFailure("the node running \(ControlDeployment.serviceName) has no address", exitCode: .unreachable)
    }
    let file = passwordFile(for: inventory)
    let password = (try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(in: .newlines)
    return ControlAccess(
      host: address, port: port, node: node.description?.hostname ?? nodeID,
      password: password?.isEmpty == false ? password : nil)
  }

  /// One request to the service's API, authenticated; the answer's status and body.
  func send(_ method: String, _ path: String) async throws -> PlainHTTPClient.Response {
    var headers: [(String, String)] = [("Accept", "application/json")]
    if let password { headers.append(("Authorization", "Bearer \(password)")) }
    do {
      let response = try await PlainHTTPClient(host: host, port: port).send(method, path, headers: headers)
      if response.status == 401 {
        throw CommandFailure(
          "\(ControlDeployment.serviceName) refused the password "
            + (password == nil ? "(none found: set control.password_file)" : "it was given"),
          exitCode: .invalidInput)
      }
      return response
    } catch let error as PlainHTTPError {
      throw CommandFailure(
        "\(ControlDeployment.serviceName) on \(node) does not answer at \(url): \(error.reason)",
        exitCode: .unreachable)
    }
  }
}
