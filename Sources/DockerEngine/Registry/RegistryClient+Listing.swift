import NIOHTTP1

extension RegistryClient {
  /// How many entries to ask for per page.
  static let pageSize = 100

  /// Every repository in the registry (`GET /v2/_catalog`, following `Link` pages), in the registry's order.
  /// - Throws: `RegistryError`; a registry that disables the catalog answers `.http` (often 404 or 401).
  public func catalog() async throws(RegistryError) -> [String] {
    struct Page: Decodable { var repositories: [String]? }
    var names: [String] = []
    try await paged("/v2/_catalog") { (page: Page) in names += page.repositories ?? [] }
    return names
  }

  /// Every tag of `repository` (`GET /v2/NAME/tags/list`, following `Link` pages). A repository whose tags were all
  /// deleted answers an empty list (`"tags": null`).
  /// - Throws: `RegistryError.http` 404 (`NAME_UNKNOWN`) when the registry has no such repository.
  public func tags(_ repository: String) async throws(RegistryError) -> [String] {
    struct Page: Decodable { var tags: [String]? }
    var tags: [String] = []
    try await paged("/v2/\(repository)/tags/list") { (page: Page) in tags += page.tags ?? [] }
    return tags
  }

  /// Fetches `path?n=pageSize`, then each `Link: <…>; rel="next"` until there is none.
  private func paged<Page: Decodable>(_ path: String, _ collect: (Page) -> Void) async throws(RegistryError) {
    var next: (path: String, query: [(String, String)])? = (path, [("n", String(Self.pageSize))])
    var seen: Set<String> = []
    while let current = next {
      let request = HTTPRequest(method: .GET, path: current.path, query: current.query)
      guard seen.insert(request.uri).inserted else {
        throw .decoding(type: "\(Page.self)", path: path, reason: "the registry's Link pages loop at \(request.uri)")
      }
      let (page, answer) = try await send(request, as: Page.self)
      collect(page)
      next = RegistryLink.next(answer.headers["Link"])
    }
  }
}
