import Yams

/// Reads and checks the `setup:` section, part by part in documentation order. Every value keeps the location of
/// the value itself (a list: of the list), so `skep node setup` can point into the file about a node's own facts.
enum SetupParser {
  static func parse(_ node: Node, file: String) throws(InventoryError) -> SetupSection {
    let setup = try MappingReader(node, name: "setup", file: file, allowed: SetupSection.keys)
    var section = SetupSection(ssh: SetupSection.SSH(), location: setup.location)
    if let ssh = setup.value("ssh") { section.ssh = try parseSSH(ssh, file: file) }
    if let docker = setup.value("docker") { section.docker = try parseDocker(docker, file: file) }
    if let journald = setup.value("journald") { section.journald = try parseJournald(journald, file: file) }
    if let scheduler = setup.value("io_scheduler") { section.ioScheduler = try parseIOScheduler(scheduler, file: file) }
    if let kernel = setup.value("kernel") { section.kernel = try parseKernel(kernel, file: file) }
    if let logrotate = setup.value("logrotate") { section.logrotate = try parseLogrotate(logrotate, file: file) }
    let packages = try Fields(setup, prefix: "setup.").list(
      "packages", of: .packageName, example: "[smartmontools, rsync]")
    section.packages = packages?.value
    if let admin = setup.value("admin") { section.admin = try parseAdmin(admin, file: file) }
    if let relay = setup.value("mail_relay") { section.mailRelay = try parseMailRelay(relay, file: file) }
    return section
  }

  static func parseSSH(_ node: Node, file: String) throws(InventoryError) -> SetupSection.SSH {
    let ssh = try Fields.part(node, key: "ssh", example: "user: pi", allowed: SetupSection.SSH.keys, file: file)
    var result = SetupSection.SSH()
    if let user = try ssh.text("user", .unixUser) { result.user = user.value }
    if let port = try ssh.integer("port", in: 1...65_535) { result.port = port.value }
    result.identity = try ssh.text("identity", .absolutePath)?.value
    result.knownHosts = try ssh.text("known_hosts", .absolutePath)?.value
    if let timeout = try ssh.integer("connect_timeout", in: 1...300, unit: " seconds") {
      result.connectTimeout = timeout.value
    }
    return result
  }

  static func parseJournald(_ node: Node, file: String) throws(InventoryError) -> SetupSection.Journald {
    let journald = try Fields.part(
      node, key: "journald", example: "storage: volatile", allowed: SetupSection.Journald.keys, file: file)
    return SetupSection.Journald(
      storage: try journald.choice("storage", among: SetupSection.Journald.storageModes),
      runtimeMaxUse: try journald.text("runtime_max_use", .journaldSize),
      systemMaxUse: try journald.text("system_max_use", .journaldSize), location: journald.location)
  }

  static func parseIOScheduler(_ node: Node, file: String) throws(InventoryError) -> SetupSection.IOScheduler {
    let io = try Fields.part(
      node, key: "io_scheduler", example: "scheduler: mq-deadline", allowed: SetupSection.IOScheduler.keys,
      file: file)
    let schedulers = SetupSection.IOScheduler.schedulers
    let scheduler = try io.required(
      io.choice("scheduler", among: schedulers), "scheduler", meaning: schedulers.joined(separator: ", "))
    let devices = try io.list("devices", of: .devicePattern, example: "[\"mmcblk[0-9]\", \"sd[a-z]\"]")
    return SetupSection.IOScheduler(
      scheduler: scheduler, devices: devices.map { Located($0.value.map(\.value), at: $0.location) },
      location: io.location)
  }

  static func parseKernel(_ node: Node, file: String) throws(InventoryError) -> SetupSection.Kernel {
    let kernel = try Fields.part(
      node, key: "kernel", example: "fsck_force: true", allowed: SetupSection.Kernel.keys, file: file)
    let force = try kernel.required(
      kernel.bool("fsck_force"), "fsck_force", meaning: "true to check and repair the file systems at every boot")
    return SetupSection.Kernel(fsckForce: force, location: kernel.location)
  }
}
