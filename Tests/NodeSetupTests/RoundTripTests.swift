import Foundation
import NodeSetup
import SkepConfig
import Testing

/// The real scripts under /bin/sh against a temporary root: probe, plan, apply, probe again, plan again.
@Suite(.enabled(if: isLinux)) struct RoundTripTests {
  let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIRoundTrip test@skep"

  @Test func aSandboxNodeConvergesAndItsHooksAreSkipped() throws {
    let root = try TemporaryRoot()
    defer { root.remove() }
    let user = try currentUser()
    try root.write("/etc/os-release", "PRETTY_NAME=\"Debian\"\nID=debian\n")
    try root.write(NodeProbe.sandboxMarker, "")
    try root.write(ManagedPath.daemonJSON, #"{"data-root": "/srv/docker", "hosts": ["unix:///run/n1.sock"]}"#)
    try root.write("/etc/default/grub", "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n")
    try root.write(user.home + "/.ssh/authorized_keys", "ssh-rsa AAAAB3other old@box\n")
    let setup = profile(
      docker: SetupSection.Docker(
        insecureRegistries: located(["10.9.0.2:5000"]), liveRestore: located(false), location: here),
      journald: SetupSection.Journald(storage: located("volatile"), location: here),
      ioScheduler: SetupSection.IOScheduler(scheduler: located("mq-deadline"), location: here),
      kernel: true,
      logrotate: [SetupSection.LogrotateRule(paths: ["/var/log/skep/*.log"], location: here)],
      admin: SetupSection.Admin(user: user.name, sshKeys: [key], sudo: false, location: here),
      mailRelay: SetupSection.MailRelay(
        host: "mail.lan", from: "n@lan", user: "n", passwordFile: "/pw", location: here))
    let secrets = ["/pw": "hunter2-roundtrip\n"]

    let before = try NodeFacts.parse(try runShell(NodeProbe.script(profile: setup, root: root.path)))
    #expect(before.isSandboxNode)
    #expect(before.osID == "debian")
    let plan = SetupPlanner.plan(profile: setup, facts: before, secrets: secrets)
    #expect(
      plan.changes.map(\.step) == [.docker, .journald, .ioScheduler, .kernel, .logrotate, .admin, .mailRelay])
    #expect(plan.problems.filter { $0.step != .logrotate }.isEmpty)
    #expect(plan.docker == .reload)
    #expect(!plan.rendered().contains("hunter2"))

    _ = try runShell(plan.applyScript(root: root.path, dockerPidFile: nil))

    let after = try NodeFacts.parse(try runShell(NodeProbe.script(profile: setup, root: root.path)))
    let again = SetupPlanner.plan(profile: setup, facts: after, secrets: secrets)
    #expect(again.changes.isEmpty, "\(again.rendered())")
    #expect(again.docker == DockerAction.none)
    let daemon = try root.read(ManagedPath.daemonJSON)
    #expect(daemon.contains(#""data-root": "/srv/docker""#) && daemon.contains(#""hosts": ["#))
    #expect(try root.read(user.home + "/.ssh/authorized_keys") == "ssh-rsa AAAAB3other old@box\n\(key)\n")
    #expect(try root.read(ManagedPath.msmtprc).contains("password hunter2-roundtrip\n"))
    #expect(try root.mode(ManagedPath.msmtprc) == 0o600)
    #expect(try root.mode(user.home + "/.ssh") == 0o700)
    #expect(try root.read("/etc/default/grub").contains("quiet fsck.mode=force fsck.repair=yes"))
    let leftovers = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.contains(".skep.") }
    #expect(leftovers.isEmpty)
  }

  @Test func aRaspberryPiCmdlineIsEditedInPlace() throws {
    let root = try TemporaryRoot()
    defer { root.remove() }
    let line = "console=serial0,115200 console=tty1 root=PARTUUID=6c586e13-02 rootfstype=ext4 rootwait"
    try root.write("/boot/firmware/cmdline.txt", line + "\n")
    try root.write(ManagedPath.daemonJSON, "")
    let setup = profile(
      docker: SetupSection.Docker(registryMirrors: located(["http://m:5000"]), location: here), kernel: true)
    let plan = SetupPlanner.plan(
      profile: setup, facts: try NodeFacts.parse(try runShell(NodeProbe.script(profile: setup, root: root.path))),
      secrets: [:])
    let script = plan.applyScript(root: root.path, dockerPidFile: nil)
    // Not a sandbox node: the script must hold no live-system command before it runs here.
    #expect(!script.contains("if skep_live"))
    #expect(!script.contains("kill"))
    _ = try runShell(script)
    #expect(try root.read("/boot/firmware/cmdline.txt") == line + " fsck.mode=force fsck.repair=yes\n")
    let again = SetupPlanner.plan(
      profile: setup, facts: try NodeFacts.parse(try runShell(NodeProbe.script(profile: setup, root: root.path))),
      secrets: [:])
    #expect(again.isEmpty)
  }
}

#if os(Linux)
  let isLinux = true
#else
  let isLinux = false
#endif

struct ShellFailure: Error, CustomStringConvertible {
  var description: String
}

/// Runs `script` with `/bin/sh -s`, returning its standard output; throws on a non-zero exit.
func runShell(_ script: String) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-s"]
  let input = Pipe()
  let output = Pipe()
  let errors = Pipe()
  process.standardInput = input
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  input.fileHandleForWriting.write(Data(script.utf8))
  try input.fileHandleForWriting.close()
  let out = output.fileHandleForReading.readDataToEndOfFile()
  let err = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw ShellFailure(description: "sh exited \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
  }
  return String(decoding: out, as: UTF8.self)
}

/// The user running the tests, as `getent` sees it.
func currentUser() throws -> (name: String, home: String) {
  let name = ProcessInfo.processInfo.userName
  let entry = try runShell("getent passwd '\(name)'")
  let home = entry.split(separator: ":", omittingEmptySubsequences: false).dropFirst(5).first.map(String.init)
  return (name, home ?? "/")
}

/// A temporary folder standing for a node's `/`, removed by `remove()`.
struct TemporaryRoot {
  let path: String

  init() throws {
    path = FileManager.default.temporaryDirectory.appendingPathComponent("skep-node-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func write(_ file: String, _ text: String) throws {
    let url = URL(fileURLWithPath: path + file)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  func read(_ file: String) throws -> String {
    String(decoding: try Data(contentsOf: URL(fileURLWithPath: path + file)), as: UTF8.self)
  }

  func mode(_ file: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path + file)
    return (attributes[.posixPermissions] as? Int) ?? -1
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
