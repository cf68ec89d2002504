import Foundation
import SkepTestSupport
import Testing

@testable import DockerEngine

/// `ssh://` through the real plumbing: `DockerClient` spawns a fake `ssh` (a shell script) and speaks HTTP over
/// its stdin/stdout; the script checks its argv and bridges to the stub daemon's socket with socat.
@Suite struct SSHTransportTests {
  /// A fake `ssh` in a temporary directory; every run appends its pid to `pids`.
  struct FakeSSH {
    let directory: String
    var path: String { directory + "/ssh" }

    /// `body` runs after the pid is recorded, with `$@` the arguments DockerEngine passed.
    static func make(_ body: String) throws -> FakeSSH {
      let directory = FileManager.default.temporaryDirectory.path + "/skep-fake-ssh-\(UUID().uuidString.prefix(12))"
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      let fake = FakeSSH(directory: directory)
      let script = "#!/bin/sh\necho $$ >> '\(directory)/pids'\n" + body + "\n"
      try Data(script.utf8).write(to: URL(fileURLWithPath: fake.path))
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
      return fake
    }

    /// The pids of every run so far.
    var pids: [Int32] {
      let text = (try? String(contentsOfFile: directory + "/pids", encoding: .utf8)) ?? ""
      return text.split(separator: "\n").compactMap { Int32($0) }
    }

    func remove() {
      try? FileManager.default.removeItem(atPath: directory)
    }
  }

  /// Pids still present (running, or exited but not reaped) after up to `limit`; empty when all are gone.
  func survivors(_ pids: [Int32], within limit: Duration = .seconds(2)) async -> [Int32] {
    let deadline = ContinuousClock.now + limit
    var left = pids
    while true {
      left = left.filter { kill($0, 0) == 0 || errno != ESRCH }
      if left.isEmpty || ContinuousClock.now >= deadline { return left }
      try? await Task.sleep(for: .milliseconds(20))
    }
  }

  func client(_ fake: FakeSSH, timeout: Duration = .seconds(3)) throws -> DockerClient {
    let millis = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
    var client = DockerClient(endpoint: try DockerEndpoint.parse("ssh://pi@node1:2222"), timeout: .milliseconds(millis))
    client.sshCommand = fake.path
    return client
  }

  @Test func dialsThroughSSHAndListsNodes() async throws {
    let server = try await StubDockerServer.start()
    let fake = try FakeSSH.make(
      """
      if [ $# -ne 9 ] || [ "$*" != "-o BatchMode=yes -p 2222 pi@node1 -- docker system dial-stdio" ]; then
        echo "fake ssh: unexpected arguments: $*" >&2
        exit 2
      fi
      exec socat - 'UNIX-CONNECT:\(server.socketPath)'
      """)
    defer { fake.remove() }
    server.on(
      "GET", "/v1.45/nodes",
      .json(
        #"[{"ID":"n1","Version":{"Index":7},"Spec":{"Role":"manager","Availability":"active","Labels":{}},"Description":{"Hostname":"node1"},"Status":{"State":"ready","Addr":"10.0.0.1"}}]"#
      ))
    do {
      let nodes = try await client(fake).nodes()
      #expect(nodes.map(\.id) == ["n1"])
      #expect(nodes.first?.description?.hostname == "node1")
      #expect(server.requests.map(\.path) == ["/version", "/v1.45/nodes"])
      // One ssh per request, each gone (exited and reaped) once its exchange is over.
      #expect(fake.pids.count == 2)
      #expect(await survivors(fake.pids) == [])
    } catch {
      try? await server.shutdown()
      throw error
    }
    try await server.shutdown()
  }

  @Test func sshFailureShowsSSHsOwnWords() async throws {
    let fake = try FakeSSH.make(
      """
      echo "pi@node1: Permission denied (publickey)." >&2
      exit 255
      """)
    defer { fake.remove() }
    let error = await #expect(throws: DockerEngineError.self) { try await client(fake).ping() }
    guard case .transport(let endpoint, let reason) = error else {
      Issue.record("expected a transport error, got \(String(describing: error))")
      return
    }
    #expect(endpoint == "ssh://pi@node1:2222")
    #expect(reason == "ssh exited with status 255: pi@node1: Permission denied (publickey).")
    #expect(fake.pids.count == 1)
    #expect(await survivors(fake.pids) == [])
  }

  @Test func hungSSHIsTerminatedAfterTheTimeout() async throws {
    // Never answers and ignores end of input: only a signal ends it. On SIGTERM it notes it in a file, then dies of
    // that signal as ssh would, so the test tells SIGTERM (what must work) from the SIGKILL fallback without timing.
    let fake = try FakeSSH.make(
      "trap 'echo term > \"$(dirname \"$0\")/signal\"; kill $!; trap - TERM; kill -TERM $$' TERM\n"
        + "sleep 30 >/dev/null &\nwait")
    defer { fake.remove() }
    let error = await #expect(throws: DockerEngineError.self) {
      try await client(fake, timeout: .milliseconds(300)).ping()
    }
    guard case .transport(_, let reason) = error else {
      Issue.record("expected a transport error, got \(String(describing: error))")
      return
    }
    #expect(reason.contains("no complete answer"), "\(reason)")
    #expect(fake.pids.count == 1)
    #expect(await survivors(fake.pids, within: .seconds(5)) == [])
    // SIGTERM must work (the SIGKILL fallback leaves no note).
    let note = try? String(contentsOfFile: fake.directory + "/signal", encoding: .utf8)
    #expect(note == "term\n")
  }

  @Test func missingSSHProgramIsATransportError() async throws {
    var client = DockerClient(endpoint: try DockerEndpoint.parse("ssh://pi@node1"), timeout: .seconds(3))
    client.sshCommand = "/tmp/skep-no-such-dir-\(UUID())/ssh"
    let error = await #expect(throws: DockerEngineError.self) { try await client.ping() }
    guard case .transport(_, let reason) = error else {
      Issue.record("expected a transport error, got \(String(describing: error))")
      return
    }
    #expect(reason.hasPrefix("cannot start /tmp/skep-no-such-dir-"), "\(reason)")
  }

  @Test func sshNameNotOnPathIsExplained() async throws {
    var client = DockerClient(endpoint: try DockerEndpoint.parse("ssh://pi@node1"), timeout: .seconds(3))
    client.sshCommand = "skep-no-such-ssh-\(UUID().uuidString.prefix(8))"
    let error = await #expect(throws: DockerEngineError.self) { try await client.ping() }
    guard case .transport(_, let reason) = error else {
      Issue.record("expected a transport error, got \(String(describing: error))")
      return
    }
    #expect(reason.hasPrefix("ssh exited with status 127:"), "\(reason)")
    #expect(reason.contains("No such file or directory"), "\(reason)")
  }
}
