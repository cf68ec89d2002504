import Foundation
import RunHistory

/// The dashboard: one page for the whole cluster, refreshed by the browser every 30 seconds.
public enum DashboardPage {
  /// Seconds between the browser's reloads (`<meta http-equiv="refresh">`).
  public static let refreshSeconds = 30

  /// The page for `snapshot`. Ages and due times are relative to `snapshot.generated`; every name is escaped.
  public static func render(_ snapshot: DashboardSnapshot) -> String {
    var body = "<h1>skep — \(HTML.escape(snapshot.clusterName))</h1>\n"
    body += cluster(snapshot)
    body += nodes(snapshot)
    body += volumes(snapshot)
    body += schedule(snapshot)
    body += runs(snapshot)
    body += services(snapshot)
    body += PageLayout.footer(generated: snapshot.generated)
    return PageLayout.document(
      title: "skep — \(snapshot.clusterName)", refresh: refreshSeconds, body: body)
  }

  static func cluster(_ snapshot: DashboardSnapshot) -> String {
    var out = "<section id=\"cluster\">\n<h2>Cluster</h2>\n"
    if snapshot.quorumTolerance <= 0 {
      let why =
        snapshot.managers == 0
        ? "no manager data: the swarm's quorum is unknown."
        : snapshot.managers == 1
          ? "a single manager: if it fails, the swarm cannot be managed until it is back."
          : "no more managers may fail: one more and the swarm loses its quorum."
      out += "<p class=\"warn\" role=\"alert\" id=\"quorum-warning\"><strong>Warning:</strong> \(why)</p>\n"
    }
    let rows =
      "<tr><th scope=\"row\">Managers reachable</th>"
      + PageLayout.cell("\(snapshot.reachableManagers) of \(snapshot.managers)", numeric: true) + "</tr>\n"
      + "<tr><th scope=\"row\">Managers that may still fail</th>"
      + PageLayout.cell("\(snapshot.quorumTolerance)", numeric: true) + "</tr>\n"
      + "<tr><th scope=\"row\">Runs recorded</th>"
      + PageLayout.cell("\(snapshot.history.totalRuns)", numeric: true) + "</tr>\n"
    out += "<table>\n<caption>Swarm managers and quorum</caption>\n<tbody>\n\(rows)</tbody>\n</table>\n"
    return out + "</section>\n"
  }

  static func nodes(_ snapshot: DashboardSnapshot) -> String {
    var rows = ""
    for node in snapshot.nodes {
      let disk: String? =
        switch (node.diskFree, node.diskTotal) {
        case (let free?, let total?): "\(Format.bytes(free)) free of \(Format.bytes(total))"
        case (let free?, nil): "\(Format.bytes(free)) free"
        default: nil
        }
      let downClass = node.state == "ready" ? nil : "state-down"
      let reachClass = node.reachability == "unreachable" ? "unreachable" : nil
      rows += "<tr id=\"\(HTML.escape(HTML.id("node", node.name)))\">"
      rows += PageLayout.cell(node.name) + PageLayout.cell(node.role) + PageLayout.cell(node.isLeader ? "leader" : "")
      rows += PageLayout.cell(node.state, class: downClass) + PageLayout.cell(node.availability)
      rows += PageLayout.cell(node.reachability, class: reachClass) + PageLayout.cell(node.engine)
      rows += PageLayout.cell(node.address) + PageLayout.cell(disk, numeric: true) + "</tr>\n"
    }
    return "<section id=\"nodes\">\n<h2>Nodes</h2>\n"
      + PageLayout.table(
        caption: "\(snapshot.nodes.count) nodes in the swarm",
        columns: ["Name", "Role", "Leader", "State", "Availability", "Reachability", "Engine", "Address", "Disk"],
        rows: rows, empty: "No node data.")
      + "</section>\n"
  }

  static func volumes(_ snapshot: DashboardSnapshot) -> String {
    var out = "<section id=\"volumes\">\n<h2>Volumes</h2>\n"
    if let note = snapshot.volumesNote {
      out += "<p class=\"note\" role=\"status\">\(HTML.escape(note))</p>\n"
    }
    var rows = ""
    var staleCount = 0
    for volume in snapshot.volumes {
      let stale = snapshot.isStale(volume)
      if stale { staleCount += 1 }
      let age = volume.newestSnapshot.map { Format.relative($0, now: snapshot.generated) } ?? "never"
      let ageCell =
        stale
        ? "<td class=\"stale\">\(HTML.escape(age)) — <strong>stale</strong></td>"
        : PageLayout.cell(age)
      rows += "<tr id=\"\(HTML.escape(HTML.id("volume", volume.name)))\"\(stale ? " class=\"stale\"" : "")>"
      rows += PageLayout.cell(volume.name) + PageLayout.cell(volume.driver) + PageLayout.cell(volume.node)
      rows += PageLayout.cell(volume.bytes.map(Format.bytes), numeric: true) + ageCell
      rows += PageLayout.cell(volume.snapshotID.map(Format.shortID)) + "</tr>\n"
    }
    let caption =
      "\(snapshot.volumes.count) volumes; stale after \(Format.span(snapshot.staleAfter)) without a snapshot"
      + (staleCount > 0 ? " — \(staleCount) stale" : "")
    out += PageLayout.table(
      caption: caption, columns: ["Name", "Driver", "Node", "Size", "Newest snapshot", "Snapshot"], rows: rows,
      empty: "No volume data.")
    return out + "</section>\n"
  }

  static func schedule(_ snapshot: DashboardSnapshot) -> String {
    var lastRuns: [String: JobRun] = [:]
    for summary in snapshot.history.jobs {
      if let run = summary.lastRun { lastRuns[summary.job] = run }
    }
    var rows = ""
    for job in snapshot.schedule {
      let next: String? =
        if job.isRunning {
          "running now"
        } else if let due = job.nextDue, job.enabled {
          "\(Format.utc(due)) (\(Format.relative(due, now: snapshot.generated)))"
        } else {
          nil
        }
      rows += "<tr id=\"\(HTML.escape(HTML.id("job", job.job)))\">"
      rows += PageLayout.cell(job.job) + "<td><code>\(HTML.escape(job.cron))</code></td>"
      rows += PageLayout.cell(job.enabled ? "yes" : "no") + PageLayout.cell(next)
      if let last = lastRuns[job.job] {
        rows += "<td class=\"status-\(last.status.rawValue)\"><a href=\"/runs/\(last.id)\">"
        rows +=
          "\(HTML.escape(last.status.rawValue))</a> \(Format.relative(last.started, now: snapshot.generated))</td>"
      } else {
        rows += PageLayout.cell(nil)
      }
      rows += "</tr>\n"
    }
    return "<section id=\"schedule\">\n<h2>Schedule</h2>\n"
      + PageLayout.table(
        caption: "Jobs and their next due time (UTC)", columns: ["Job", "Cron", "Enabled", "Next due", "Last run"],
        rows: rows, empty: "No scheduled jobs.")
      + "</section>\n"
  }

  static func runs(_ snapshot: DashboardSnapshot) -> String {
    var out = "<section id=\"runs\">\n<h2>Job runs</h2>\n"
    out += PageLayout.table(
      caption: "Recent runs, newest first", columns: runColumns,
      rows: snapshot.recentRuns.map { runRow($0, now: snapshot.generated) }.joined(), empty: "No runs yet.")
    if !snapshot.history.failures.isEmpty {
      out += PageLayout.table(
        caption: "Recent failures", columns: runColumns,
        rows: snapshot.history.failures.map { runRow($0, now: snapshot.generated) }.joined(), empty: "")
    }
    return out + "</section>\n"
  }

  static let runColumns = ["Run", "Job", "Trigger", "Status", "Started", "Duration", "Message"]

  static func runRow(_ run: JobRun, now: Date) -> String {
    var row = "<tr><td><a href=\"/runs/\(run.id)\">#\(run.id)</a></td>"
    row += PageLayout.cell(run.job) + PageLayout.cell(run.trigger.rawValue) + PageLayout.status(run.status)
    row += PageLayout.cell("\(Format.utc(run.started)) (\(Format.relative(run.started, now: now)))")
    let duration = run.duration ?? (run.status == .running ? now.timeIntervalSince(run.started) : nil)
    row += PageLayout.cell(duration.map(Format.span), numeric: true) + PageLayout.cell(run.message) + "</tr>\n"
    return row
  }

  static func services(_ snapshot: DashboardSnapshot) -> String {
    var rows = ""
    for service in snapshot.services {
      let short = service.mode == "replicated" && (service.desired.map { service.running < $0 } ?? false)
      let replicas = service.desired.map { "\(service.running)/\($0)" } ?? "\(service.running)"
      rows += "<tr id=\"\(HTML.escape(HTML.id("service", service.name)))\">"
      rows += PageLayout.cell(service.name) + PageLayout.cell(service.mode)
      rows += PageLayout.cell(replicas + (short ? " (short)" : ""), numeric: true, class: short ? "stale" : nil)
      rows += PageLayout.cell(service.image) + "</tr>\n"
    }
    return "<section id=\"services\">\n<h2>Services</h2>\n"
      + PageLayout.table(
        caption: "\(snapshot.services.count) services", columns: ["Name", "Mode", "Running", "Image"], rows: rows,
        empty: "No service data.")
      + "</section>\n"
  }
}

extension JobRun.Status: JobRunStatusText {}
extension JobRunItem.Status: JobRunStatusText {}
