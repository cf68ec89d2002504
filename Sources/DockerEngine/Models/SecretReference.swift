extension ContainerSpec {
  /// A swarm secret given to a service's containers: `{SecretID, SecretName, File{Name,UID,GID,Mode}}`.
  public struct SecretReference: Codable, Sendable, Hashable {
    /// Where and how the secret appears in the container.
    public struct File: Codable, Sendable, Hashable {
      /// The file name under `/run/secrets/` (or an absolute path on 20.10+ Linux).
      public var name: String
      public var uid: String
      public var gid: String
      /// Permission bits, e.g. `0o400`.
      public var mode: UInt32

      public init(name: String, uid: String = "0", gid: String = "0", mode: UInt32 = 0o444) {
        self.name = name
        self.uid = uid
        self.gid = gid
        self.mode = mode
      }

      enum CodingKeys: String, CodingKey {
        case name = "Name"
        case uid = "UID"
        case gid = "GID"
        case mode = "Mode"
      }
    }

    public var secretID: String
    public var secretName: String
    /// Docker mounts nothing for a reference without a file target, so `init` always sets one.
    public var file: File?

    /// - Parameters:
    ///   - secretID: the ID `createSecret` returned.
    ///   - secretName: the secret's name.
    ///   - file: the file it becomes; by default `/run/secrets/SECRETNAME`, root-owned, mode 0444 (as the docker
    ///     CLI does).
    public init(secretID: String, secretName: String, file: File? = nil) {
      self.secretID = secretID
      self.secretName = secretName
      self.file = file ?? File(name: secretName)
    }

    enum CodingKeys: String, CodingKey {
      case secretID = "SecretID"
      case secretName = "SecretName"
      case file = "File"
    }
  }
}
