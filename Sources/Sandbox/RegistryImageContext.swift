import Foundation

/// The build context of a registry image for the sandbox: this machine's Debian `docker-registry` binary on the
/// sandbox's own `debian:bookworm`, laid out like the upstream `registry:2` image (binary `/bin/registry`, config
/// `/etc/docker/registry/config.yml`, storage `/var/lib/registry`, port 5000), so `skep registry deploy` treats both
/// the same way. The sandbox cannot pull `registry:2`, so it makes this one.
public struct RegistryImageContext: Sendable, Equatable {
  /// The repository name the image gets in the sandbox registry (`REGISTRY/registry:2`).
  public static let repository = "registry"
  /// The tag, as upstream's.
  public static let tag = "2"

  /// The `docker-registry` executable to ship (statically linked Go, needs only libc).
  public var binary: String

  public init(binary: String = "/usr/bin/docker-registry") {
    self.binary = binary
  }

  /// The Dockerfile at the root of the context. Its `RUN` proves the binary starts inside the image.
  public static let dockerfile = """
    FROM debian:bookworm
    COPY registry /bin/registry
    COPY config.yml /etc/docker/registry/config.yml
    RUN /bin/registry --version
    VOLUME ["/var/lib/registry"]
    EXPOSE 5000
    LABEL org.opencontainers.image.title=registry
    ENTRYPOINT ["/bin/registry"]
    CMD ["serve", "/etc/docker/registry/config.yml"]

    """

  /// The same settings as upstream's image config; deletes stay off unless the service turns them on.
  public static let config = """
    version: 0.1
    log:
      fields:
        service: registry
    storage:
      cache:
        blobdescriptor: inmemory
      filesystem:
        rootdirectory: /var/lib/registry
    http:
      addr: :5000

    """

  /// Lays the context out in `directory` (which must exist): `Dockerfile`, `registry`, `config.yml`.
  public func stage(in directory: String) throws {
    do {
      try Self.dockerfile.write(toFile: directory + "/Dockerfile", atomically: true, encoding: .utf8)
      try Self.config.write(toFile: directory + "/config.yml", atomically: true, encoding: .utf8)
      let real = URL(fileURLWithPath: binary).resolvingSymlinksInPath().path
      try FileManager.default.copyItem(atPath: real, toPath: directory + "/registry")
    } catch {
      throw SandboxError(.io, "cannot assemble the registry image context in \(directory): \(error)")
    }
  }
}
