import Backup
import Foundation
import Testing

/// The dump commands' shell really hands the password to the client through its environment.
@Suite struct DumpScriptTests {
  @Test func passwordFileReachesTheClientAsMYSQL_PWD() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skep-dump-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    // A stand-in client that prints what it received (no mariadb-dump on PATH, so mysqldump is picked).
    let fake = directory.appendingPathComponent("mysqldump")
    try Data("#!/bin/sh\necho \"args=$* pwd=$MYSQL_PWD\"\n".utf8).write(to: fake)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
    let secret = directory.appendingPathComponent("db_root")
    try Data("s3cr3t-from-file\n".utf8).write(to: secret)

    let command = try DumpCommandBuilder.command(
      for: VolumeUser(id: "x", name: "db", image: "mysql:8", environment: ["MYSQL_ROOT_PASSWORD_FILE=\(secret.path)"]),
      kind: .mysql)
    var environment = command.environment
    environment["PATH"] = "\(directory.path):/usr/bin:/bin"
    let source = ProcessDumpSource(
      executable: command.arguments[0], arguments: Array(command.arguments.dropFirst()), environment: environment)
    var output: [UInt8] = []
    for try await chunk in source.bytes() { output += chunk }
    #expect(await source.outcome() == .succeeded)
    #expect(
      String(decoding: output, as: UTF8.self)
        == "args=--user=root --single-transaction --routines --events --all-databases pwd=s3cr3t-from-file\n")
  }
}
