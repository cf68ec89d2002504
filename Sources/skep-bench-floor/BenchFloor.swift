import Foundation
import GRDB
import Hummingbird
import Prometheus

/// bench/control's yardstick: the stack skep-control is built on (Swift and Foundation, Hummingbird, GRDB on SQLite,
/// swift-prometheus), each used once, then idle behind an HTTP port: what any service made of these parts costs
/// in memory before it does anything of its own. Not shipped: the benchmark runs it beside skep-control.
///
///     skep-bench-floor PORT SQLITE-FILE
@main
struct BenchFloor {
  static func main() async throws {
    let arguments = CommandLine.arguments
    guard arguments.count == 3, let port = Int(arguments[1]) else {
      FileHandle.standardError.write(Data("usage: skep-bench-floor PORT SQLITE-FILE\n".utf8))
      exit(2)
    }
    let queue = try DatabaseQueue(path: arguments[2])
    try await queue.write { db in
      try db.execute(sql: "CREATE TABLE IF NOT EXISTS hit (id INTEGER PRIMARY KEY, at TEXT NOT NULL)")
      try db.execute(sql: "INSERT INTO hit (at) VALUES (?)", arguments: [Date().formatted(.iso8601)])
    }
    struct Hit: Codable { var id: Int }
    let decoded = try JSONDecoder().decode([Hit].self, from: Data(#"[{"id": 1}]"#.utf8))
    let router = Router()
    router.get("/") { _, _ -> String in
      let count = try await queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM hit") ?? 0 }
      return "\(count + decoded.count)\n"
    }
    router.get("/metrics") { _, _ -> String in
      let registry = PrometheusCollectorRegistry()
      registry.makeCounter(
        descriptor: MetricNameDescriptor(metricName: "floor_requests_total", unitName: "", helpText: "Requests.")
      ).increment()
      var buffer: [UInt8] = []
      registry.emit(into: &buffer)
      return String(decoding: buffer, as: UTF8.self)
    }
    let application = Application(
      router: router, configuration: .init(address: .hostname("0.0.0.0", port: port)))
    try await application.runService()
  }
}
