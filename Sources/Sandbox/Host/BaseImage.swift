/// The images every node gets, made with debootstrap because nothing can be pulled.
public enum BaseImage: String, Sendable, CaseIterable, Codable {
  case debian
  case mariadb

  /// Includes a recipe revision: bump it when the recipe changes so stale cached tarballs are not reused.
  var fileName: String {
    switch self {
    case .debian: "debian-bookworm-r2.tar"
    case .mariadb: "mariadb-10.11-r2.tar"
    }
  }

  /// Extra packages on top of `--variant=minbase`.
  var includes: [String] {
    switch self {
    // libsqlite3-0: the skep image is built on this one, and skep-control's run history is SQLite.
    case .debian: ["ca-certificates", "netcat-openbsd", "curl", "libsqlite3-0"]
    case .mariadb: ["mariadb-server", "mariadb-client", "ca-certificates"]
    }
  }

  /// The tags imported into every node; the first is imported, the rest are `docker tag`s of it.
  public var tags: [String] {
    switch self {
    case .debian: ["debian:bookworm"]
    case .mariadb: ["mariadb:10.11", "mariadb:latest"]
    }
  }

  /// `docker import --change` instructions.
  var changes: [String] {
    switch self {
    case .debian: ["CMD [\"bash\"]"]
    case .mariadb:
      [
        "ENTRYPOINT [\"/usr/local/bin/docker-entrypoint.sh\"]", "CMD [\"mariadbd\"]", "EXPOSE 3306",
        "VOLUME /var/lib/mysql",
      ]
    }
  }
}
