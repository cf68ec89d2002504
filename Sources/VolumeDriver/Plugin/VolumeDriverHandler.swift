import Foundation

/// What serves the plugin protocol's volume calls; ``PluginRouter`` decodes requests, calls it and encodes answers.
///
/// An error thrown here becomes the answer's `Err` (HTTP 500): a ``VolumeDriverError`` gives its ``VolumeDriverError/message``,
/// any other error its description. Docker shows `Err` to the user as it is, so write it for them.
public protocol VolumeDriverHandler: Sendable {
  /// `docker volume create -d skep`: remember the volume (no data moves).
  func create(_ request: VolumeCreateRequest) async throws
  /// `docker volume rm`: forget the volume on this node.
  func remove(_ request: VolumeNameRequest) async throws
  /// A container using the volume starts on this node; returns the host path to bind-mount.
  func mount(_ request: VolumeMountRequest) async throws -> String
  /// A container using the volume stopped; must return within Docker's one minute.
  func unmount(_ request: VolumeMountRequest) async throws
  /// The host path of a mounted volume, or `""` when it is not mounted here.
  func path(_ request: VolumeNameRequest) async throws -> String
  /// One volume.
  func get(_ request: VolumeNameRequest) async throws -> PluginVolume
  /// Every volume.
  func list() async throws -> [PluginVolume]
  /// The driver's capabilities (skep: scope `local`).
  func capabilities() async -> PluginCapabilities
  /// skep's `/Skep.SnapshotNow`: a snapshot of a volume this node holds the lease of (a default refuses).
  func snapshotNow(_ request: VolumeNameRequest) async throws -> PublishedSnapshot
}

/// An error a handler throws for the user to read in `Err`.
public struct VolumeDriverError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What kind of failure this is.
  public enum Code: String, Sendable, Hashable {
    /// The request itself is wrong (bad JSON, unknown endpoint, missing name): a bug in the caller.
    case badRequest
    /// The volume is unknown here.
    case notFound
    /// The mount is refused now and the swarm should retry later (lease held elsewhere, restore running).
    case refused
    /// Anything else.
    case failed
  }

  /// The kind of failure.
  public var code: Code
  /// The sentence Docker shows the user.
  public var message: String

  /// Creates an error.
  public init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }

  /// The message.
  public var description: String { message }
}
