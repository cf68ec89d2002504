import Foundation

/// The driver's persisted state on one node: every volume's ``VolumeRecord``, as one JSON document.
///
/// Written atomically (temporary file, then rename) after every event, read once at start; never under
/// /var/lib/docker. Encoding is stable (sorted keys, volumes by name), so an unchanged state writes the same bytes.
public struct AgentStateFile: Sendable, Hashable, Codable {
  /// The format version; 1.
  public var version: Int
  /// The records, by volume name.
  public var volumes: [String: VolumeRecord]

  /// Creates a state.
  public init(volumes: [String: VolumeRecord] = [:]) {
    self.version = 1
    self.volumes = volumes
  }

  /// The JSON bytes.
  public func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return try encoder.encode(self)
  }

  /// Reads the bytes ``encoded()`` wrote; throws on another format version.
  public static func decode(_ data: Data) throws -> AgentStateFile {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    let state = try decoder.decode(AgentStateFile.self, from: data)
    guard state.version == 1 else {
      throw VolumeDriverError(.failed, "unknown volume state format \(state.version) (this skep reads 1)")
    }
    return state
  }

  /// The state after an agent restart: each record through ``VolumeRecord/recovered(node:lease:runningMountIDs:)``
  /// with its volume's lease, and the steps to resume, by volume name.
  public func recovered(
    node: String, leases: [String: Lease], runningMountIDs: Set<String>? = nil
  ) -> (state: AgentStateFile, steps: [String: [RecoveryStep]]) {
    var state = self
    var steps: [String: [RecoveryStep]] = [:]
    for (name, record) in volumes {
      let result = record.recovered(node: node, lease: leases[name], runningMountIDs: runningMountIDs)
      state.volumes[name] = result.record
      if !result.steps.isEmpty { steps[name] = result.steps }
    }
    return (state, steps)
  }
}
