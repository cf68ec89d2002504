import Foundation
import NodeSetup
import Testing

@Suite struct NodeFactsTests {
  @Test func readsEveryKindOfFact() throws {
    let output = """
      Welcome to the node!
      skep-probe 1
      sandbox yes
      manager pacman
      tool systemctl
      tool mkimage
      package installed restic
      package missing jq
      file present \(Data("ID=arch\n".utf8).base64EncodedString()) /etc/os-release
      file present - /etc/docker/daemon.json
      file absent - /boot/cmdline.txt
      file other - /etc/logrotate.d/skep
      user ops home /home/my ops
      groups ops ops wheel
      file absent - /home/my ops/.ssh/authorized_keys
      user ghost absent
      end

      """
    let facts = try NodeFacts.parse(output)
    #expect(facts.isSandboxNode)
    #expect(facts.packageManager == .pacman)
    #expect(facts.tools == ["systemctl", "mkimage"])
    #expect(facts.packages == ["restic": true, "jq": false])
    #expect(facts.osID == "arch")
    #expect(facts.files["/etc/docker/daemon.json"] == .regular(Data()))
    #expect(facts.files["/boot/cmdline.txt"] == .absent)
    #expect(facts.files["/etc/logrotate.d/skep"] == .notRegular)
    #expect(facts.files["/home/my ops/.ssh/authorized_keys"] == .absent)
    #expect(facts.users["ops"] == .some(UserFacts(home: "/home/my ops", groups: ["ops", "wheel"])))
    #expect(facts.users["ghost"] == .some(nil))
  }

  @Test(arguments: [
    ("sandbox no\nend\n", "probe output: no 'skep-probe 1' header: the probe did not run"),
    ("skep-probe 1\nsandbox no\n", "probe output: the output stops before its 'end' line: the probe was cut short"),
    ("skep-probe 1\nweather sunny\nend\n", "probe output line 2: unknown fact 'weather'"),
    ("skep-probe 1\nmanager yum\nend\n", "probe output line 2: unknown package manager 'yum'"),
    ("skep-probe 1\nfile present !!! /etc/x\nend\n", "probe output line 2: the content of /etc/x is not valid base64"),
    (
      "skep-probe 1\nfile present\nend\n", "probe output line 2: 'file' must be 'file STATE DATA /PATH': 'file present'"
    ),
    (
      "skep-probe 1\ngroups ops wheel\nend\n",
      "probe output line 2: 'groups' before its 'user' line: 'groups ops wheel'"
    ),
  ])
  func malformedOutputSaysWhere(output: String, message: String) {
    #expect(throws: NodeFactsError.self) { try NodeFacts.parse(output) }
    do {
      _ = try NodeFacts.parse(output)
    } catch {
      #expect(error.description == message)
    }
  }
}
