import Yams

/// A node as read from the file, with the extra locations the cross-node rules need.
struct ParsedNode {
  var node: InventoryNode
  var nameLocation: SourceLocation
  var roleLocation: SourceLocation?
}

/// Reads and checks one entry of `nodes:`.
enum NodeParser {
  static let keys = ["name", "address", "docker", "role", "insecure", "tls", "labels"]
  static let tlsKeys = ["ca", "cert", "key", "verify"]

  static func parse(_ entry: Node, index: Int, file: String) throws(InventoryError) -> ParsedNode {
    // Name the node in messages as soon as its name is readable, even before the keys are checked.
    let peek = try MappingReader(entry, name: "node #\(index + 1)", file: file, allowed: nil)
    let label = (peek.value("name")?.scalar?.string).map { "node '\($0)'" } ?? peek.name
    let reader = try MappingReader(entry, name: label, file: file, allowed: keys)
    let name = try reader.string("name", meaning: "the node's hostname")
    if let problem = HostnameRule.problem(with: name.value) {
      throw InventoryError(location: name.location, message: problem)
    }
    let address = try reader.string("address", meaning: "the IP or DNS name the swarm advertises and listens on")
    if address.value.allSatisfy(\.isWhitespace) {
      throw InventoryError(
        location: address.location, message: "'address' of node '\(name.value)' is empty; expected an IP or DNS name")
    }
    let docker = try reader.string("docker", meaning: "the Docker endpoint: \(DockerEndpointRule.examples)")
    let endpoint: DockerEndpointRule.Endpoint
    switch DockerEndpointRule.parse(docker.value) {
    case .success(let parsed): endpoint = parsed
    case .failure(let problem): throw InventoryError(location: docker.location, message: problem.message)
    }
    let role = try parseRole(reader)
    let insecure = try reader.optionalBool("insecure") ?? false
    let tls = try parseTLS(reader, endpoint: endpoint)
    if endpoint.scheme == .tcp, tls == nil, !insecure, !endpoint.isLoopback {
      throw InventoryError(
        location: docker.location,
        message: "plain tcp:// to '\(endpoint.host ?? "")' sends the Docker API unencrypted and unauthenticated;"
          + " add a 'tls:' section, use ssh://, or set 'insecure: true' to allow it")
    }
    let labels = try parseLabels(reader)
    let node = InventoryNode(
      name: name.value, address: address.value, docker: docker.value, role: role?.value ?? .auto, insecure: insecure,
      tls: tls, labels: labels, location: reader.location, dockerLocation: docker.location,
      addressLocation: address.location)
    return ParsedNode(node: node, nameLocation: name.location, roleLocation: role?.location)
  }

  static func parseRole(_ reader: MappingReader) throws(InventoryError) -> (value: NodeRole, location: SourceLocation)?
  {
    guard let text = try reader.optionalString("role") else { return nil }
    guard let role = NodeRole(rawValue: text.value) else {
      let names = NodeRole.allCases.map(\.rawValue)
      var message = "'role' must be auto, manager or worker, found '\(text.value)'"
      if let suggestion = Suggestion.closest(to: text.value, among: names) {
        message += "; did you mean '\(suggestion)'?"
      }
      throw InventoryError(location: text.location, message: message)
    }
    return (role, text.location)
  }

  static func parseTLS(
    _ reader: MappingReader, endpoint: DockerEndpointRule.Endpoint
  ) throws(InventoryError) -> NodeTLS? {
    guard let node = reader.value("tls") else { return nil }
    if endpoint.scheme != .tcp {
      throw InventoryError(
        location: reader.keyLocation("tls"),
        message: "'tls' only applies to tcp:// endpoints; this node's docker endpoint is \(endpoint.scheme)://")
    }
    let tls = try MappingReader(node, name: "tls", file: reader.file, allowed: tlsKeys)
    return NodeTLS(
      ca: try tls.string("ca", meaning: "path of the CA certificate, like ~/.docker/ca.pem").value,
      cert: try tls.string("cert", meaning: "path of the client certificate, like ~/.docker/cert.pem").value,
      key: try tls.string("key", meaning: "path of the client key, like ~/.docker/key.pem").value,
      verify: try tls.optionalBool("verify") ?? true)
  }

  static func parseLabels(_ reader: MappingReader) throws(InventoryError) -> [String: String] {
    guard let node = reader.value("labels") else { return [:] }
    if case .mapping = node {
    } else {
      throw InventoryError(
        location: reader.location(of: node),
        message: "'labels' must be a mapping of label names to string values, found \(MappingReader.describe(node))")
    }
    let labels = try MappingReader(node, name: "labels", file: reader.file, allowed: nil)
    var result: [String: String] = [:]
    for entry in labels.entries {
      if entry.key.isEmpty {
        throw InventoryError(location: labels.location(of: entry.keyNode), message: "label names must not be empty")
      }
      result[entry.key] = try MappingReader.string(entry.value, what: "label '\(entry.key)'", file: reader.file)
    }
    return result
  }
}
