import ControlWeb
import Foundation
import RunHistory
import Testing

/// A parsed Prometheus text exposition (0.0.4): families with their HELP and TYPE, samples with their labels.
struct Exposition {
  struct Sample: Hashable {
    var name: String
    var labels: [String: String]
    var value: Double
  }

  struct ParseError: Error, CustomStringConvertible {
    var line: String
    var reason: String
    var description: String { "\(reason): \(line)" }
  }

  var help: [String: String] = [:]
  var type: [String: String] = [:]
  var samples: [Sample] = []

  init(parsing text: String) throws {
    #expect(text.hasSuffix("\n"))
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) {
      if line.hasPrefix("# HELP ") {
        let rest = line.dropFirst(7)
        guard let space = rest.firstIndex(of: " ") else { throw ParseError(line: line, reason: "HELP without text") }
        let name = String(rest[..<space])
        guard help[name] == nil else { throw ParseError(line: line, reason: "second HELP") }
        guard Self.isMetricName(name) else { throw ParseError(line: line, reason: "bad name") }
        help[name] = String(rest[rest.index(after: space)...])
      } else if line.hasPrefix("# TYPE ") {
        let parts = line.dropFirst(7).split(separator: " ").map(String.init)
        guard parts.count == 2, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[1]) else {
          throw ParseError(line: line, reason: "bad TYPE")
        }
        guard type[parts[0]] == nil else { throw ParseError(line: line, reason: "second TYPE") }
        guard !samples.contains(where: { $0.name == parts[0] }) else {
          throw ParseError(line: line, reason: "TYPE after its samples")
        }
        type[parts[0]] = parts[1]
      } else if line.hasPrefix("#") || line.isEmpty {
        throw ParseError(line: line, reason: "unexpected comment or blank line")
      } else {
        samples.append(try Self.sample(line))
      }
    }
    for sample in samples where type[sample.name] == nil {
      throw ParseError(line: sample.name, reason: "sample without TYPE")
    }
  }

  static func isMetricName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
    return name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == ":"
    }
  }

  /// `name{a="x",b="y\"z"} 1.5` or `name 2`.
  static func sample(_ line: String) throws -> Sample {
    var chars = Substring(line)
    let name = String(chars.prefix { $0 != "{" && $0 != " " })
    guard isMetricName(name) else { throw ParseError(line: line, reason: "bad metric name") }
    chars = chars.dropFirst(name.count)
    var labels: [String: String] = [:]
    if chars.first == "{" {
      chars = chars.dropFirst()
      while chars.first != "}" {
        let key = String(chars.prefix { $0 != "=" })
        guard isMetricName(key), !key.contains(":") else { throw ParseError(line: line, reason: "bad label name") }
        chars = chars.dropFirst(key.count)
        guard chars.hasPrefix("=\"") else { throw ParseError(line: line, reason: "label without value") }
        chars = chars.dropFirst(2)
        var value = ""
        while true {
          guard let next = chars.popFirst() else { throw ParseError(line: line, reason: "unterminated value") }
          if next == "\"" { break }
          if next == "\\" {
            switch chars.popFirst() {
            case "\\": value.append("\\")
            case "\"": value.append("\"")
            case "n": value.append("\n")
            default: throw ParseError(line: line, reason: "bad escape")
            }
          } else {
            value.append(next)
          }
        }
        guard labels.updateValue(value, forKey: key) == nil else {
          throw ParseError(line: line, reason: "duplicate label")
        }
        if chars.first == "," { chars = chars.dropFirst() }
      }
      chars = chars.dropFirst()
    }
    guard chars.first == " ", let value = Double(chars.dropFirst()) else {
      throw ParseError(line: line, reason: "bad value")
    }
    return Sample(name: name, labels: labels, value: value)
  }

  func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
    let matches = samples.filter { $0.name == name && $0.labels == labels }
    #expect(matches.count <= 1, "\(name)\(labels) appears \(matches.count) times")
    return matches.first?.value
  }
}

@Suite struct MetricsTextTests {
  let snapshot = Fixture.snapshot()

  func parsed() throws -> Exposition {
    try Exposition(parsing: MetricsText.render(snapshot))
  }

  @Test func parsesAsTextExpositionWithHelpAndTypeForEveryFamily() throws {
    let metrics = try parsed()
    let expected: [String: String] = [
      "skep_volume_newest_snapshot_timestamp_seconds": "gauge", "skep_volume_stale": "gauge",
      "skep_job_runs_total": "counter", "skep_job_last_run_duration_seconds": "gauge",
      "skep_job_last_run_timestamp_seconds": "gauge", "skep_job_last_run_success": "gauge",
      "skep_job_bytes_added_total": "counter", "skep_swarm_managers": "gauge",
      "skep_swarm_reachable_managers": "gauge", "skep_swarm_quorum_tolerance": "gauge", "skep_nodes": "gauge",
      "skep_scrape_generated_timestamp_seconds": "gauge",
    ]
    #expect(metrics.type == expected)
    #expect(Set(metrics.help.keys) == Set(expected.keys))
    #expect(metrics.help.values.allSatisfy { $0.count > 10 })
  }

  @Test func volumeFreshness() throws {
    let metrics = try parsed()
    let db = Fixture.at(-(3 * 3600 + 12 * 60)).timeIntervalSince1970
    #expect(metrics.value("skep_volume_newest_snapshot_timestamp_seconds", ["volume": "db"]) == db)
    #expect(metrics.value("skep_volume_newest_snapshot_timestamp_seconds", ["volume": "cache"]) == nil)
    #expect(metrics.value("skep_volume_stale", ["volume": "db"]) == 0)
    #expect(metrics.value("skep_volume_stale", ["volume": "photos"]) == 1)
    #expect(metrics.value("skep_volume_stale", ["volume": "cache"]) == 1)
    // A label value with quotes and angle brackets survives the escaping.
    #expect(metrics.value("skep_volume_stale", ["volume": Fixture.hostileVolume]) == 0)
  }

  @Test func fractionalSecondsAreKept() throws {
    var snapshot = Fixture.snapshot()
    snapshot.volumes = [VolumeRow(name: "v", driver: "skep", newestSnapshot: Date(timeIntervalSince1970: 1000.25))]
    snapshot.generated = Date(timeIntervalSince1970: 2000.5)
    let metrics = try Exposition(parsing: MetricsText.render(snapshot))
    #expect(metrics.value("skep_volume_newest_snapshot_timestamp_seconds", ["volume": "v"]) == 1000.25)
    #expect(metrics.value("skep_scrape_generated_timestamp_seconds") == 2000.5)
  }

  @Test func jobHistory() throws {
    let metrics = try parsed()
    #expect(metrics.value("skep_job_runs_total", ["job": "backup", "status": "succeeded"]) == 10)
    #expect(metrics.value("skep_job_runs_total", ["job": "backup", "status": "failed"]) == 2)
    #expect(metrics.value("skep_job_runs_total", ["job": "backup", "status": "skipped"]) == 1)
    #expect(metrics.value("skep_job_runs_total", ["job": "backup", "status": "interrupted"]) == 0)
    #expect(metrics.value("skep_job_runs_total", ["job": "clean", "status": "running"]) == 1)
    #expect(metrics.samples.filter { $0.name == "skep_job_runs_total" }.count == 10)
    #expect(metrics.value("skep_job_bytes_added_total", ["job": "backup"]) == 5_000_000)
    #expect(metrics.value("skep_job_last_run_duration_seconds", ["job": "backup"]) == 95)
    #expect(
      metrics.value("skep_job_last_run_timestamp_seconds", ["job": "backup"]) == Fixture.at(-3600).timeIntervalSince1970
    )
    #expect(metrics.value("skep_job_last_run_success", ["job": "backup"]) == 1)
    // A running last run: started, not a success, no duration yet.
    #expect(metrics.value("skep_job_last_run_success", ["job": "clean"]) == 0)
    #expect(metrics.value("skep_job_last_run_duration_seconds", ["job": "clean"]) == nil)
    #expect(
      metrics.value("skep_job_last_run_timestamp_seconds", ["job": "clean"]) == Fixture.at(-60).timeIntervalSince1970)
  }

  @Test func swarmAndNodes() throws {
    let metrics = try parsed()
    #expect(metrics.value("skep_swarm_managers") == 3)
    #expect(metrics.value("skep_swarm_reachable_managers") == 3)
    #expect(metrics.value("skep_swarm_quorum_tolerance") == 1)
    #expect(metrics.value("skep_nodes", ["state": "ready", "role": "manager", "availability": "active"]) == 2)
    #expect(metrics.value("skep_nodes", ["state": "down", "role": "worker", "availability": "drain"]) == 1)
    #expect(metrics.samples.filter { $0.name == "skep_nodes" }.count == 2)
    #expect(metrics.value("skep_scrape_generated_timestamp_seconds") == Fixture.now.timeIntervalSince1970)
  }

  @Test func theParserRejectsMalformedLines() {
    #expect(throws: Exposition.ParseError.self) { try Exposition(parsing: "x{a=\"1} 2\n") }
    #expect(throws: Exposition.ParseError.self) { try Exposition(parsing: "x 1\n") }  // no TYPE
    #expect(throws: Exposition.ParseError.self) { try Exposition(parsing: "# TYPE x gauge\nx one\n") }
  }
}
