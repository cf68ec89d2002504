import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RunHistory
import Testing

@testable import ControlWeb

/// A backend with fixed answers that records what the HTTP layer asked.
struct FakeBackend: ControlBackend {
  actor Calls {
    var runsQueries: [(job: String?, limit: Int)] = []
    var triggered: [String] = []
    func record(job: String?, limit: Int) { runsQueries.append((job, limit)) }
    func record(trigger job: String) { triggered.append(job) }
  }

  struct Broken: Error, CustomStringConvertible {
    var description: String { "history file damaged" }
  }

  let calls = Calls()
  var failing = false
  var problem: String?

  func unhealthy() async -> String? { problem }

  func snapshot() async -> DashboardSnapshot { Fixture.snapshot() }

  func run(id: Int64) async throws -> JobRun? {
    if failing { throw Broken() }
    return id == 7 ? Fixture.backupRun : nil
  }

  func runs(job: String?, limit: Int) async throws -> [JobRun] {
    if failing { throw Broken() }
    await calls.record(job: job, limit: limit)
    return [Fixture.runningClean, Fixture.backupRun, Fixture.failedRun].filter { job == nil || $0.job == job }
      .map {
        var run = $0; run.items = []; return run
      }
  }

  func trigger(job: String) async -> TriggerResult {
    await calls.record(trigger: job)
    switch job {
    case "backup": return .started(JobRun(id: 9, job: "backup", trigger: .manual, due: nil, started: Fixture.now))
    case "clean": return .refused(reason: "clean is already running (run 8)", running: Fixture.runningClean)
    default: return .unknownJob(known: ["backup", "clean", "check"])
    }
  }
}

/// Keeps every log line (message and metadata) so a test can look for what must never be logged.
final class CapturedLogs: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []

  var text: String { lock.withLock { lines.joined(separator: "\n") } }

  func append(_ line: String) { lock.withLock { lines.append(line) } }

  func logger() -> Logger {
    var logger = Logger(label: "test") { _ in Handler(logs: self) }
    logger.logLevel = .trace
    return logger
  }

  struct Handler: LogHandler {
    let logs: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
      let all = metadata.merging(event.metadata ?? [:]) { $1 }
      logs.append("\(event.level) \(event.message) \(all)")
    }
  }
}

func decoder() -> JSONDecoder {
  let decoder = JSONDecoder()
  decoder.dateDecodingStrategy = .iso8601
  return decoder
}

func basic(_ user: String, _ password: String) -> HTTPFields {
  [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
}

let password = "s3cret-Pässword"

@Suite struct ServerAuthTests {
  let logs = CapturedLogs()

  func app(
    password: String? = password, backend: FakeBackend = FakeBackend()
  ) -> Application<RouterResponder<BasicRequestContext>> {
    ControlServer(port: 0, password: password, backend: backend, logger: logs.logger()).makeApplication()
  }

  @Test func withoutOrWithAWrongPasswordEveryPageIs401() async throws {
    try await app().test(.router) { client in
      for uri in ["/", "/metrics", "/runs/7", "/api/runs", "/api/runs/7", "/no/such/page"] {
        try await client.execute(uri: uri, method: .get) { response in
          #expect(response.status == .unauthorized, "\(uri)")
          #expect(response.headers[.wwwAuthenticate] == "Basic realm=\"skep\"")
          #expect(String(buffer: response.body).contains("401 Unauthorized"))
        }
      }
      let wrong: [HTTPFields] = [
        basic("admin", "wrong"), basic("admin", password + "x"), basic("admin", ""), [.authorization: "Bearer nope"],
        [.authorization: "Bearer " + password.dropLast()], [.authorization: "Basic !!notbase64"],
        [.authorization: "Digest " + password], [.authorization: password],
      ]
      for headers in wrong {
        try await client.execute(uri: "/", method: .get, headers: headers) { response in
          #expect(response.status == .unauthorized, "\(headers)")
        }
      }
      try await client.execute(uri: "/api/jobs/backup/run", method: .post) { response in
        #expect(response.status == .unauthorized)
      }
    }
    #expect(!logs.text.contains(password))
  }

  @Test func basicWithAnyUserAndBearerAreAccepted() async throws {
    try await app().test(.router) { client in
      for headers in [basic("admin", password), basic("", password), [.authorization: "Bearer \(password)"]] {
        try await client.execute(uri: "/", method: .get, headers: headers) { response in
          #expect(response.status == .ok)
          #expect(response.headers[.contentType] == "text/html; charset=utf-8")
          #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
          #expect(String(buffer: response.body).contains("<tr id=\"node-node1\">"))
        }
      }
    }
    #expect(!logs.text.contains(password))
  }

  @Test func onlyTheFirstColonOfBasicSeparatesTheUserName() async throws {
    try await app(password: "pa:ss").test(.router) { client in
      try await client.execute(uri: "/", method: .get, headers: basic("me", "pa:ss")) { response in
        #expect(response.status == .ok)
      }
      try await client.execute(uri: "/", method: .get, headers: basic("pa", "ss")) { response in
        #expect(response.status == .unauthorized)
      }
    }
  }

  @Test func healthzNeedsNoPassword() async throws {
    try await app().test(.router) { client in
      try await client.execute(uri: "/healthz", method: .get) { response in
        #expect(response.status == .ok)
        #expect(String(buffer: response.body) == "ok\n")
      }
    }
  }

  @Test func healthzIs503WithTheReasonWhenTheServiceIsUnhealthy() async throws {
    var backend = FakeBackend()
    backend.problem = "the schedule loop has been in step \"tick\" for 301 s (pass 12)"
    try await app(backend: backend).test(.router) { client in
      try await client.execute(uri: "/healthz", method: .get) { response in
        #expect(response.status == .serviceUnavailable)
        #expect(String(buffer: response.body).contains("\"tick\" for 301 s"))
      }
    }
  }

  @Test func withoutAPasswordEverythingIsOpen() async throws {
    for open in [nil, ""] as [String?] {
      try await app(password: open).test(.router) { client in
        try await client.execute(uri: "/", method: .get) { response in
          #expect(response.status == .ok)
        }
      }
    }
  }

  @Test func constantTimeEqualCompares() {
    typealias Check = PasswordMiddleware<BasicRequestContext>
    #expect(Check.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
    #expect(!Check.constantTimeEqual(Array("abd".utf8), Array("abc".utf8)))
    #expect(!Check.constantTimeEqual(Array("ab".utf8), Array("abc".utf8)))
    #expect(!Check.constantTimeEqual(Array("abcd".utf8), Array("abc".utf8)))
    #expect(!Check.constantTimeEqual([], []))
  }
}

@Suite struct ServerRouteTests {
  let backend = FakeBackend()
  let auth: HTTPFields = [.authorization: "Bearer \(password)"]

  func app(_ backend: FakeBackend? = nil) -> Application<RouterResponder<BasicRequestContext>> {
    ControlServer(port: 0, password: password, backend: backend ?? self.backend, logger: Logger(label: "test"))
      .makeApplication()
  }

  @Test func metricsHaveThePrometheusContentType() async throws {
    try await app().test(.router) { client in
      try await client.execute(uri: "/metrics", method: .get, headers: auth) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
        let metrics = try Exposition(parsing: String(buffer: response.body))
        #expect(metrics.value("skep_swarm_managers") == 3)
      }
    }
  }

  @Test func runPageAndItsNotFound() async throws {
    try await app().test(.router) { client in
      try await client.execute(uri: "/runs/7", method: .get, headers: auth) { response in
        #expect(response.status == .ok)
        #expect(String(buffer: response.body).contains("<td>repository locked</td>"))
      }
      for uri in ["/runs/999", "/runs/abc", "/nothing"] {
        try await client.execute(uri: uri, method: .get, headers: auth) { response in
          #expect(response.status == .notFound, "\(uri)")
          #expect(response.headers[.contentType] == "text/html; charset=utf-8")
          #expect(String(buffer: response.body).contains("<h1>404 Not found</h1>"))
        }
      }
    }
  }

  @Test func apiListsRunsWithJobAndLimit() async throws {
    try await app().test(.router) { client in
      try await client.execute(uri: "/api/runs?job=backup&limit=2", method: .get, headers: auth) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json")
        let runs = try decoder().decode([JobRun].self, from: Data(response.body.readableBytesView))
        #expect(runs.map(\.id) == [7, 6])
        #expect(runs[0].started == Fixture.backupRun.started)
        #expect(String(buffer: response.body).contains("\"started\":\"2025-12-06T04:46:40Z\""))
      }
      try await client.execute(uri: "/api/runs", method: .get, headers: auth) { response in
        let runs = try decoder().decode([JobRun].self, from: Data(response.body.readableBytesView))
        #expect(runs.count == 3)
      }
      try await client.execute(uri: "/api/runs?limit=5000&job=", method: .get, headers: auth) { _ in }
      try await client.execute(uri: "/api/runs?limit=abc", method: .get, headers: auth) { response in
        #expect(response.status == .badRequest)
        #expect(String(buffer: response.body).contains("\"error\":\"limit must be a positive integer"))
      }
    }
    let queries = await backend.calls.runsQueries
    #expect(queries.map(\.job) == ["backup", nil, nil])
    #expect(queries.map(\.limit) == [2, ControlRoutes.defaultLimit, ControlRoutes.maximumLimit])
  }

  @Test func apiRunByIDWithItemsOr404() async throws {
    try await app().test(.router) { client in
      try await client.execute(uri: "/api/runs/7", method: .get, headers: auth) { response in
        #expect(response.status == .ok)
        let run = try decoder().decode(JobRun.self, from: Data(response.body.readableBytesView))
        #expect(run.items.count == 2)
        #expect(run.id == 7)
      }
      for uri in ["/api/runs/999", "/api/runs/x", "/api/nothing"] {
        try await client.execute(uri: uri, method: .get, headers: auth) { response in
          #expect(response.status == .notFound, "\(uri)")
          let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
          #expect(body?["error"] is String, "\(uri)")
        }
      }
    }
  }

  @Test func apiBackendFailureIs500WithTheMessage() async throws {
    try await app(FakeBackend(failing: true)).test(.router) { client in
      try await client.execute(uri: "/api/runs/7", method: .get, headers: auth) { response in
        #expect(response.status == .internalServerError)
        #expect(String(buffer: response.body) == #"{"error":"history file damaged"}"#)
      }
      try await client.execute(uri: "/runs/7", method: .get, headers: auth) { response in
        #expect(response.status == .internalServerError)
        #expect(String(buffer: response.body).contains("history file damaged"))
      }
    }
  }

  @Test func triggerAnswers202Or409Or404() async throws {
    try await app().test(.router) { client in
      try await client.execute(uri: "/api/jobs/backup/run", method: .post, headers: auth) { response in
        #expect(response.status == .accepted)
        let run = try decoder().decode(JobRun.self, from: Data(response.body.readableBytesView))
        #expect(run.id == 9)
        #expect(run.status == .running)
      }
      try await client.execute(uri: "/api/jobs/clean/run", method: .post, headers: auth) { response in
        #expect(response.status == .conflict)
        struct Refused: Decodable {
          var error: String
          var running: JobRun
        }
        let body = try decoder().decode(Refused.self, from: Data(response.body.readableBytesView))
        #expect(body.error == "clean is already running (run 8)")
        #expect(body.running.id == 8)
      }
      try await client.execute(uri: "/api/jobs/nope/run", method: .post, headers: auth) { response in
        #expect(response.status == .notFound)
        struct Unknown: Decodable {
          var error: String
          var known: [String]
        }
        let body = try decoder().decode(Unknown.self, from: Data(response.body.readableBytesView))
        #expect(body.known == ["backup", "clean", "check"])
        #expect(body.error.contains("nope"))
      }
      var crossSite = auth
      crossSite[.origin] = "http://evil.example"
      try await client.execute(uri: "/api/jobs/backup/run", method: .post, headers: crossSite) { response in
        #expect(response.status == .forbidden)
      }
    }
    #expect(await backend.calls.triggered == ["backup", "clean", "nope"])
  }

  @Test func sameOriginMatchesHostAndPort() {
    #expect(ControlRoutes.isSameOrigin("http://node1:8080", authority: "node1:8080"))
    #expect(ControlRoutes.isSameOrigin("http://Node1", authority: "node1"))
    #expect(!ControlRoutes.isSameOrigin("http://evil.example", authority: "node1:8080"))
    #expect(!ControlRoutes.isSameOrigin("http://node1:8081", authority: "node1:8080"))
    #expect(!ControlRoutes.isSameOrigin("null", authority: "node1:8080"))
    #expect(!ControlRoutes.isSameOrigin("http://node1:8080", authority: nil))
  }
}

@Suite struct ServerLifecycleTests {
  @Test(.timeLimit(.minutes(1))) func runServesUntilItsTaskIsCancelled() async throws {
    let logs = CapturedLogs()
    let server = ControlServer(
      port: 0, host: "127.0.0.1", password: password, backend: FakeBackend(), logger: logs.logger())
    let task = Task { try await server.run() }
    // Wait until it has bound, then stop it.
    for _ in 0..<200 where !logs.text.contains("skep-control web listening") {
      try await Task.sleep(for: .milliseconds(20))
    }
    #expect(logs.text.contains("skep-control web listening"))
    task.cancel()
    _ = await task.result
    #expect(!logs.text.contains(password))
  }
}
