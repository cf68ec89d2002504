/// How a service runs its tasks. Encodes as exactly one of Docker's `Mode` keys.
public enum ServiceMode: Codable, Sendable, Hashable {
  /// `{"Replicated":{"Replicas":N}}`.
  case replicated(replicas: UInt64)
  /// `{"Global":{}}`: one task per eligible node.
  case global
  /// `{"ReplicatedJob":{"MaxConcurrent":M,"TotalCompletions":T}}`: run to completion T times, M at once.
  case replicatedJob(maxConcurrent: UInt64, totalCompletions: UInt64)
  /// `{"GlobalJob":{}}`: run to completion once on every eligible node present when it starts.
  case globalJob

  private enum Keys: String, CodingKey {
    case replicated = "Replicated"
    case global = "Global"
    case replicatedJob = "ReplicatedJob"
    case globalJob = "GlobalJob"
  }

  private enum FieldKeys: String, CodingKey {
    case replicas = "Replicas"
    case maxConcurrent = "MaxConcurrent"
    case totalCompletions = "TotalCompletions"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Keys.self)
    if container.contains(.replicated) {
      let fields = try container.nestedContainer(keyedBy: FieldKeys.self, forKey: .replicated)
      self = .replicated(replicas: try fields.decodeIfPresent(UInt64.self, forKey: .replicas) ?? 1)
    } else if container.contains(.global) {
      self = .global
    } else if container.contains(.replicatedJob) {
      let fields = try container.nestedContainer(keyedBy: FieldKeys.self, forKey: .replicatedJob)
      self = .replicatedJob(
        maxConcurrent: try fields.decodeIfPresent(UInt64.self, forKey: .maxConcurrent) ?? 1,
        totalCompletions: try fields.decodeIfPresent(UInt64.self, forKey: .totalCompletions) ?? 1)
    } else if container.contains(.globalJob) {
      self = .globalJob
    } else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "unknown service mode \(container.allKeys)"))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Keys.self)
    switch self {
    case .replicated(let replicas):
      var fields = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .replicated)
      try fields.encode(replicas, forKey: .replicas)
    case .global:
      _ = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .global)
    case .replicatedJob(let maxConcurrent, let totalCompletions):
      var fields = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .replicatedJob)
      try fields.encode(maxConcurrent, forKey: .maxConcurrent)
      try fields.encode(totalCompletions, forKey: .totalCompletions)
    case .globalJob:
      _ = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .globalJob)
    }
  }

  /// True for the two job modes.
  public var isJob: Bool {
    switch self {
    case .replicatedJob, .globalJob: return true
    case .replicated, .global: return false
    }
  }
}
