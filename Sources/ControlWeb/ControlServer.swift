import Foundation
import Hummingbird
import Logging

/// skep-control's HTTP server: the dashboard (`/`, `/runs/ID`), Prometheus metrics (`/metrics`), a health check
/// (`/healthz`) and the JSON API (`/api/runs`, `/api/runs/ID`, `POST /api/jobs/NAME/run`), over a ``ControlBackend``.
///
/// With a password every route but `/healthz` needs it (HTTP Basic with any user name, or `Bearer PASSWORD`).
/// It runs on Hummingbird's defaults: HTTP/1.1 on NIO's singleton event loop group, no extra threads or caches.
public struct ControlServer: Sendable {
  /// The port to listen on (0: any free one).
  public var port: Int
  /// The address to bind (`0.0.0.0`: every interface, as a swarm service's published port needs).
  public var host: String
  let password: String?
  let backend: any ControlBackend
  let logger: Logger

  /// Creates the server; nothing is bound until ``run()``. An empty `password` counts as none.
  public init(port: Int, host: String = "0.0.0.0", password: String?, backend: some ControlBackend, logger: Logger) {
    self.port = port
    self.host = host
    self.password = password.flatMap { $0.isEmpty ? nil : $0 }
    self.backend = backend
    self.logger = logger
  }

  /// Serves until the calling task is cancelled (or the server fails to bind: then it throws).
  public func run() async throws {
    if password == nil {
      logger.warning("skep-control web: no password set, the dashboard and the API are open to anyone who can reach it")
    }
    try await makeApplication().run()
  }

  /// The Hummingbird application, not yet running: a `Service` to put in a `ServiceGroup` (graceful shutdown on
  /// SIGTERM), or for HummingbirdTesting's `.test(.router)` in tests.
  public func makeApplication() -> Application<RouterResponder<BasicRequestContext>> {
    let logger = self.logger
    let address = "\(host):\(port)"
    return Application(
      router: makeRouter(),
      configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in
        let bound = channel.localAddress?.port.map { "\($0)" } ?? "?"
        logger.info("skep-control web listening", metadata: ["address": "\(address)", "port": "\(bound)"])
      },
      logger: logger)
  }

  /// The routes, behind the password check when there is a password.
  public func makeRouter() -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: NotFoundPageMiddleware())
    if let password {
      router.add(middleware: PasswordMiddleware(password: password, openPaths: ["/healthz"]))
    }
    ControlRoutes(backend: backend, logger: logger).register(on: router)
    return router
  }
}

/// Turns the router's 404 for a path without a route into the HTML ``ErrorPage`` (JSON under `/api/`).
struct NotFoundPageMiddleware<Context: RequestContext>: RouterMiddleware {
  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    do {
      return try await next(request, context)
    } catch let error as HTTPError where error.status == .notFound {
      if request.uri.path.hasPrefix("/api/") {
        return ControlRoutes.json(ErrorBody(error: "no such endpoint: \(request.uri.path)"), status: .notFound)
      }
      return ControlRoutes.html(ErrorPage.notFound(path: request.uri.path), status: .notFound)
    }
  }
}
