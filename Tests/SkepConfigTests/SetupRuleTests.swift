import SkepConfig
import Testing

/// The rules of `setup.ssh`, `journald`, `io_scheduler`, `kernel` and `packages`; booleans and integers.
@Suite struct SetupRuleTests {
  static let userName =
    "a Unix user name (lowercase letters, digits, '_' or '-', starting with a letter or '_', at most 32 characters)"

  @Test(arguments: ["pi", "_svc", "deploy-bot", "a1234567890123456789012345678901"])
  func sshUserAccepted(user: String) throws {
    #expect(try Setup.section("ssh: {user: \(user)}").ssh.user == user)
  }

  @Test(arguments: ["Pi", "1pi", "-pi", "pi.admin", "a12345678901234567890123456789012", "\"\""])
  func sshUserRefused(user: String) {
    let found = user == "\"\"" ? "" : user
    Setup.expectFailure(
      ["ssh:", "  user: \(user)"], at: "skep.yml:8:11", "'setup.ssh.user' must be \(Self.userName), found '\(found)'")
  }

  @Test func sshPortIsAnUnquotedIntegerFrom1To65535() throws {
    #expect(try Setup.section("ssh: {port: 65535}").ssh.port == 65535)
    for port in ["0", "65536", "\"22\"", "ssh", "[22]"] {
      let found = ["\"22\"": "'22'", "[22]": "a list"][port] ?? "'\(port)'"
      Setup.expectFailure(
        ["ssh:", "  port: \(port)"], at: "skep.yml:8:11",
        "'setup.ssh.port' must be an integer from 1 to 65535, found \(found)")
    }
  }

  @Test func sshPathsAreAbsolute() {
    Setup.expectFailure(
      ["ssh:", "  identity: id_ed25519"], at: "skep.yml:8:15",
      "'setup.ssh.identity' must be an absolute path, found 'id_ed25519'")
    Setup.expectFailure(
      ["ssh:", "  identity: ~/.ssh/id_ed25519"], at: "skep.yml:8:15",
      "'setup.ssh.identity' must be an absolute path, found '~/.ssh/id_ed25519'; '~' is not expanded, write the"
        + " full path")
    Setup.expectFailure(
      ["ssh:", "  known_hosts:"], at: "skep.yml:8:17",
      "'setup.ssh.known_hosts' must be an absolute path, found an empty value")
  }

  @Test func sshConnectTimeoutFrom1To300Seconds() throws {
    #expect(try Setup.section("ssh: {connect_timeout: 300}").ssh.connectTimeout == 300)
    Setup.expectFailure(
      ["ssh:", "  connect_timeout: 0"], at: "skep.yml:8:22",
      "'setup.ssh.connect_timeout' must be an integer from 1 to 300 seconds, found '0'")
    Setup.expectFailure(
      ["ssh:", "  connect_timeout: 5s"], at: "skep.yml:8:22",
      "'setup.ssh.connect_timeout' must be an integer from 1 to 300 seconds, found '5s'")
  }

  @Test func journaldStorageAndSizes() throws {
    let journald = try Setup.section("journald: {runtime_max_use: 4096, system_max_use: 2T}").journald
    #expect(journald?.runtimeMaxUse?.value == "4096" && journald?.systemMaxUse?.value == "2T")
    Setup.expectFailure(
      ["journald:", "  storage: volatil"], at: "skep.yml:8:14",
      "'setup.journald.storage' must be one of volatile, persistent, auto, none, found 'volatil'; did you mean"
        + " 'volatile'?")
    for size in ["50MB", "1.5G", "50m", "-1", "M"] {
      Setup.expectFailure(
        ["journald:", "  system_max_use: \(size)"], at: "skep.yml:8:21",
        "'setup.journald.system_max_use' must be a journald size: digits then optionally K, M, G or T (like 50M or"
          + " 1G), found '\(size)'")
    }
  }

  @Test func ioSchedulerNeedsAKnownScheduler() {
    Setup.expectFailure(
      ["io_scheduler:", "  devices: [sda]"], at: "skep.yml:8:5",
      "setup.io_scheduler is missing required key 'scheduler' (mq-deadline, deadline, bfq, kyber, none)")
    Setup.expectFailure(
      ["io_scheduler: {scheduler: cfq}"], at: "skep.yml:7:29",
      "'setup.io_scheduler.scheduler' must be one of mq-deadline, deadline, bfq, kyber, none, found 'cfq'; did you"
        + " mean 'bfq'?")
    Setup.expectFailure(
      ["io_scheduler: {scheduler: deadlin}"], at: "skep.yml:7:29",
      "'setup.io_scheduler.scheduler' must be one of mq-deadline, deadline, bfq, kyber, none, found 'deadlin';"
        + " did you mean 'deadline'?")
  }

  @Test func ioSchedulerDevicesArePatterns() throws {
    let devices = try Setup.section("io_scheduler: {scheduler: none, devices: [\"sd*\", \"mmcblk?\", vd-x]}")
    #expect(devices.ioScheduler?.devices?.value == ["sd*", "mmcblk?", "vd-x"])
    let expected = "a kernel device name pattern of letters, digits, '*', '?', '[', ']' and '-' (like sd[a-z])"
    Setup.expectFailure(
      ["io_scheduler:", "  scheduler: bfq", "  devices: [/dev/sda]"], at: "skep.yml:9:15",
      "each entry of 'setup.io_scheduler.devices' must be \(expected), found '/dev/sda'; write the kernel name"
        + " without /dev/ (sda, not /dev/sda)")
    Setup.expectFailure(
      ["io_scheduler:", "  scheduler: bfq", "  devices:", "    - sda", "    - \"sd b\""], at: "skep.yml:11:9",
      "each entry of 'setup.io_scheduler.devices' must be \(expected), found 'sd b'")
    Setup.expectFailure(
      ["io_scheduler:", "  scheduler: bfq", "  devices: []"], at: "skep.yml:9:14",
      "'setup.io_scheduler.devices' is empty; expected at least one entry (like [\"mmcblk[0-9]\", \"sd[a-z]\"])")
    Setup.expectFailure(
      ["io_scheduler:", "  scheduler: bfq", "  devices: sda"], at: "skep.yml:9:14",
      "'setup.io_scheduler.devices' must be a list (like [\"mmcblk[0-9]\", \"sd[a-z]\"]), found 'sda'")
    Setup.expectFailure(
      ["io_scheduler:", "  scheduler: bfq", "  devices: [sda, sdb, sda]"], at: "skep.yml:9:25",
      "duplicate entry 'sda' in 'setup.io_scheduler.devices' (first at skep.yml:9:15)")
  }

  @Test func kernelFsckForceIsARequiredBoolean() throws {
    #expect(try Setup.section("kernel: {fsck_force: false}").kernel?.fsckForce.value == false)
    #expect(try Setup.section("kernel: {fsck_force: True}").kernel?.fsckForce.value == true)
    Setup.expectFailure(
      ["kernel: {}"], at: "skep.yml:7:11",
      "setup.kernel is missing required key 'fsck_force' (true to check and repair the file systems at every boot)")
    for value in ["yes", "on", "1", "\"true\""] {
      let found = value == "\"true\"" ? "true" : value
      Setup.expectFailure(
        ["kernel:", "  fsck_force: \(value)"], at: "skep.yml:8:17",
        "'setup.kernel.fsck_force' must be true or false, found '\(found)'")
    }
  }

  @Test func packagesAreNamesEachWithItsLocation() throws {
    let setup = try Setup.section("packages:", "  - smartmontools", "  - g++", "  - python3.11", "  - 7zip")
    #expect(
      setup.packages == [
        Located("smartmontools", at: Setup.at(8, 7)), Located("g++", at: Setup.at(9, 7)),
        Located("python3.11", at: Setup.at(10, 7)), Located("7zip", at: Setup.at(11, 7)),
      ])
    let expected =
      "a package name (lowercase letters, digits, '+', '.', '_' or '-', starting with a letter or digit)"
    Setup.expectFailure(
      ["packages: [rsync, Vim]"], at: "skep.yml:7:21", "each entry of 'setup.packages' must be \(expected), found 'Vim'"
    )
    Setup.expectFailure(
      ["packages: [\"-rsync\"]"], at: "skep.yml:7:14",
      "each entry of 'setup.packages' must be \(expected), found '-rsync'")
    Setup.expectFailure(
      ["packages:", "  - rsync", "  - smartmontools", "  - rsync"], at: "skep.yml:10:7",
      "duplicate entry 'rsync' in 'setup.packages' (first at skep.yml:8:7)")
    Setup.expectFailure(
      ["packages: []"], at: "skep.yml:7:13",
      "'setup.packages' is empty; expected at least one entry (like [smartmontools, rsync])")
    Setup.expectFailure(
      ["packages: rsync"], at: "skep.yml:7:13",
      "'setup.packages' must be a list (like [smartmontools, rsync]), found 'rsync'")
  }
}
