import Foundation

/// The build context of the sandbox's skep image: the running `skep` binary, the `skep-control` service binary built
/// beside it, the Swift runtime libraries they link, and restic, on the sandbox's own `debian:bookworm` — the same layout as the repository's `Dockerfile`, made from
/// files on this machine because the sandbox cannot pull a Swift toolchain image.
public struct SkepImageContext: Sendable, Equatable {
  /// Where the runtime libraries go inside the image (as in the official Swift slim images).
  public static let libraryDirectory = "/usr/lib/swift/linux"

  /// The `skep` executable to ship.
  public var binary: String
  /// The `skep-control` executable to ship (the control service's own, smaller binary).
  public var serviceBinary: String
  /// The Swift runtime libraries they link (absolute paths on this machine).
  public var libraries: [String]
  /// The restic executable to ship.
  public var restic: String

  public init(binary: String, serviceBinary: String, libraries: [String], restic: String) {
    self.binary = binary
    self.serviceBinary = serviceBinary
    self.libraries = libraries
    self.restic = restic
  }

  /// Where `swift build` puts `skep-control`: beside `skep`.
  public static func serviceBinary(besides binary: String) -> String {
    URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("skep-control").path
  }

  /// The Dockerfile at the root of the context. Its last `RUN` proves the three programs start inside the image.
  public static let dockerfile = """
    FROM debian:bookworm
    COPY lib/ \(libraryDirectory)/
    RUN echo \(libraryDirectory) > /etc/ld.so.conf.d/swift.conf && ldconfig
    COPY skep skep-control restic /usr/local/bin/
    RUN skep --version && skep-control --help > /dev/null && restic version
    LABEL org.opencontainers.image.title=skep
    ENTRYPOINT ["skep"]

    """

  /// The Swift runtime libraries in `ldd` output: every resolved path in a toolchain's `lib/swift/linux` directory
  /// (e.g. `/opt/swift/usr/lib/swift/linux/libswiftCore.so`); the system's own libraries (libc, libstdc++) are left
  /// to the base image.
  public static func swiftRuntimeLibraries(inLDDOutput output: String) -> [String] {
    var found: [String] = []
    for line in output.split(separator: "\n") {
      guard let arrow = line.range(of: "=> ") else { continue }
      let path = String(line[arrow.upperBound...].prefix { $0 != " " && $0 != "(" })
      if path.hasPrefix("/"), path.contains("/lib/swift/linux/"), !found.contains(path) { found.append(path) }
    }
    return found
  }

  /// Lays the context out in `directory` (which must exist): `Dockerfile`, `skep`, `skep-control`, `restic`,
  /// `lib/*.so`.
  /// Symlinks are followed: the image gets the files, named as the binary asks for them.
  public func stage(in directory: String) throws {
    let manager = FileManager.default
    let lib = directory + "/lib"
    do {
      try manager.createDirectory(atPath: lib, withIntermediateDirectories: true)
      try Self.dockerfile.write(toFile: directory + "/Dockerfile", atomically: true, encoding: .utf8)
      try Self.copyResolved(binary, to: directory + "/skep")
      try Self.copyResolved(serviceBinary, to: directory + "/skep-control")
      try Self.copyResolved(restic, to: directory + "/restic")
      for library in libraries {
        try Self.copyResolved(library, to: lib + "/" + URL(fileURLWithPath: library).lastPathComponent)
      }
    } catch {
      throw SandboxError(.io, "cannot assemble the skep image context in \(directory): \(error)")
    }
  }

  private static func copyResolved(_ source: String, to destination: String) throws {
    let real = URL(fileURLWithPath: source).resolvingSymlinksInPath().path
    try FileManager.default.copyItem(atPath: real, toPath: destination)
  }
}
