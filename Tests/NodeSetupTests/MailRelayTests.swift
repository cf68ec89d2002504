import NodeSetup
import SkepConfig
import Testing

@Suite struct MailRelayTests {
  let secret = "s3cr3t-Pa55"
  let relay = SetupSection.MailRelay(
    host: "smtp.example.org", from: "nodes@example.org", user: "nodes", passwordFile: "/home/me/.smtp-pass",
    location: here)

  @Test func msmtprcWithThePasswordAndMsmtpInstalledWhenMissing() {
    let facts = debian([ManagedPath.msmtprc: nil])
    let plan = SetupPlanner.plan(
      profile: profile(mailRelay: relay), facts: facts, secrets: ["/home/me/.smtp-pass": secret + "\n"])
    #expect(
      written(plan, ManagedPath.msmtprc) == """
        \(ManagedFiles.header)
        defaults
        auth on
        tls on
        tls_starttls on
        tls_trust_file /etc/ssl/certs/ca-certificates.crt
        account skep
        host smtp.example.org
        port 587
        from nodes@example.org
        user nodes
        password \(secret)
        account default : skep

        """)
    #expect(plan.changes.map(\.step) == [.packages, .mailRelay])
    #expect(plan.changes[0].summary == "install msmtp-mta (apt-get)")
    #expect(plan.changes[1].actions.first.map(isMode0600) == true)
    var after = applyingFiles(plan, to: facts)
    after.tools.insert("msmtp")
    #expect(
      SetupPlanner.plan(profile: profile(mailRelay: relay), facts: after, secrets: ["/home/me/.smtp-pass": secret])
        .isEmpty)
  }

  @Test func theSecretIsNeverShown() {
    let old = "\(ManagedFiles.header)\npassword old-\(secret)\n"
    var facts = debian([ManagedPath.msmtprc: old])
    facts.tools.insert("msmtp")
    let plan = SetupPlanner.plan(
      profile: profile(mailRelay: relay), facts: facts, secrets: ["/home/me/.smtp-pass": secret])
    #expect(plan.changes.count == 1)
    let shown = plan.rendered() + plan.changes.map { $0.summary + $0.diff + "\($0)" }.joined()
    #expect(!shown.contains(secret))
    #expect(plan.changes[0].diff.contains("+password ********"))
    #expect(plan.changes[0].diff.contains("-password ******** (another password)"))
    #expect(plan.applyScript().contains("skep_write '/etc/msmtprc' '0600'"))
  }

  @Test func aChangedPasswordAloneIsSaidWithoutShowingIt() {
    var facts = debian()
    facts.tools.insert("msmtp")
    let secrets = ["/home/me/.smtp-pass": "first-one"]
    facts.files[ManagedPath.msmtprc] = .absent
    let first = SetupPlanner.plan(profile: profile(mailRelay: relay), facts: facts, secrets: secrets)
    let after = applyingFiles(first, to: facts)
    let plan = SetupPlanner.plan(
      profile: profile(mailRelay: relay), facts: after, secrets: ["/home/me/.smtp-pass": "second-one"])
    #expect(plan.changes.map(\.summary) == ["write /etc/msmtprc (mode 0600): the password changes"])
    #expect(!plan.rendered().contains("first-one") && !plan.rendered().contains("second-one"))
  }

  @Test func anUnreadPasswordFileIsAProblem() {
    let plan = SetupPlanner.plan(
      profile: profile(mailRelay: relay), facts: debian([ManagedPath.msmtprc: nil]), secrets: [:])
    #expect(plan.problems.map(\.message).contains("the password file /home/me/.smtp-pass was not read"))
    #expect(written(plan, ManagedPath.msmtprc) == nil)
  }

  @Test func implicitTLSOnFedora() {
    let tls = SetupSection.MailRelay(host: "mx", port: 465, from: "a@b", tls: "tls", location: here)
    var facts = debian([ManagedPath.msmtprc: nil])
    facts.packageManager = .dnf
    let plan = SetupPlanner.plan(profile: profile(mailRelay: tls), facts: facts, secrets: [:])
    let text = written(plan, ManagedPath.msmtprc) ?? ""
    #expect(text.contains("auth off\ntls on\ntls_starttls off\ntls_trust_file /etc/pki/tls/certs/ca-bundle.crt\n"))
    #expect(!text.contains("password"))
    #expect(plan.changes.first?.summary == "install msmtp (dnf)")
  }

  private func isMode0600(_ action: SetupAction) -> Bool {
    if case .writeFile(_, _, let mode, _) = action { return mode == "0600" }
    return false
  }
}
