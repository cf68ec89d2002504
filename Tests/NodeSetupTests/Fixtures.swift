import Foundation
import NodeSetup
import SkepConfig

let here = SourceLocation(file: "skep.yml", line: 1, column: 1)

func located<T>(_ value: T) -> Located<T> { Located(value, at: here) }

/// A profile with only the given parts.
func profile(
  docker: SetupSection.Docker? = nil, journald: SetupSection.Journald? = nil,
  ioScheduler: SetupSection.IOScheduler? = nil, kernel: Bool? = nil, logrotate: [SetupSection.LogrotateRule]? = nil,
  packages: [String]? = nil, admin: SetupSection.Admin? = nil, mailRelay: SetupSection.MailRelay? = nil
) -> SetupSection {
  SetupSection(
    ssh: SetupSection.SSH(), docker: docker, journald: journald, ioScheduler: ioScheduler,
    kernel: kernel.map { SetupSection.Kernel(fsckForce: located($0), location: here) }, logrotate: logrotate,
    packages: packages?.map { located($0) }, admin: admin, mailRelay: mailRelay, location: here)
}

/// A Debian node with the tools of a usual install; `files` are the probed files (every probed path must be
/// given: use nil for an absent file).
func debian(_ files: [String: String?] = [:], sandbox: Bool = false) -> NodeFacts {
  var states: [String: FileState] = [NodeProbe.osReleasePath: .text("ID=debian\n")]
  for (path, text) in files { states[path] = text.map(FileState.text) ?? .absent }
  return NodeFacts(
    files: states, packageManager: .apt, tools: ["update-grub", "udevadm", "systemctl", "logrotate"],
    isSandboxNode: sandbox)
}

/// Every bootloader candidate absent except the given ones.
func bootFiles(_ present: [String: String]) -> [String: String?] {
  var files: [String: String?] = [:]
  for path in Bootloader.candidates { files[path] = present[path] }
  return files
}

/// The facts after the plan's file writes (what the next probe would read); live commands are not simulated.
func applyingFiles(_ plan: NodePlan, to facts: NodeFacts) -> NodeFacts {
  var next = facts
  for change in plan.changes {
    for case .writeFile(let path, let content, _, _) in change.actions {
      next.files[path] = .text(content)
    }
  }
  return next
}

/// The content the plan writes to `path`.
func written(_ plan: NodePlan, _ path: String) -> String? {
  for change in plan.changes {
    for case .writeFile(let file, let content, _, _) in change.actions where file == path { return content }
  }
  return nil
}
