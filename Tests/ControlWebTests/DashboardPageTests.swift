import ControlWeb
import Foundation
import RunHistory
import Testing

@Suite struct DashboardPageTests {
  let html = DashboardPage.render(Fixture.snapshot())

  @Test func isAStaticHTML5PageThatRefreshesEvery30Seconds() {
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    #expect(html.contains("<meta http-equiv=\"refresh\" content=\"30\">"))
    #expect(html.contains("<title>skep — home-lab</title>"))
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("src=\"http"))
    #expect(!html.contains("<link"))
    #expect(html.hasSuffix("</html>\n"))
    for section in ["Cluster", "Nodes", "Volumes", "Schedule", "Job runs", "Services"] {
      #expect(html.contains("<h2>\(section)</h2>"), "section \(section)")
    }
    #expect(html.contains("<th scope=\"col\">Name</th>"))
    #expect(html.contains("<caption>3 nodes in the swarm</caption>"))
    #expect(html.contains("<footer>Generated 2025-12-06 05:46:40 UTC by skep-control.</footer>"))
  }

  @Test func nodesHaveRowsWithStableIDsAndHumanReadableDisks() throws {
    let node1 = try #require(row("node-node1", in: html))
    #expect(node1.contains("<td>leader</td>"))
    #expect(node1.contains("<td>reachable</td>"))
    #expect(node1.contains("12 GiB free of 29 GiB"))
    let node2 = try #require(row("node-node2", in: html))
    #expect(!node2.contains("leader"))
    #expect(node2.contains("<td class=\"num\">—</td>"))  // no disk figures
  }

  @Test func aHostileNameIsEscapedEverywhereAndItsIDSanitized() throws {
    let hostileRow = try #require(row("node-_script_alert_1___script_", in: html))
    #expect(hostileRow.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
    #expect(hostileRow.contains("<td class=\"state-down\">down</td>"))
    #expect(!html.contains(Fixture.hostile))
    // In the failed run's message as well.
    #expect(html.contains("1 of 2 volumes failed: &lt;script&gt;"))
    let volume = try #require(row("volume-x___img_src_x_onerror_alert_1__", in: html))
    #expect(volume.contains("<td>x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</td>"))
    #expect(!html.contains("<img"))
    #expect(html.contains("snapshot list failed: &lt;timeout&gt;"))
  }

  @Test func staleVolumesAreMarkedByClassAndText() throws {
    let db = try #require(row("volume-db", in: html))
    #expect(db.hasPrefix("<tr id=\"volume-db\">"))
    #expect(db.contains("<td>3 h 12 min ago</td>"))
    #expect(db.contains("<td>4f3c2a1b</td>"))
    #expect(db.contains("2.0 GiB"))
    #expect(!db.contains("stale"))
    let photos = try #require(row("volume-photos", in: html))
    #expect(photos.hasPrefix("<tr id=\"volume-photos\" class=\"stale\">"))
    #expect(photos.contains("2 d ago — <strong>stale</strong>"))
    let cache = try #require(row("volume-cache", in: html))
    #expect(cache.hasPrefix("<tr id=\"volume-cache\" class=\"stale\">"))
    #expect(cache.contains("never — <strong>stale</strong>"))
    #expect(html.contains("— 2 stale</caption>"))
  }

  @Test func isStaleComparesWithGeneratedNotTheClock() {
    let snapshot = Fixture.snapshot()
    let justInside = VolumeRow(name: "a", driver: "skep", newestSnapshot: Fixture.at(-36 * 3600))
    let justOutside = VolumeRow(name: "b", driver: "skep", newestSnapshot: Fixture.at(-36 * 3600 - 1))
    #expect(!snapshot.isStale(justInside))
    #expect(snapshot.isStale(justOutside))
    #expect(snapshot.isStale(VolumeRow(name: "c", driver: "skep")))
  }

  @Test func quorumWarningOnlyWhenNoManagerMayFail() {
    #expect(!html.contains("quorum-warning"))
    let warned = DashboardPage.render(Fixture.snapshot(quorumTolerance: 0))
    #expect(warned.contains("<p class=\"warn\" role=\"alert\" id=\"quorum-warning\"><strong>Warning:</strong>"))
    #expect(warned.contains("one more and the swarm loses its quorum"))
  }

  @Test func scheduleShowsNextDueInUTCAndRelative() throws {
    let backup = try #require(row("job-backup", in: html))
    #expect(backup.contains("<code>0 3 * * *</code>"))
    #expect(backup.contains("2025-12-06 05:50:40 UTC (in 4 min)"))
    #expect(backup.contains("<a href=\"/runs/7\">succeeded</a> 1 h ago"))
    #expect(try #require(row("job-clean", in: html)).contains("running now"))
    let check = try #require(row("job-check", in: html))
    #expect(check.contains("<td>no</td><td>—</td>"))
  }

  @Test func runsLinkToTheirPageWithStatusAsText() {
    #expect(html.contains("<a href=\"/runs/7\">#7</a>"))
    #expect(html.contains("<td class=\"status-succeeded\">succeeded</td>"))
    #expect(html.contains("<td class=\"status-running\">running</td>"))
    #expect(html.contains("<td class=\"status-failed\">failed</td>"))
    #expect(html.contains("<td class=\"num\">1 min 35 s</td>"))  // backup run's duration
    #expect(html.contains("<caption>Recent failures</caption>"))
  }

  @Test func servicesShowReplicasAndFlagAShortfall() throws {
    let web = try #require(row("service-web", in: html))
    #expect(web.contains("1/2 (short)"))
    let agent = try #require(row("service-agent", in: html))
    #expect(agent.contains("<td class=\"num\">3</td>"))
  }

  @Test func anEmptySnapshotRendersPlaceholders() {
    let empty = DashboardPage.render(DashboardSnapshot(generated: Fixture.now, clusterName: "x"))
    #expect(empty.contains("No node data."))
    #expect(empty.contains("No runs yet."))
    #expect(empty.contains("quorum-warning"))  // no managers known: tolerance 0
  }
}

@Suite struct RunPageTests {
  @Test func showsTheRunAndItsItems() {
    let html = RunPage.render(Fixture.backupRun, generated: Fixture.now)
    #expect(!html.contains("http-equiv=\"refresh\""))
    #expect(html.contains("<h1>Run #7: backup</h1>"))
    #expect(html.contains("<td class=\"status-ok\">ok</td>"))
    #expect(html.contains("<td class=\"status-failed\">failed</td>"))
    #expect(html.contains("<td>repository locked</td>"))
    #expect(html.contains("<td class=\"num\">1.0 MiB</td>"))
    #expect(html.contains("<td class=\"num\">2.5 s</td>"))
    #expect(html.contains("<td>4f3c2a1b9e8d</td>"))
    #expect(html.contains("<th scope=\"col\">Reference</th>"))
    #expect(!html.lowercased().contains("<script"))
  }

  @Test func refreshesWhileRunning() {
    let html = RunPage.render(Fixture.runningClean, generated: Fixture.now)
    #expect(html.contains("<meta http-equiv=\"refresh\" content=\"10\">"))
    #expect(html.contains("1 min so far"))
    #expect(html.contains("Items are recorded when the run ends."))
  }

  @Test func escapesTheMessage() {
    let html = RunPage.render(Fixture.failedRun, generated: Fixture.now)
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!html.contains("<script"))
  }
}

@Suite struct HTMLTests {
  @Test func escapesTheFiveSpecialCharacters() {
    #expect(HTML.escape(#"a&b<c>d"e'f"#) == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
    #expect(HTML.escape("plain — ü") == "plain — ü")
  }

  @Test func idsKeepSafeCharactersOnly() {
    #expect(HTML.id("node", "node-1.lan_x") == "node-node-1.lan_x")
    #expect(HTML.id("volume", "a b\"<ü") == "volume-a_b___")
  }
}
