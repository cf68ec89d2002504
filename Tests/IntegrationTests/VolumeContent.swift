import DockerEngine
import Foundation
import SkepTestSupport
import Testing

/// Containers and volumes a test created on one sandbox node, removed last-created first.
final class NodeResources: @unchecked Sendable {
  let client: DockerClient
  private let lock = NSLock()
  private var undo: [@Sendable () async -> Void] = []

  init(client: DockerClient) { self.client = client }

  /// Runs `body`, then removes what it created (also when it throws).
  static func with<T>(_ client: DockerClient, _ body: (NodeResources) async throws -> T) async throws -> T {
    let resources = NodeResources(client: client)
    do {
      let value = try await body(resources)
      await resources.removeAll()
      return value
    } catch {
      await resources.removeAll()
      throw error
    }
  }

  func volume(_ prefix: String, labels: [String: String]? = nil) async throws -> String {
    let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    _ = try await client.createVolume(VolumeCreateRequest(name: name, labels: labels))
    let client = self.client
    lock.withLock { undo.append { try? await client.removeVolume(name, force: true) } }
    return name
  }

  /// Creates and starts a container; returns its name.
  func container(_ prefix: String, _ config: ContainerCreateConfig) async throws -> String {
    let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    let id = try await client.createContainer(name: name, config: config)
    let client = self.client
    lock.withLock { undo.append { try? await client.removeContainer(id, force: true) } }
    try await client.startContainer(id)
    return name
  }

  func removeAll() async {
    while let step = lock.withLock({ undo.popLast() }) { await step() }
  }

  /// Fills `volume` from a `debian:bookworm` container: 200 small files in nested folders, a 3 MiB random file,
  /// symlinks (one dangling), modes 600/755/750, files owned by uid 1000 and 33.
  func fill(_ volume: String) async throws {
    let script = """
      set -e
      cd /data
      mkdir -p sub/deeper owned
      i=0
      while [ $i -lt 200 ]; do
        case $((i % 3)) in 0) d=sub;; 1) d=sub/deeper;; *) d=.;; esac
        printf 'file %d\\n%0*d\\n' $i $((i * 7)) 0 > $d/small-$i.txt
        i=$((i + 1))
      done
      head -c 3145728 /dev/urandom > large.bin
      ln -s large.bin link-to-large
      ln -s /nowhere/at/all sub/dangling
      echo secret > private.key && chmod 600 private.key
      printf '#!/bin/sh\\necho hi\\n' > run.sh && chmod 755 run.sh
      chmod 750 sub/deeper
      echo mine > owned/by-1000 && chown -R 1000:1000 owned
      echo www > by-33 && chown 33:33 by-33
      """
    let id = try await client.createContainer(
      config: ContainerCreateConfig(
        image: "debian:bookworm", cmd: ["/bin/sh", "-c", script],
        hostConfig: .init(binds: ["\(volume):/data"])))
    let client = self.client
    lock.withLock { undo.append { try? await client.removeContainer(id, force: true) } }
    try await client.startContainer(id)
    let status = try await client.waitContainer(id)
    try #require(status == 0, "filling \(volume) failed")
  }
}

/// Every entry of a tree as a user would compare it: type, mode, owner, link target, and the sha256 of each file.
func treeListing(_ path: String) throws -> String {
  let script = """
    cd "$1" && find . -mindepth 1 -printf '%y %m %U:%G %p -> %l\\n' | sort && find . -type f -exec sha256sum {} + | sort
    """
  let result = try runProcess("/bin/sh", ["-c", script, "sh", path])
  #expect(result.status == 0, "listing \(path): \(result.stderr)")
  return result.stdout
}

/// A finished child process.
struct ProcessResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs a program to its end, stdout and stderr kept apart (in temporary files, so nothing blocks).
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws
  -> ProcessResult
{
  let running = try StartedProcess(executable, arguments, environment: environment)
  return running.wait()
}

/// A child process started by a test, with its output in temporary files that can be read while it runs.
final class StartedProcess: @unchecked Sendable {
  let process = Process()
  let stdoutURL: URL
  let stderrURL: URL

  init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("skep-test-\(UUID().uuidString)")
    stdoutURL = base.appendingPathExtension("out")
    stderrURL = base.appendingPathExtension("err")
    _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
    process.standardError = try FileHandle(forWritingTo: stderrURL)
    try process.run()
  }

  deinit {
    try? FileManager.default.removeItem(at: stdoutURL)
    try? FileManager.default.removeItem(at: stderrURL)
  }

  var stderrSoFar: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

  func wait() -> ProcessResult {
    process.waitUntilExit()
    return ProcessResult(
      status: process.terminationStatus, stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
      stderr: stderrSoFar)
  }
}

/// A temporary restic repository with a password file, and plain `restic` run the way a user would.
struct ScratchRepository {
  let root: URL
  let password = "repo-pw-\(UUID().uuidString)"
  var repository: String { root.appendingPathComponent("repo").path }
  var passwordFile: String { root.appendingPathComponent("password").path }

  static func with<T>(_ body: (ScratchRepository) async throws -> T) async throws -> T {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("skep-agent-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let scratch = ScratchRepository(root: root)
    try Data(scratch.password.utf8).write(to: URL(fileURLWithPath: scratch.passwordFile))
    let created = try scratch.restic(["init", "--repository-version", "2"])
    try #require(created.status == 0, "restic init: \(created.stderr)")
    return try await body(scratch)
  }

  func path(_ name: String) -> String { root.appendingPathComponent(name).path }

  func restic(_ arguments: [String]) throws -> ProcessResult {
    var environment = ProcessInfo.processInfo.environment
    environment["RESTIC_REPOSITORY"] = repository
    environment["RESTIC_PASSWORD_FILE"] = passwordFile
    environment["RESTIC_CACHE_DIR"] = path("cache")
    return try runProcess("/usr/bin/restic", arguments, environment: environment)
  }

  /// The ids plain `restic snapshots --json --tag FILTER` lists.
  func snapshotIDs(tag: String) throws -> [String] {
    let result = try restic(["snapshots", "--json", "--tag", tag])
    #expect(result.status == 0, "\(result.stderr)")
    struct Entry: Decodable { var id: String }
    return try JSONDecoder().decode([Entry].self, from: Data(result.stdout.utf8)).map(\.id)
  }
}
