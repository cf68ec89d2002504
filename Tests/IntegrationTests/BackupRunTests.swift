import Backup
import DockerEngine
import Foundation
import Logging
import Sandbox
import SkepConfig
import SkepTestSupport
import Testing

extension SwarmFormationTests {
  /// `backup init` twice (idempotent), a wrong password refused before any job touches a node, then a run over every
  /// node whose snapshots plain restic lists and restores byte for byte — with the password nowhere in the job's
  /// spec, its logs or the `--json` output.
  @Test func backupInitRunAndPlainResticRestore() async throws {
    let fixture = try await backupFixture(name: "backup")
    let (suffix, manager, nas, repository) = (fixture.suffix, fixture.manager, fixture.nas, fixture.repository)
    let (password, passwordFile, inventory) = (fixture.password, fixture.passwordFile, fixture.inventory)

    let first = try await sandbox.skep(["backup", "init", "--password-file", passwordFile], inventory: inventory)
    #expect(first.status == 0, "init: \(first.stderr)")
    #expect(first.stdout.contains("created the restic repository"), "init: \(first.stdout)")
    let second = try await sandbox.skep(["backup", "init", "--password-file", passwordFile], inventory: inventory)
    #expect(second.status == 0, "second init: \(second.stderr)")
    #expect(second.stdout.contains("nothing changed"), "second init: \(second.stdout)")
    #expect(!(first.stdout + first.stderr + second.stdout + second.stderr).contains(password))

    // A repository made with another password: each agent opens the repository before it touches anything, so the
    // run ends with one clear error and nothing written.
    let other = "\(nas)/restic-other-\(suffix)"
    try await hostRestic(["init"], repository: other, passwordText: "another-password")
    let otherInventory = try sandbox.writeInventory(
      try backupInventoryText(repository: other), name: "other-\(suffix).yml")
    let refused = try await sandbox.skep(["backup", "run"], inventory: otherInventory)
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("cannot be opened"), "refused: \(refused.stderr)")
    #expect(refused.stderr.contains("wrong password"), "refused: \(refused.stderr)")
    #expect(refused.stderr.contains("nothing was backed up"), "refused: \(refused.stderr)")
    let otherSnapshots = try await hostRestic(
      ["snapshots", "--json"], repository: other, passwordText: "another-password")
    #expect(otherSnapshots.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(otherSnapshots)")

    guard try await sandbox.skep(["agent", "backup", "--help"]).status == 0 else {
      Issue.record("skep agent backup is missing: the run half of this test needs the agent")
      return
    }
    // Known content on every node: small files, modes, a symlink, a larger file.
    var volumes: [String: String] = [:]
    for node in nodes {
      let name = "bk-\(suffix)-\(node.name)"
      let client = try sandbox.client(node.name)
      _ = try await client.createVolume(VolumeCreateRequest(name: name))
      let data = "\(sandbox.directory)/nodes/\(node.name)/var-lib-docker/volumes/\(name)/_data"
      try VolumeContent.write(into: data, seed: node.name)
      volumes[name] = data
    }
    let run = try await sandbox.skep(
      ["backup", "run", "--json", "--keep-job"] + volumes.keys.sorted().flatMap { ["--volume", $0] },
      inventory: inventory)
    let job = run.stderr.split(separator: " ").first { $0.hasPrefix("skep-backup-2") }.map(String.init)
    if let job {
      let service = try await manager.service(job)
      let spec = String(decoding: try JSONEncoder().encode(service.spec), as: UTF8.self)
      #expect(!spec.contains(password), "the password is in the job's spec")
      var logs = ""
      for try await frame in manager.serviceLogs(job) { logs += frame.text }
      #expect(!logs.contains(password), "the password is in the job's logs")
      try await manager.removeService(job)
    }
    #expect(job != nil, "no job name on stderr: \(run.stderr)")
    #expect(run.status == 0, "backup run: \(run.stdout)\n\(run.stderr)")
    #expect(!run.stdout.contains(password) && !run.stderr.contains(password))

    for (name, data) in volumes.sorted(by: { $0.key < $1.key }) {
      let listed = try await hostRestic(
        ["snapshots", "--json", "--tag", "volume=\(name)"], repository: repository, passwordText: password)
      let snapshots = try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [Any]
      #expect(snapshots?.count == 1, "\(name): \(listed)")
      let target = FileManager.default.temporaryDirectory.appendingPathComponent("restore-\(suffix)-\(name)").path
      defer { try? FileManager.default.removeItem(atPath: target) }
      _ = try await hostRestic(
        ["restore", "latest", "--tag", "volume=\(name)", "--target", target], repository: repository,
        passwordText: password)
      let original = try VolumeContent.listing(data)
      #expect(original.count > 100, "\(name): the test wrote too little: \(original.count) lines")
      #expect(try VolumeContent.listing(target) == original, "\(name) restored differently")
    }
    for node in nodes {
      try? await sandbox.client(node.name).removeVolume("bk-\(suffix)-\(node.name)")
    }
  }
}

/// A volume tree with known content and what it looks like (path, type, mode, SHA-256 or link target).
enum VolumeContent {
  static func write(into root: String, seed: String) throws {
    let manager = FileManager.default
    try manager.createDirectory(atPath: root + "/sub/deeper", withIntermediateDirectories: true)
    for index in 0..<50 {
      try "\(seed) file \(index)\n".write(toFile: "\(root)/sub/f\(index).txt", atomically: true, encoding: .utf8)
    }
    try Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(
      to: URL(fileURLWithPath: root + "/big.bin"))
    try "secret-ish\n".write(toFile: root + "/sub/deeper/private", atomically: true, encoding: .utf8)
    try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: root + "/sub/deeper/private")
    try manager.setAttributes([.posixPermissions: 0o750], ofItemAtPath: root + "/sub/deeper")
    try manager.createSymbolicLink(atPath: root + "/link", withDestinationPath: "sub/f1.txt")
  }

  static func listing(_ root: String) throws -> [String] {
    let output = Process()
    output.executableURL = URL(fileURLWithPath: "/bin/sh")
    output.arguments = [
      "-c",
      "cd \"$1\" && find . -mindepth 1 -printf '%p %y %m %U %l\\n' | sort && find . -type f -exec sha256sum {} + | sort",
      "listing", root,
    ]
    let pipe = Pipe()
    output.standardOutput = pipe
    try output.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    output.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
  }
}
