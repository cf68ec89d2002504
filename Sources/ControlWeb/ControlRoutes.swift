import Foundation
import Hummingbird
import Logging
import RunHistory

/// The handlers: each asks the backend, renders, and maps the outcome to a status code. A backend failure is a 500
/// with its message (an HTML page, or `{"error": …}` under `/api/`), logged once here.
struct ControlRoutes: Sendable {
  let backend: any ControlBackend
  let logger: Logger

  /// Runs listed by `GET /api/runs` without `limit`, and the most it accepts.
  static let defaultLimit = 50
  static let maximumLimit = 1000

  func register(on router: Router<BasicRequestContext>) {
    router.get("/healthz") { _, _ in
      let problem = await backend.unhealthy()
      return Response(
        status: problem == nil ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: (problem ?? "ok") + "\n")))
    }
    router.get("/") { _, _ in
      Self.html(DashboardPage.render(await backend.snapshot()))
    }
    router.get("/metrics") { _, _ in
      Response(
        status: .ok, headers: [.contentType: MetricsText.contentType, .cacheControl: "no-store"],
        body: ResponseBody(byteBuffer: ByteBuffer(string: MetricsText.render(await backend.snapshot()))))
    }
    router.get("/runs/{id}") { request, context in
      try await runPage(request: request, context: context)
    }
    router.get("/api/runs") { request, _ in
      try await listRuns(request: request)
    }
    router.get("/api/runs/{id}") { _, context in
      try await runJSON(context: context)
    }
    router.post("/api/jobs/{name}/run") { request, context in
      try await trigger(request: request, context: context)
    }
  }

  func runPage(request: Request, context: BasicRequestContext) async throws -> Response {
    guard let id = context.parameters.get("id", as: Int64.self) else {
      return Self.html(ErrorPage.notFound(path: request.uri.path), status: .notFound)
    }
    do {
      guard let run = try await backend.run(id: id) else {
        return Self.html(
          ErrorPage.render(status: 404, title: "Not found", message: "No run #\(id) in the history."),
          status: .notFound)
      }
      return Self.html(RunPage.render(run, generated: Date()))
    } catch {
      logger.error("reading run failed", metadata: ["run": "\(id)", "error": "\(error)"])
      return Self.html(
        ErrorPage.render(status: 500, title: "History unavailable", message: "\(error)"), status: .internalServerError)
    }
  }

  func listRuns(request: Request) async throws -> Response {
    let query = request.uri.queryParameters
    let job = query["job"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    var limit = Self.defaultLimit
    if let text = query["limit"], !text.isEmpty {
      guard let value = Int(text), value > 0 else {
        return Self.json(ErrorBody(error: "limit must be a positive integer, not \(text)"), status: .badRequest)
      }
      limit = min(value, Self.maximumLimit)
    }
    do {
      return Self.json(try await backend.runs(job: job, limit: limit))
    } catch {
      logger.error("listing runs failed", metadata: ["error": "\(error)"])
      return Self.json(ErrorBody(error: "\(error)"), status: .internalServerError)
    }
  }

  func runJSON(context: BasicRequestContext) async throws -> Response {
    guard let id = context.parameters.get("id", as: Int64.self) else {
      return Self.json(ErrorBody(error: "a run id is a number"), status: .notFound)
    }
    do {
      guard let run = try await backend.run(id: id) else {
        return Self.json(ErrorBody(error: "no run #\(id)"), status: .notFound)
      }
      return Self.json(run)
    } catch {
      logger.error("reading run failed", metadata: ["run": "\(id)", "error": "\(error)"])
      return Self.json(ErrorBody(error: "\(error)"), status: .internalServerError)
    }
  }

  func trigger(request: Request, context: BasicRequestContext) async throws -> Response {
    // A browser holding the Basic credentials must not start a run for another site's form (CSRF): a request that
    // says it comes from elsewhere is refused. `skep jobs run` and curl send no Origin.
    if let origin = request.headers[.origin], !Self.isSameOrigin(origin, authority: request.head.authority) {
      return Self.json(ErrorBody(error: "cross-origin request refused"), status: .forbidden)
    }
    let name = context.parameters.get("name") ?? ""
    switch await backend.trigger(job: name) {
    case .started(let run):
      logger.info("manual run started", metadata: ["job": "\(name)", "run": "\(run.id)"])
      return Self.json(run, status: .accepted)
    case .refused(let reason, let running):
      return Self.json(ErrorBody(error: reason, running: running), status: .conflict)
    case .unknownJob(let known):
      return Self.json(ErrorBody(error: "no job named \(name) in schedule:", known: known), status: .notFound)
    }
  }

  /// True when `origin` (`http://host:port`) names the host the request was sent to.
  static func isSameOrigin(_ origin: String, authority: String?) -> Bool {
    guard let authority, let url = URL(string: origin), let host = url.host else { return false }
    let originAuthority = url.port.map { "\(host):\($0)" } ?? host
    return originAuthority.lowercased() == authority.lowercased()
  }

  // MARK: Responses

  static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status,
      headers: [
        .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
        .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'",
        .xContentTypeOptions: "nosniff",
      ],
      body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
  }

  /// Dates as ISO 8601, keys sorted: what `skep jobs` decodes.
  static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys]
    let data: Data
    do {
      data = try encoder.encode(value)
    } catch {
      // Encoding our own Codable values does not fail; if it ever does, say so rather than crash.
      data = Data(#"{"error":"encoding the response failed"}"#.utf8)
      return Response(
        status: .internalServerError, headers: [.contentType: "application/json"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
    return Response(
      status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
  }
}

/// The JSON body of every API error: `{"error": …}`, plus the run in the way (409) or the known jobs (404).
struct ErrorBody: Encodable {
  var error: String
  var running: JobRun?
  var known: [String]?
}
