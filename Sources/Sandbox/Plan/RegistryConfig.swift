/// The config.yml of the sandbox's registry (Debian's `docker-registry`, distribution v2).
public enum RegistryConfig {
  public static func render(listen: String, storage: String) -> String {
    """
    # written by `skep sandbox up`
    version: 0.1
    log:
      level: info
    storage:
      filesystem:
        rootdirectory: \(storage)
      delete:
        enabled: true
    http:
      addr: \(listen)

    """
  }
}
