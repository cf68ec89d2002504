import SkepConfig
import Testing

/// The rules of `setup.docker`.
@Suite struct SetupDockerTests {
  static let registry =
    "host:port, a host name or IPv4 address and a port from 1 to 65535 (like 192.168.1.2:5000)"
  static let mirror =
    "an http:// or https:// URL without user, query or fragment (like https://mirror.gcr.io)"

  @Test func driversAreKnown() throws {
    let docker = try Setup.section("docker: {storage_driver: zfs, log_driver: json-file}").docker
    #expect(docker?.storageDriver?.value == "zfs" && docker?.logDriver?.value == "json-file")
    Setup.expectFailure(
      ["docker:", "  storage_driver: overlay"], at: "skep.yml:8:21",
      "'setup.docker.storage_driver' must be one of overlay2, fuse-overlayfs, btrfs, zfs, vfs, found 'overlay';"
        + " did you mean 'overlay2'?")
    Setup.expectFailure(
      ["docker:", "  log_driver: [local]"], at: "skep.yml:8:17",
      "'setup.docker.log_driver' must be one of json-file, local, journald, syslog, none, fluentd, gelf, awslogs,"
        + " splunk, etwlogs, gcplogs, found a list")
  }

  @Test(arguments: [
    "nas.lan:5000", "192.168.1.2:5000", "registry:443", "a-b.c-d.example:1", "10.0.0.1:65535", "NAS.Lan:5000",
  ])
  func insecureRegistryAccepted(entry: String) throws {
    let docker = try Setup.section("docker: {insecure_registries: [\(entry)]}").docker
    #expect(docker?.insecureRegistries == Located([entry], at: Setup.at(7, 33)))
  }

  @Test(arguments: [
    "nas.lan", "nas.lan:", ":5000", "nas.lan:0", "nas.lan:65536", "nas.lan:http", "nas_lan:5000", "-nas.lan:5000",
    "nas..lan:5000", "300.1.1.1:5000", "10.0.0.01:5000", "1.2.3:5000", "[fd00::1]:5000", "http://nas.lan:5000",
    "nas.lan:5000/v2",
  ])
  func insecureRegistryRefused(entry: String) {
    Setup.expectFailure(
      ["docker:", "  insecure_registries: [\"\(entry)\"]"], at: "skep.yml:8:27",
      "each entry of 'setup.docker.insecure_registries' must be \(Self.registry), found '\(entry)'")
  }

  @Test func insecureRegistriesListRules() {
    Setup.expectFailure(
      ["docker:", "  insecure_registries: nas.lan:5000"], at: "skep.yml:8:26",
      "'setup.docker.insecure_registries' must be a list (like [nas.lan:5000, 192.168.1.2:5000]), found"
        + " 'nas.lan:5000'")
    Setup.expectFailure(
      ["docker:", "  insecure_registries: []"], at: "skep.yml:8:26",
      "'setup.docker.insecure_registries' is empty; expected at least one entry (like [nas.lan:5000,"
        + " 192.168.1.2:5000])")
    Setup.expectFailure(
      ["docker:", "  insecure_registries:", "    - nas.lan:5000", "    - 10.0.0.2:5000", "    - nas.lan:5000"],
      at: "skep.yml:11:9",
      "duplicate entry 'nas.lan:5000' in 'setup.docker.insecure_registries' (first at skep.yml:9:9)")
  }

  @Test(arguments: [
    "https://mirror.gcr.io", "http://10.0.0.2:5000", "https://nas.lan:5000/", "https://[fd00::2]:5000",
    "https://[fd00::2]", "https://mirror.example.org/docker-hub",
  ])
  func mirrorAccepted(url: String) throws {
    let docker = try Setup.section("docker:", "  registry_mirrors:", "    - \(url)").docker
    #expect(docker?.registryMirrors == Located([url], at: Setup.at(9, 7)))
  }

  @Test(arguments: [
    "mirror.gcr.io", "ftp://mirror.gcr.io", "https://", "https://user:secret@mirror.gcr.io", "https://mirror?x=1",
    "https://mirror.gcr.io/#top", "https://mirror:99999", "https://[fd00::2", "HTTPS://mirror.gcr.io",
  ])
  func mirrorRefused(url: String) {
    Setup.expectFailure(
      ["docker:", "  registry_mirrors: [\"\(url)\"]"], at: "skep.yml:8:24",
      "each entry of 'setup.docker.registry_mirrors' must be \(Self.mirror), found '\(url)'")
  }

  @Test func mirrorsMustNotRepeat() {
    Setup.expectFailure(
      ["docker:", "  registry_mirrors: [\"https://a.lan\", \"https://a.lan\"]"], at: "skep.yml:8:41",
      "duplicate entry 'https://a.lan' in 'setup.docker.registry_mirrors' (first at skep.yml:8:24)")
  }

  @Test func logOptionsAreTakenAsText() throws {
    let docker = try Setup.section(
      "docker:", "  log_opts: {max-size: 10m, max-file: 3, compress: true, labels: \"\"}"
    ).docker
    #expect(
      docker?.logOptions
        == Located(["max-size": "10m", "max-file": "3", "compress": "true", "labels": ""], at: Setup.at(8, 15)))
    #expect(try Setup.section("docker: {log_opts: {}}").docker?.logOptions?.value == [:])
    Setup.expectFailure(
      ["docker:", "  log_opts: [max-size]"], at: "skep.yml:8:15",
      "'setup.docker.log_opts' must be a mapping of option names to values (like 'max-size: 10m'), found a list")
    Setup.expectFailure(
      ["docker:", "  log_opts:", "    max-size: [10m]"], at: "skep.yml:9:17",
      "option 'max-size' of 'setup.docker.log_opts' must be a string, found a list")
    Setup.expectFailure(
      ["docker:", "  log_opts:", "    \"\": 3"], at: "skep.yml:9:7",
      "option names in 'setup.docker.log_opts' must not be empty")
  }

  @Test func liveRestoreTrueIsRefused() throws {
    #expect(
      try Setup.section("docker: {live_restore: false}").docker?.liveRestore == Located(false, at: Setup.at(7, 26)))
    Setup.expectFailure(
      ["docker:", "  live_restore: true"], at: "skep.yml:8:19",
      "'setup.docker.live_restore' must be false: dockerd refuses live-restore in swarm mode (\"--live-restore daemon"
        + " configuration is incompatible with swarm mode\")")
    Setup.expectFailure(
      ["docker:", "  live_restore: no"], at: "skep.yml:8:19",
      "'setup.docker.live_restore' must be true or false, found 'no'")
  }

  @Test func restartAndReloadCommandsAreNotEmpty() throws {
    let docker = try Setup.section(
      "docker:", "  restart_command: rc-service docker restart", "  reload_command: pkill -HUP dockerd"
    ).docker
    #expect(docker?.restartCommand == Located("rc-service docker restart", at: Setup.at(8, 22)))
    #expect(docker?.reloadCommand == Located("pkill -HUP dockerd", at: Setup.at(9, 21)))
    Setup.expectFailure(
      ["docker:", "  reload_command: \"\""], at: "skep.yml:8:21",
      "'setup.docker.reload_command' must be a non-empty command (like 'systemctl reload docker'), found ''")
    Setup.expectFailure(
      ["docker:", "  restart_command: \"  \""], at: "skep.yml:8:22",
      "'setup.docker.restart_command' must be a non-empty command (like 'systemctl restart docker'), found '  '")
    Setup.expectFailure(
      ["docker:", "  restart_command:"], at: "skep.yml:8:21",
      "'setup.docker.restart_command' must be a non-empty command (like 'systemctl restart docker'), found an empty"
        + " value")
  }
}
