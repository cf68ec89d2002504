import NodeSetup
import SkepConfig
import Testing

@Suite struct FileStepTests {
  let header = ManagedFiles.header

  @Test func journaldDropInAndItsRestart() {
    let journald = SetupSection.Journald(
      storage: located("volatile"), runtimeMaxUse: located("50M"), location: here)
    let facts = debian([ManagedPath.journald: nil])
    let plan = SetupPlanner.plan(profile: profile(journald: journald), facts: facts, secrets: [:])
    #expect(written(plan, ManagedPath.journald) == "\(header)\n[Journal]\nStorage=volatile\nRuntimeMaxUse=50M\n")
    #expect(plan.changes[0].actions.last == .liveCommand("systemctl restart systemd-journald", tool: "systemctl"))
    #expect(plan.changes[0].notes.isEmpty)
    let script = plan.applyScript()
    #expect(script.contains("if skep_live && skep_has 'systemctl'; then systemctl restart systemd-journald; fi"))
    let again = SetupPlanner.plan(
      profile: profile(journald: journald), facts: applyingFiles(plan, to: facts), secrets: [:])
    #expect(again.isEmpty)
  }

  @Test func aMissingToolIsSaidInThePlan() {
    let journald = SetupSection.Journald(storage: located("volatile"), location: here)
    var facts = debian([ManagedPath.journald: nil])
    facts.tools.remove("systemctl")
    let plan = SetupPlanner.plan(profile: profile(journald: journald), facts: facts, secrets: [:])
    #expect(plan.changes[0].notes == ["systemctl not found: 'systemctl restart systemd-journald' is skipped"])
  }

  @Test func ioSchedulerRuleOnePerDevice() {
    let scheduler = SetupSection.IOScheduler(scheduler: located("mq-deadline"), location: here)
    let facts = debian([ManagedPath.udevRule: "# old\n"])
    let plan = SetupPlanner.plan(profile: profile(ioScheduler: scheduler), facts: facts, secrets: [:])
    #expect(
      written(plan, ManagedPath.udevRule) == """
        \(header)
        ACTION=="add|change", KERNEL=="mmcblk[0-9]", ATTR{queue/scheduler}="mq-deadline"
        ACTION=="add|change", KERNEL=="sd[a-z]", ATTR{queue/scheduler}="mq-deadline"

        """)
    #expect(plan.changes[0].diff.contains("-# old\n"))
    #expect(
      plan.changes[0].actions.last
        == .liveCommand(
          "udevadm control --reload && udevadm trigger --subsystem-match=block --action=change", tool: "udevadm"))
    let again = SetupPlanner.plan(
      profile: profile(ioScheduler: scheduler), facts: applyingFiles(plan, to: facts), secrets: [:])
    #expect(again.isEmpty)
  }

  @Test func logrotateStanzas() {
    let rules = [
      SetupSection.LogrotateRule(paths: ["/var/log/a.log", "/srv/my logs/*.log"], maxSize: "50M", location: here),
      SetupSection.LogrotateRule(
        paths: ["/var/log/b.log"], frequency: "weekly", rotate: 4, compress: false, location: here),
    ]
    let facts = debian([ManagedPath.logrotate: nil])
    let plan = SetupPlanner.plan(profile: profile(logrotate: rules), facts: facts, secrets: [:])
    #expect(
      written(plan, ManagedPath.logrotate) == """
        \(header)
        /var/log/a.log "/srv/my logs/*.log" {
            daily
            rotate 7
            maxsize 50M
            compress
            delaycompress
            missingok
            notifempty
            copytruncate
        }
        /var/log/b.log {
            weekly
            rotate 4
            nocompress
            missingok
            notifempty
            copytruncate
        }

        """)
    #expect(plan.problems.isEmpty)
    let again = SetupPlanner.plan(
      profile: profile(logrotate: rules), facts: applyingFiles(plan, to: facts), secrets: [:])
    #expect(again.isEmpty)
    var bare = facts
    bare.tools.remove("logrotate")
    let missing = SetupPlanner.plan(profile: profile(logrotate: rules), facts: bare, secrets: [:])
    #expect(missing.problems.map(\.message) == ["logrotate is not installed: add it to setup.packages"])
  }

  @Test func sandboxNodesGetTheFilesButNotTheHooks() {
    let journald = SetupSection.Journald(storage: located("volatile"), location: here)
    let scheduler = SetupSection.IOScheduler(scheduler: located("bfq"), location: here)
    let facts = debian([ManagedPath.journald: nil, ManagedPath.udevRule: nil], sandbox: true)
    let plan = SetupPlanner.plan(
      profile: profile(journald: journald, ioScheduler: scheduler), facts: facts, secrets: [:])
    #expect(plan.changes.map(\.notes) == [[NodePlan.sandboxNote], [NodePlan.sandboxNote]])
    let text = plan.rendered()
    #expect(text.contains("journald: write /etc/systemd/journald.conf.d/skep.conf, then systemctl restart"))
    #expect(text.components(separatedBy: "(live system left alone (sandbox node))").count == 3)
    #expect(plan.applyScript().contains(#"skep_live() { [ ! -e "$R/etc/skep-sandbox-node" ]; }"#))
  }
}
