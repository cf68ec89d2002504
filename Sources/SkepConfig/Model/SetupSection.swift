/// The `setup:` section of `skep.yml`: the profile `skep node setup` applies to every node over SSH.
///
/// Each part is nil when the file does not write it, and skep then leaves that part of the nodes alone. The loader
/// has checked every rule of docs/inventory.md; every value keeps its location, so later checks (on a node's own
/// facts) can still point into the file.
public struct SetupSection: Sendable, Hashable {
  /// `ssh:` how skep reaches the nodes (the system's OpenSSH client).
  public var ssh: SSH
  /// `docker:` the settings skep manages in `/etc/docker/daemon.json` (other keys there are kept).
  public var docker: Docker?
  /// `journald:` a drop-in for systemd-journald.
  public var journald: Journald?
  /// `io_scheduler:` a udev rule for the disks' I/O scheduler, applied now and at every boot.
  public var ioScheduler: IOScheduler?
  /// `kernel:` kernel command line settings.
  public var kernel: Kernel?
  /// `logrotate:` the rules of `/etc/logrotate.d/skep`.
  public var logrotate: [LogrotateRule]?
  /// `packages:` packages that must be installed (the node's own package manager).
  public var packages: [Located<String>]?
  /// `admin:` an administrator account with an SSH key.
  public var admin: Admin?
  /// `mail_relay:` msmtp as the node's `sendmail`, relaying to a mail server.
  public var mailRelay: MailRelay?
  /// Where the section starts.
  public var location: SourceLocation

  /// The section's keys, in the order docs/inventory.md lists them.
  public static let keys = [
    "ssh", "docker", "journald", "io_scheduler", "kernel", "logrotate", "packages", "admin", "mail_relay",
  ]

  /// Creates a section; nil parts are left alone on the nodes.
  public init(
    ssh: SSH, docker: Docker? = nil, journald: Journald? = nil, ioScheduler: IOScheduler? = nil,
    kernel: Kernel? = nil, logrotate: [LogrotateRule]? = nil, packages: [Located<String>]? = nil,
    admin: Admin? = nil, mailRelay: MailRelay? = nil, location: SourceLocation
  ) {
    self.ssh = ssh
    self.docker = docker
    self.journald = journald
    self.ioScheduler = ioScheduler
    self.kernel = kernel
    self.logrotate = logrotate
    self.packages = packages
    self.admin = admin
    self.mailRelay = mailRelay
    self.location = location
  }
}

/// A value as written, with its location.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
  /// The value.
  public var value: Value
  /// Where it is written.
  public var location: SourceLocation

  /// Creates a located value.
  public init(_ value: Value, at location: SourceLocation) {
    self.value = value
    self.location = location
  }
}

extension SetupSection {
  /// `setup.ssh`: the login skep uses on every node (the node's `address` is the host).
  public struct SSH: Sendable, Hashable {
    /// `user`: default `root`.
    public var user: String
    /// `port`: default 22.
    public var port: Int
    /// `identity`: an absolute path to the private key (`ssh -i`); nil lets ssh pick.
    public var identity: String?
    /// `known_hosts`: an absolute path to the known-hosts file skep uses (`UserKnownHostsFile`); nil is ssh's own.
    public var knownHosts: String?
    /// `connect_timeout`: seconds before an unreachable node is given up (default 10).
    public var connectTimeout: Int

    /// The keys, in documentation order.
    public static let keys = ["user", "port", "identity", "known_hosts", "connect_timeout"]

    /// Creates the SSH settings.
    public init(
      user: String = "root", port: Int = 22, identity: String? = nil, knownHosts: String? = nil,
      connectTimeout: Int = 10
    ) {
      self.user = user
      self.port = port
      self.identity = identity
      self.knownHosts = knownHosts
      self.connectTimeout = connectTimeout
    }
  }

  /// `setup.docker`: daemon.json settings. Nil fields are not managed (whatever the file says stays).
  public struct Docker: Sendable, Hashable {
    /// `storage_driver` → `storage-driver` (`overlay2`, `fuse-overlayfs`, `btrfs`, `zfs`, `vfs`).
    public var storageDriver: Located<String>?
    /// `insecure_registries` → `insecure-registries` (`host:port` each).
    public var insecureRegistries: Located<[String]>?
    /// `registry_mirrors` → `registry-mirrors` (`http://` or `https://` URLs).
    public var registryMirrors: Located<[String]>?
    /// `log_driver` → `log-driver` (`json-file`, `local`, `journald`, `syslog`, `none`…).
    public var logDriver: Located<String>?
    /// `log_opts` → `log-opts` (strings).
    public var logOptions: Located<[String: String]>?
    /// `live_restore` → `live-restore`; only `false` is accepted: dockerd refuses live-restore in swarm mode.
    public var liveRestore: Located<Bool>?
    /// `restart_command`: how the node's dockerd is restarted (default `systemctl restart docker`).
    public var restartCommand: Located<String>?
    /// `reload_command`: how the node's dockerd is told to reload daemon.json (SIGHUP; default
    /// `systemctl reload docker`, which Docker's unit file turns into a SIGHUP).
    public var reloadCommand: Located<String>?
    /// Where the subsection starts.
    public var location: SourceLocation

    /// The keys, in documentation order.
    public static let keys = [
      "storage_driver", "insecure_registries", "registry_mirrors", "log_driver", "log_opts", "live_restore",
      "restart_command", "reload_command",
    ]
    /// `restart_command` when not written.
    public static let defaultRestartCommand = "systemctl restart docker"
    /// `reload_command` when not written.
    public static let defaultReloadCommand = "systemctl reload docker"
    /// The storage drivers accepted.
    public static let storageDrivers = ["overlay2", "fuse-overlayfs", "btrfs", "zfs", "vfs"]
    /// The log drivers accepted.
    public static let logDrivers = [
      "json-file", "local", "journald", "syslog", "none", "fluentd", "gelf", "awslogs", "splunk", "etwlogs",
      "gcplogs",
    ]

    /// Creates the docker settings.
    public init(
      storageDriver: Located<String>? = nil, insecureRegistries: Located<[String]>? = nil,
      registryMirrors: Located<[String]>? = nil, logDriver: Located<String>? = nil,
      logOptions: Located<[String: String]>? = nil, liveRestore: Located<Bool>? = nil,
      restartCommand: Located<String>? = nil, reloadCommand: Located<String>? = nil, location: SourceLocation
    ) {
      self.storageDriver = storageDriver
      self.insecureRegistries = insecureRegistries
      self.registryMirrors = registryMirrors
      self.logDriver = logDriver
      self.logOptions = logOptions
      self.liveRestore = liveRestore
      self.restartCommand = restartCommand
      self.reloadCommand = reloadCommand
      self.location = location
    }
  }

  /// `setup.journald`: `/etc/systemd/journald.conf.d/skep.conf`.
  public struct Journald: Sendable, Hashable {
    /// `storage`: `volatile` (RAM, spares the flash), `persistent`, `auto` or `none`.
    public var storage: Located<String>?
    /// `runtime_max_use`: journald size syntax (`50M`, `1G`): the cap of the RAM journal.
    public var runtimeMaxUse: Located<String>?
    /// `system_max_use`: the cap of the on-disk journal.
    public var systemMaxUse: Located<String>?
    /// Where the subsection starts.
    public var location: SourceLocation

    /// The keys, in documentation order.
    public static let keys = ["storage", "runtime_max_use", "system_max_use"]
    /// The storage modes accepted.
    public static let storageModes = ["volatile", "persistent", "auto", "none"]

    /// Creates the journald settings.
    public init(
      storage: Located<String>? = nil, runtimeMaxUse: Located<String>? = nil, systemMaxUse: Located<String>? = nil,
      location: SourceLocation
    ) {
      self.storage = storage
      self.runtimeMaxUse = runtimeMaxUse
      self.systemMaxUse = systemMaxUse
      self.location = location
    }
  }

  /// `setup.io_scheduler`: `/etc/udev/rules.d/60-skep-io-scheduler.rules`.
  public struct IOScheduler: Sendable, Hashable {
    /// `scheduler`: `mq-deadline`, `deadline`, `bfq`, `kyber` or `none`.
    public var scheduler: Located<String>
    /// `devices`: kernel name patterns (`mmcblk[0-9]`, `sd[a-z]`, `nvme[0-9]n[0-9]`); default mmc and SATA/USB
    /// disks.
    public var devices: Located<[String]>?
    /// Where the subsection starts.
    public var location: SourceLocation

    /// The keys, in documentation order.
    public static let keys = ["scheduler", "devices"]
    /// The schedulers accepted.
    public static let schedulers = ["mq-deadline", "deadline", "bfq", "kyber", "none"]
    /// `devices` when not written.
    public static let defaultDevices = ["mmcblk[0-9]", "sd[a-z]"]

    /// Creates the I/O scheduler settings.
    public init(scheduler: Located<String>, devices: Located<[String]>? = nil, location: SourceLocation) {
      self.scheduler = scheduler
      self.devices = devices
      self.location = location
    }
  }

  /// `setup.kernel`: the kernel command line (GRUB, U-Boot `boot.txt`, Raspberry Pi `cmdline.txt`).
  public struct Kernel: Sendable, Hashable {
    /// `fsck_force`: `fsck.mode=force` (and `fsck.repair=yes`), so a damaged file system is repaired at boot
    /// instead of stopping it.
    public var fsckForce: Located<Bool>
    /// Where the subsection starts.
    public var location: SourceLocation

    /// The keys, in documentation order.
    public static let keys = ["fsck_force"]

    /// Creates the kernel settings.
    public init(fsckForce: Located<Bool>, location: SourceLocation) {
      self.fsckForce = fsckForce
      self.location = location
    }
  }

  /// One entry of `setup.logrotate`: a stanza of `/etc/logrotate.d/skep`.
  public struct LogrotateRule: Sendable, Hashable {
    /// `paths`: absolute paths or globs of the files rotated together.
    public var paths: [String]
    /// `frequency`: `daily`, `weekly` or `monthly` (default `daily`).
    public var frequency: String
    /// `rotate`: how many old files are kept (default 7).
    public var rotate: Int
    /// `max_size`: rotate earlier once a file is this big (`50M`); nil for none.
    public var maxSize: String?
    /// `compress`: gzip old files (default true).
    public var compress: Bool
    /// Where the entry starts.
    public var location: SourceLocation

    /// The keys, in documentation order.
    public static let keys = ["paths", "frequency", "rotate", "max_size", "compress"]
    /// The frequencies accepted.
    public static let frequencies = ["daily", "weekly", "monthly"]

    /// Creates a rule.
    public init(
      paths: [String], frequency: String = "daily", rotate: Int = 7, maxSize: String? = nil, compress: Bool = true,
      location: SourceLocation
    ) {
      self.paths = paths
      self.frequency = frequency
      self.rotate = rotate
      self.maxSize = maxSize
      self.compress = compress
      self.location = location
    }
  }

  /// `setup.admin`: an administrator account.
  public struct Admin: Sendable, Hashable {
    /// `user`: the account name (a valid Unix user name).
    public var user: String
    /// `ssh_keys`: public keys for `~user/.ssh/authorized_keys` (one line each, `ssh-ed25519 AAAA… comment`).
    public var sshKeys: [String]
    /// `sudo`: member of the `sudo` group (default true).
    public var sudo: Bool
    /// Where the subsection starts.
    public var location: SourceLocation

    /// The keys, in documentation order.
    public static let keys = ["user", "ssh_keys", "sudo"]

    /// Creates the admin settings.
    public init(user: String, sshKeys: [String], sudo: Bool = true, location: SourceLocation) {
      self.user = user
      self.sshKeys = sshKeys
      self.sudo = sudo
      self.location = location
    }
  }

  /// `setup.mail_relay`: `/etc/msmtprc`, so the node's `sendmail` relays to a mail server.
  public struct MailRelay: Sendable, Hashable {
    /// `host`: the mail server.
    public var host: String
    /// `port`: default 587, or 465 with `tls: tls` (as msmtp picks; the loader fills it in).
    public var port: Int
    /// `from`: the sender address.
    public var from: String
    /// `user`: the login, nil for none.
    public var user: String?
    /// `password_file`: an absolute path on the machine running skep; its content is written into the node's
    /// msmtprc (mode 0600) and never printed.
    public var passwordFile: String?
    /// `tls`: `starttls` (default), `tls` (implicit, port 465) or `off`.
    public var tls: String
    /// Where the subsection starts.
    public var location: SourceLocation

    /// The keys, in documentation order.
    public static let keys = ["host", "port", "from", "user", "password_file", "tls"]
    /// The TLS modes accepted.
    public static let tlsModes = ["starttls", "tls", "off"]

    /// Creates the mail relay settings.
    public init(
      host: String, port: Int = 587, from: String, user: String? = nil, passwordFile: String? = nil,
      tls: String = "starttls", location: SourceLocation
    ) {
      self.host = host
      self.port = port
      self.from = from
      self.user = user
      self.passwordFile = passwordFile
      self.tls = tls
      self.location = location
    }
  }
}
