/// The Docker engines a sandbox node can run.
public enum EngineVersion: String, Sendable, Codable, CaseIterable {
  /// Debian bookworm's docker.io (API 1.41), the host's /usr/sbin/dockerd.
  case v20_10 = "20.10"
  /// Debian trixie's docker.io (API 1.45), unpacked into the cache.
  case v26_1 = "26.1"
}

/// `--engine`: one version for every node, or alternating.
public enum EngineMode: Sendable, Equatable {
  case single(EngineVersion)
  /// node1 26.1, node2 20.10, node3 26.1, …
  case mixed

  /// Parses `20.10`, `26.1` or `mixed`.
  public init?(argument: String) {
    if argument == "mixed" {
      self = .mixed
    } else if let version = EngineVersion(rawValue: argument) {
      self = .single(version)
    } else {
      return nil
    }
  }

  /// The engine of each node, in node order.
  public func assignment(nodeCount: Int) -> [EngineVersion] {
    (0..<max(0, nodeCount)).map { index in
      switch self {
      case .single(let version): version
      case .mixed: index.isMultiple(of: 2) ? .v26_1 : .v20_10
      }
    }
  }

  /// True when any node needs the trixie engine unpacked.
  public func needsTrixieEngine(nodeCount: Int) -> Bool {
    assignment(nodeCount: nodeCount).contains(.v26_1)
  }
}
