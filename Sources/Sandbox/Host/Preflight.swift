import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Checks the host can run a sandbox: Linux, root, and the Debian packages it uses.
public struct Preflight: Sendable {
  /// The Debian packages the sandbox (and the issues built on it) need.
  public static let requiredPackages = [
    "docker.io", "docker-registry", "restic", "debootstrap", "iproute2", "iptables", "openssh-server", "openssh-client",
  ]

  public var runner: CommandRunner

  public init(runner: CommandRunner) {
    self.runner = runner
  }

  /// Throws a user-fixable error unless this is Linux and we are root.
  public static func requireLinuxRoot() throws {
    #if os(Linux)
      guard getuid() == 0 else {
        throw SandboxError(
          .unsupportedHost,
          "the sandbox needs root (it creates network namespaces, a bridge, iptables rules and runs dockerd); "
            + "rerun with sudo")
      }
    #else
      throw SandboxError(.unsupportedHost, "the sandbox needs Linux (network namespaces, dockerd); this is not Linux")
    #endif
  }

  /// The required packages dpkg does not report as installed.
  public func missingPackages() async throws -> [String] {
    var missing: [String] = []
    for package in Self.requiredPackages {
      let output = try await runner.run(["dpkg-query", "-W", "-f=${Status}", package], check: false)
      if output.status != 0 || !output.stdout.contains("install ok installed") { missing.append(package) }
    }
    return missing
  }

  /// Installs what is missing when `install` is true, else fails listing exactly what is missing.
  public func ensurePackages(install: Bool) async throws {
    let missing = try await missingPackages()
    guard !missing.isEmpty else { return }
    let command = "apt-get install -y " + missing.joined(separator: " ")
    guard install else {
      throw SandboxError(
        .unsupportedHost,
        "missing Debian packages: \(missing.joined(separator: ", ")); install them with `\(command)` "
          + "or rerun with --install")
    }
    runner.logger.info("installing \(missing.joined(separator: " ")) with apt-get")
    var environment = ProcessInfo.processInfo.environment
    environment["DEBIAN_FRONTEND"] = "noninteractive"
    try await runner.run(["apt-get", "update"], environment: environment)
    try await runner.run(["apt-get", "install", "-y", "--no-install-recommends"] + missing, environment: environment)
  }
}
