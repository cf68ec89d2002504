import NodeSetup
import SkepConfig
import Testing

@Suite struct AccountStepTests {
  let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey me@laptop"
  var admin: SetupSection.Admin { SetupSection.Admin(user: "ops", sshKeys: [key], location: here) }

  @Test func missingPackagesAreInstalledWithTheNodesManager() {
    var facts = debian()
    facts.packages = ["curl": true, "restic": false]
    let plan = SetupPlanner.plan(profile: profile(packages: ["curl", "restic", "jq"]), facts: facts, secrets: [:])
    #expect(plan.changes.map(\.summary) == ["install restic jq (apt-get)"])
    #expect(
      plan.changes[0].actions == [
        .liveCommand(
          "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends 'restic' 'jq'", tool: nil)
      ])
    facts.packageManager = .pacman
    #expect(
      SetupPlanner.plan(profile: profile(packages: ["jq"]), facts: facts, secrets: [:]).changes[0].actions == [
        .liveCommand("pacman -S --noconfirm --needed 'jq'", tool: nil)
      ])
    facts.packages = ["curl": true, "restic": true, "jq": true]
    #expect(
      SetupPlanner.plan(profile: profile(packages: ["curl", "restic", "jq"]), facts: facts, secrets: [:]).isEmpty)
  }

  @Test func noPackageManagerIsAProblem() {
    var facts = debian()
    facts.packageManager = nil
    let plan = SetupPlanner.plan(profile: profile(packages: ["jq"]), facts: facts, secrets: [:])
    #expect(plan.problems.map(\.message) == ["no known package manager (apt-get, pacman, dnf) to install jq"])
  }

  @Test func aNewAdminIsCreatedWithSudoAndItsKey() {
    var facts = debian()
    facts.users["ops"] = .some(nil)
    let plan = SetupPlanner.plan(profile: profile(admin: admin), facts: facts, secrets: [:])
    #expect(plan.changes.count == 1)
    #expect(
      plan.changes[0].actions == [
        .liveCommand("useradd --create-home --shell /bin/bash 'ops'", tool: nil),
        .liveCommand("usermod -aG 'sudo' 'ops'", tool: nil),
        .makeFolder(path: "/home/ops/.ssh", mode: "0700", owner: "ops"),
        .writeFile(path: "/home/ops/.ssh/authorized_keys", content: key + "\n", mode: "0600", owner: "ops"),
      ])
    #expect(plan.changes[0].diff.hasPrefix("--- /dev/null\n"))
  }

  @Test func anExistingAdminKeepsItsOtherKeysAndIsLeftAloneWhenItMatches() {
    var facts = debian()
    facts.packageManager = .dnf
    facts.users["ops"] = UserFacts(home: "/var/ops", groups: ["ops"])
    let path = "/var/ops/.ssh/authorized_keys"
    facts.files[path] = .text("ssh-rsa AAAAB3other old@box")
    let plan = SetupPlanner.plan(profile: profile(admin: admin), facts: facts, secrets: [:])
    #expect(plan.changes[0].summary == "add ops to the group wheel, add 1 key to \(path)")
    #expect(written(plan, path) == "ssh-rsa AAAAB3other old@box\n\(key)\n")
    facts.files[path] = .text(
      "ssh-rsa AAAAB3other old@box\nfrom=\"10.0.0.0/8\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKey other comment\n")
    facts.users["ops"] = UserFacts(home: "/var/ops", groups: ["ops", "wheel"])
    #expect(SetupPlanner.plan(profile: profile(admin: admin), facts: facts, secrets: [:]).isEmpty)
  }

  @Test func aSandboxNodeLeavesAccountsAndPackagesAlone() {
    var facts = debian(sandbox: true)
    facts.users["ops"] = .some(nil)
    let plan = SetupPlanner.plan(profile: profile(packages: ["jq"], admin: admin), facts: facts, secrets: [:])
    #expect(plan.isEmpty)
    #expect(plan.leftAlone.map(\.summary) == ["install jq (apt-get)", "create the user ops and add its keys"])
    #expect(
      plan.rendered() == """
        packages: install jq (apt-get) (live system left alone (sandbox node))
        admin: create the user ops and add its keys (live system left alone (sandbox node))

        """)
  }
}
