import SkepConfig
import Testing

/// Helpers for the `setup:` tests: `oneNode` plus `setup:` on line 6 and the given lines from line 7, indented by
/// two spaces (so the section's keys are at column 3).
enum Setup {
  static let ed25519Key =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH9lRmhX7LNaRt74xS64fhCEbUH4hiQOHLrK0miya/aq me@laptop"
  static let ecdsaKey =
    "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBLhWIO15/Cx0qAaK2ilYc3NnzKJWG1FHY/kmyW1"
    + "/tB7DUq1XWAJuWpnuWCX2FWXzMBMjfuC+niPfhfPrdQPLJqA="

  static func yaml(_ lines: [String]) -> String {
    oneNode + "setup:\n" + lines.map { "  " + $0 + "\n" }.joined()
  }

  /// The section of `yaml(lines)`, which must parse.
  static func section(_ lines: String...) throws -> SetupSection { try section(lines) }

  static func section(_ lines: [String]) throws -> SetupSection {
    try #require(try InventoryLoader.parse(yaml(lines), file: "skep.yml").setup)
  }

  /// Expects `yaml(lines)` to fail with exactly `location: error: message`.
  static func expectFailure(
    _ lines: [String], at location: String, _ message: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    expectFailure(yaml: yaml(lines), at: location, message, sourceLocation: sourceLocation)
  }

  static func expectFailure(
    yaml: String, at location: String, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    guard let error = parseError(yaml) else {
      Issue.record("expected an error at \(location), but the inventory parsed", sourceLocation: sourceLocation)
      return
    }
    #expect(error.description == "\(location): error: \(message)", sourceLocation: sourceLocation)
  }

  static func at(_ line: Int, _ column: Int) -> SkepConfig.SourceLocation {
    SkepConfig.SourceLocation(file: "skep.yml", line: line, column: column)
  }
}

@Suite struct SetupSectionTests {
  static let full = [
    "ssh:",  // line 7
    "  user: pi",
    "  port: 2222",
    "  identity: /home/me/.ssh/skep",
    "  known_hosts: /home/me/.ssh/skep_known_hosts",
    "  connect_timeout: 5",
    "docker:",  // line 13
    "  storage_driver: overlay2",
    "  insecure_registries: [nas.lan:5000, 192.168.1.2:5000]",
    "  registry_mirrors:",
    "    - https://mirror.gcr.io",
    "  log_driver: local",
    "  log_opts:",
    "    max-size: 10m",
    "    max-file: 3",
    "  live_restore: false",
    "  restart_command: systemctl restart docker.service",
    "  reload_command: rc-service docker reload",
    "journald:",  // line 25
    "  storage: volatile",
    "  runtime_max_use: 50M",
    "  system_max_use: 1G",
    "io_scheduler:",  // line 29
    "  scheduler: mq-deadline",
    "  devices: [\"mmcblk[0-9]\", \"nvme[0-9]n[0-9]\"]",
    "kernel:",  // line 32
    "  fsck_force: true",
    "logrotate:",  // line 34
    "  - paths: [/var/log/skep/*.log, /srv/app/logs/*.log]",
    "    frequency: weekly",
    "    rotate: 4",
    "    max_size: 50M",
    "    compress: false",
    "  - paths: [/var/log/nginx/*.log]",
    "packages: [smartmontools, rsync]",  // line 41
    "admin:",
    "  user: ops",
    "  ssh_keys:",
    "    - \(Setup.ed25519Key)",
    "    - \(Setup.ecdsaKey)",
    "  sudo: false",
    "mail_relay:",  // line 48
    "  host: smtp.example.org",
    "  port: 2525",
    "  from: pi@example.org",
    "  user: pi@example.org",
    "  password_file: /home/me/.config/skep/smtp-password",
    "  tls: tls",
  ]

  @Test func everyPartIsRead() throws {
    let at = Setup.at
    let setup = try #require(try InventoryLoader.parse(Setup.yaml(Self.full), file: "skep.yml").setup)
    let expected = SetupSection(
      ssh: SetupSection.SSH(
        user: "pi", port: 2222, identity: "/home/me/.ssh/skep", knownHosts: "/home/me/.ssh/skep_known_hosts",
        connectTimeout: 5),
      docker: SetupSection.Docker(
        storageDriver: Located("overlay2", at: at(14, 21)),
        insecureRegistries: Located(["nas.lan:5000", "192.168.1.2:5000"], at: at(15, 26)),
        registryMirrors: Located(["https://mirror.gcr.io"], at: at(17, 7)),
        logDriver: Located("local", at: at(18, 17)),
        logOptions: Located(["max-size": "10m", "max-file": "3"], at: at(20, 7)),
        liveRestore: Located(false, at: at(22, 19)),
        restartCommand: Located("systemctl restart docker.service", at: at(23, 22)),
        reloadCommand: Located("rc-service docker reload", at: at(24, 21)), location: at(14, 5)),
      journald: SetupSection.Journald(
        storage: Located("volatile", at: at(26, 14)), runtimeMaxUse: Located("50M", at: at(27, 22)),
        systemMaxUse: Located("1G", at: at(28, 21)), location: at(26, 5)),
      ioScheduler: SetupSection.IOScheduler(
        scheduler: Located("mq-deadline", at: at(30, 16)),
        devices: Located(["mmcblk[0-9]", "nvme[0-9]n[0-9]"], at: at(31, 14)), location: at(30, 5)),
      kernel: SetupSection.Kernel(fsckForce: Located(true, at: at(33, 17)), location: at(33, 5)),
      logrotate: [
        SetupSection.LogrotateRule(
          paths: ["/var/log/skep/*.log", "/srv/app/logs/*.log"], frequency: "weekly", rotate: 4, maxSize: "50M",
          compress: false, location: at(35, 7)),
        SetupSection.LogrotateRule(paths: ["/var/log/nginx/*.log"], location: at(40, 7)),
      ],
      packages: [Located("smartmontools", at: at(41, 14)), Located("rsync", at: at(41, 29))],
      admin: SetupSection.Admin(
        user: "ops", sshKeys: [Setup.ed25519Key, Setup.ecdsaKey], sudo: false, location: at(43, 5)),
      mailRelay: SetupSection.MailRelay(
        host: "smtp.example.org", port: 2525, from: "pi@example.org", user: "pi@example.org",
        passwordFile: "/home/me/.config/skep/smtp-password", tls: "tls", location: at(49, 5)),
      location: at(7, 3))
    #expect(setup == expected)
  }

  @Test func documentedExampleParses() throws {
    let yaml =
      oneNode + """
        setup:
          ssh:
            user: pi
            identity: /home/me/.ssh/skep
          docker:
            storage_driver: overlay2
            insecure_registries: [192.168.1.11:5000]
            log_driver: local
            log_opts: {max-size: 10m, max-file: "3"}
            live_restore: false
          journald:
            storage: volatile
            runtime_max_use: 50M
          io_scheduler:
            scheduler: mq-deadline
          kernel:
            fsck_force: true
          logrotate:
            - paths: [/var/log/skep/*.log]
              frequency: weekly
              rotate: 4
          packages: [smartmontools, rsync]
          admin:
            user: ops
            ssh_keys:
              - \(Setup.ed25519Key)
          mail_relay:
            host: smtp.example.org
            from: pi@example.org
            user: pi@example.org
            password_file: /home/me/.config/skep/smtp-password

        """
    let setup = try #require(try InventoryLoader.parse(yaml, file: "skep.yml").setup)
    #expect(setup.ssh == SetupSection.SSH(user: "pi", identity: "/home/me/.ssh/skep"))
    #expect(setup.docker?.logOptions?.value == ["max-size": "10m", "max-file": "3"])
    #expect(setup.logrotate?.map(\.rotate) == [4])
    #expect(setup.mailRelay?.port == 587 && setup.mailRelay?.tls == "starttls")
  }

  @Test func absentSectionIsNil() throws {
    #expect(try InventoryLoader.parse(oneNode, file: "skep.yml").setup == nil)
  }

  @Test func sandboxStyleMinimalSetup() throws {
    let yaml = oneNode + "setup: {ssh: {identity: /x/key, known_hosts: /x/kh}}\n"
    let setup = try #require(try InventoryLoader.parse(yaml, file: "skep.yml").setup)
    #expect(
      setup
        == SetupSection(
          ssh: SetupSection.SSH(identity: "/x/key", knownHosts: "/x/kh"), location: Setup.at(6, 8)))
  }

  @Test func defaultsWhenPartsAreLeftOut() throws {
    let setup = try Setup.section("packages: [rsync]")
    #expect(setup.ssh == SetupSection.SSH(user: "root", port: 22, identity: nil, knownHosts: nil, connectTimeout: 10))
    #expect(setup.docker == nil && setup.journald == nil && setup.ioScheduler == nil && setup.kernel == nil)
    #expect(setup.logrotate == nil && setup.admin == nil && setup.mailRelay == nil)
    #expect(setup.packages == [Located("rsync", at: Setup.at(7, 14))])

    let ssh = try Setup.section("ssh: {}").ssh
    #expect(ssh == SetupSection.SSH())
    #expect(try Setup.section("ssh:", "  port: 2200").ssh == SetupSection.SSH(port: 2200))
  }

  @Test func defaultsInsideParts() throws {
    let setup = try Setup.section(
      "docker: {}",  // line 7
      "journald: {storage: auto}",
      "io_scheduler: {scheduler: bfq}",
      "logrotate:",  // line 10
      "  - paths: [/var/log/app.log]",
      "admin:",  // line 12
      "  user: ops",
      "  ssh_keys: [\(Setup.ed25519Key)]",
      "mail_relay: {host: 192.168.1.5, from: pi@lab.lan}")
    #expect(setup.docker == SetupSection.Docker(location: Setup.at(7, 11)))
    #expect(
      setup.journald == SetupSection.Journald(storage: Located("auto", at: Setup.at(8, 23)), location: Setup.at(8, 13)))
    #expect(setup.ioScheduler?.devices == nil)
    #expect(
      setup.logrotate == [
        SetupSection.LogrotateRule(
          paths: ["/var/log/app.log"], frequency: "daily", rotate: 7, maxSize: nil, compress: true,
          location: Setup.at(11, 7))
      ])
    #expect(setup.admin?.sudo == true)
    #expect(
      setup.mailRelay
        == SetupSection.MailRelay(
          host: "192.168.1.5", port: 587, from: "pi@lab.lan", user: nil, passwordFile: nil, tls: "starttls",
          location: Setup.at(15, 15)))
    #expect(SetupSection.Docker.defaultRestartCommand == "systemctl restart docker")
    #expect(SetupSection.IOScheduler.defaultDevices == ["mmcblk[0-9]", "sd[a-z]"])
  }

  @Test func implicitTLSDefaultsToPort465() throws {
    let relay = try Setup.section("mail_relay: {host: smtp.lan, from: a@lab.lan, tls: tls}").mailRelay
    #expect(relay?.port == 465)
    let written = try Setup.section("mail_relay: {host: smtp.lan, from: a@lab.lan, tls: tls, port: 2465}").mailRelay
    #expect(written?.port == 2465)
  }

  @Test func sectionMustBeAMapping() {
    Setup.expectFailure(
      yaml: oneNode + "setup: [ssh]\n", at: "skep.yml:6:8",
      "'setup' must be a mapping of what 'skep node setup' applies (like 'ssh: {user: pi}'), found a list")
    Setup.expectFailure(
      yaml: oneNode + "setup:\n", at: "skep.yml:6:7",
      "'setup' must be a mapping of what 'skep node setup' applies (like 'ssh: {user: pi}'), found an empty value")
  }

  @Test func partsMustBeMappings() {
    Setup.expectFailure(["ssh: pi"], at: "skep.yml:7:8", "'setup.ssh' must be a mapping (like 'user: pi'), found 'pi'")
    Setup.expectFailure(
      ["docker:"], at: "skep.yml:7:10",
      "'setup.docker' must be a mapping (like 'storage_driver: overlay2'), found an empty value")
    Setup.expectFailure(
      ["kernel: [fsck_force]"], at: "skep.yml:7:11",
      "'setup.kernel' must be a mapping (like 'fsck_force: true'), found a list")
  }

  @Test func unknownKeys() {
    Setup.expectFailure(["dokcer: {}"], at: "skep.yml:7:3", "unknown key 'dokcer' in setup; did you mean 'docker'?")
    Setup.expectFailure(
      ["firewall: {}"], at: "skep.yml:7:3",
      "unknown key 'firewall' in setup (expected one of: ssh, docker, journald, io_scheduler, kernel, logrotate,"
        + " packages, admin, mail_relay)")
    Setup.expectFailure(
      ["ssh:", "  user: pi", "  prot: 22"], at: "skep.yml:9:5", "unknown key 'prot' in setup.ssh; did you mean 'port'?")
    Setup.expectFailure(
      ["docker:", "  live-restore: false"], at: "skep.yml:8:5",
      "unknown key 'live-restore' in setup.docker; did you mean 'live_restore'?")
    Setup.expectFailure(
      ["logrotate:", "  - paths: [/var/log/a.log]", "    rotates: 4"], at: "skep.yml:9:7",
      "unknown key 'rotates' in logrotate rule #1; did you mean 'rotate'?")
    Setup.expectFailure(
      ["mail_relay:", "  host: smtp.lan", "  from: a@b.lan", "  password: x"], at: "skep.yml:10:5",
      "unknown key 'password' in setup.mail_relay (expected one of: host, port, from, user, password_file, tls)")
  }

  @Test func setupIsAKnownTopLevelKey() {
    expectError(
      oneNode + "stup: {}\n", at: "skep.yml:6:1", "unknown key 'stup' in the inventory; did you mean 'setup'?")
  }
}
