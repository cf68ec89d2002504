import Foundation
import Prometheus
import RunHistory

/// The Prometheus text exposition (format 0.0.4) of a snapshot: backup freshness per volume, job history, swarm
/// quorum and nodes. Series are rebuilt from the snapshot on every scrape: there is no state between scrapes, and a
/// volume or job that disappears stops being reported.
public enum MetricsText {
  /// The `Content-Type` of ``render(_:)``'s output.
  public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

  /// The metrics for `snapshot`, with a `# HELP` and a `# TYPE` line per family.
  public static func render(_ snapshot: DashboardSnapshot) -> String {
    // A fresh registry per scrape: a few dozen series, built in microseconds, and nothing kept in memory between.
    let registry = PrometheusCollectorRegistry()
    volumes(snapshot, into: registry)
    jobs(snapshot.history, into: registry)
    swarm(snapshot, into: registry)
    registry.makeGauge(
      descriptor: metric(
        "skep_scrape_generated_timestamp_seconds",
        "When skep-control gathered the data behind this scrape, in seconds since 1970.")
    ).set(to: snapshot.generated.timeIntervalSince1970)
    var buffer: [UInt8] = []
    buffer.reserveCapacity(4096)
    registry.emit(into: &buffer)
    return String(decoding: buffer, as: UTF8.self)
  }

  /// A metric's full name and help text (skep's names carry their unit already).
  static func metric(_ name: String, _ help: String) -> MetricNameDescriptor {
    MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
  }

  static func volumes(_ snapshot: DashboardSnapshot, into registry: PrometheusCollectorRegistry) {
    for volume in snapshot.volumes {
      let labels = [("volume", volume.name)]
      if let newest = volume.newestSnapshot {
        registry.makeGauge(
          descriptor: metric(
            "skep_volume_newest_snapshot_timestamp_seconds",
            "When the volume's newest backup snapshot was taken, in seconds since 1970 (volumes with one)."),
          labels: labels
        ).set(to: newest.timeIntervalSince1970)
      }
      registry.makeGauge(
        descriptor: metric(
          "skep_volume_stale", "1 when the volume has no backup snapshot newer than the stale limit, else 0."),
        labels: labels
      ).set(to: snapshot.isStale(volume) ? 1 : 0)
    }
  }

  static func jobs(_ history: HistorySummary, into registry: PrometheusCollectorRegistry) {
    for summary in history.jobs {
      let job = [("job", summary.job)]
      for status in JobRun.Status.allCases {
        registry.makeCounter(
          descriptor: metric(
            "skep_job_runs_total", "Runs of the job recorded in the history, by status (skipped due times included)."),
          labels: [("job", summary.job), ("status", status.rawValue)]
        ).increment(by: Int64(summary.counts[status]))
      }
      registry.makeCounter(
        descriptor: metric(
          "skep_job_bytes_added_total",
          "Bytes added by all runs of the job (to the backup repository, the registry...)."), labels: job
      ).increment(by: max(0, summary.bytesAdded))
      guard let last = summary.lastRun else { continue }
      registry.makeGauge(
        descriptor: metric(
          "skep_job_last_run_timestamp_seconds",
          "When the job's newest run (skips left out) started, in seconds since 1970."), labels: job
      ).set(to: last.started.timeIntervalSince1970)
      registry.makeGauge(
        descriptor: metric(
          "skep_job_last_run_success",
          "1 when the job's newest run (skips left out) succeeded, 0 otherwise (failed, interrupted, running)."),
        labels: job
      ).set(to: last.status == .succeeded ? 1 : 0)
      if let duration = last.duration {
        registry.makeGauge(
          descriptor: metric(
            "skep_job_last_run_duration_seconds",
            "How long the job's newest finished run took, in seconds (absent while it runs)."), labels: job
        ).set(to: duration)
      }
    }
  }

  static func swarm(_ snapshot: DashboardSnapshot, into registry: PrometheusCollectorRegistry) {
    registry.makeGauge(
      descriptor: metric("skep_swarm_managers", "Manager nodes in the swarm.")
    )
    .set(to: Double(snapshot.managers))
    registry.makeGauge(
      descriptor: metric("skep_swarm_reachable_managers", "Manager nodes that are reachable.")
    )
    .set(to: Double(snapshot.reachableManagers))
    registry.makeGauge(
      descriptor: metric(
        "skep_swarm_quorum_tolerance", "How many more managers may fail before the swarm loses its quorum (0: none).")
    ).set(to: Double(snapshot.quorumTolerance))

    struct NodeKey: Hashable {
      var state, role, availability: String
    }
    var counts: [NodeKey: Int] = [:]
    for node in snapshot.nodes {
      counts[NodeKey(state: node.state, role: node.role, availability: node.availability), default: 0] += 1
    }
    for (key, count) in counts {
      registry.makeGauge(
        descriptor: metric("skep_nodes", "Swarm nodes by state, role and availability."),
        labels: [("state", key.state), ("role", key.role), ("availability", key.availability)]
      ).set(to: Double(count))
    }
  }
}
