import Backup
import DockerEngine

/// The swarm jobs `skep bench` runs, as pure values: one-task `ReplicatedJob`s of the skep image pinned to a node,
/// never restarted, labelled `skep.job=bench`.
public enum BenchJobs {
  /// The value of the `skep.job` label.
  public static let kind = "bench"
  /// Where the parent of the measured folder appears inside the disk job's container.
  public static let diskParentTarget = "/skep/bench-parent"
  /// The port `bench-net-server` listens on by default.
  public static let defaultPort: UInt16 = 7811

  /// `skep agent bench-disk` on `node`, measuring in `path` on the node. The job binds the folder's parent (swarm
  /// refuses a missing bind source; the parent must exist, the agent creates the folder and removes it if it did).
  public static func disk(
    name: String, image: String, node: String, path: BenchPath, options: DiskBenchOptions
  ) -> ServiceSpec {
    let command =
      ["skep", "agent", "bench-disk", "--dir", "\(diskParentTarget)/\(path.leaf)"] + options.arguments
    return spec(
      name: name, image: image, node: node, command: command,
      mounts: [.init(type: "bind", source: path.parent, target: diskParentTarget)], hostNetwork: false)
  }

  /// `skep agent bench-net-server` on `node`, on the node's own network (the swarm's predefined `host` network).
  public static func netServer(
    name: String, image: String, node: String, port: UInt16, connections: Int, timeout: Int
  ) -> ServiceSpec {
    let command = [
      "skep", "agent", "bench-net-server", "--port", String(port), "--connections", String(connections),
      "--timeout", String(timeout),
    ]
    return spec(name: name, image: image, node: node, command: command, mounts: [], hostNetwork: true)
  }

  /// `skep agent bench-net-client` on `node`, sending to `server:port` from the node's own network.
  public static func netClient(
    name: String, image: String, node: String, server: String, port: UInt16, seconds: Int, repeats: Int,
    connectTimeout: Int
  ) -> ServiceSpec {
    let command = [
      "skep", "agent", "bench-net-client", "--server", server, "--port", String(port), "--seconds", String(seconds),
      "--repeats", String(repeats), "--connect-timeout", String(connectTimeout),
    ]
    return spec(name: name, image: image, node: node, command: command, mounts: [], hostNetwork: true)
  }

  static func spec(
    name: String, image: String, node: String, command: [String], mounts: [ContainerSpec.Mount], hostNetwork: Bool
  ) -> ServiceSpec {
    let labels = [SwarmJobSpec.jobLabel: kind]
    return ServiceSpec(
      name: name, labels: labels,
      taskTemplate: TaskTemplate(
        containerSpec: ContainerSpec(
          image: image, command: command, mounts: mounts.isEmpty ? nil : mounts, labels: labels),
        restartPolicy: .init(condition: "none"), placement: .init(constraints: ["node.hostname==\(node)"]),
        networks: hostNetwork ? [.init(target: "host")] : nil),
      mode: .replicatedJob(maxConcurrent: 1, totalCompletions: 1))
  }
}

/// An absolute folder on a node, split into the parent the job binds and the folder's own name.
public struct BenchPath: Sendable, Hashable {
  public var parent: String
  public var leaf: String

  /// The folder; nil (with the reason) unless absolute, below `/`, without `.`/`..` components.
  public static func parse(_ text: String) -> Result<BenchPath, BenchPathProblem> {
    guard text.hasPrefix("/") else { return .failure(.init("--path must be absolute: \(text)")) }
    let parts = text.split(separator: "/").map(String.init)
    guard let leaf = parts.last else { return .failure(.init("--path must be a folder below /, not /")) }
    guard !parts.contains(where: { $0 == "." || $0 == ".." }) else {
      return .failure(.init("--path must not contain . or .. components: \(text)"))
    }
    return .success(BenchPath(parent: "/" + parts.dropLast().joined(separator: "/"), leaf: leaf))
  }

  /// The folder itself.
  public var path: String { parent == "/" ? "/\(leaf)" : "\(parent)/\(leaf)" }
}

/// Why a `--path` cannot be used.
public struct BenchPathProblem: Error, Sendable, Hashable, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}
