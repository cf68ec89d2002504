import Foundation
import SkepConfig
import Testing

@Suite struct ScheduleSectionTests {
  /// `oneNode` plus a schedule section starting on line 6 (`schedule:`), its lines from line 7 at column 3.
  static func inventory(_ lines: String...) -> String {
    oneNode + "schedule:\n" + lines.map { "  " + $0 + "\n" }.joined()
  }

  static func section(_ yaml: String) throws -> ScheduleSection {
    try #require(try InventoryLoader.parse(yaml, file: "skep.yml").schedule)
  }

  static func expectFailure(
    _ yaml: String, at location: String, _ message: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    guard let error = parseError(yaml) else {
      Issue.record("expected an error at \(location), but the inventory parsed", sourceLocation: sourceLocation)
      return
    }
    #expect(error.description == "\(location): error: \(message)", sourceLocation: sourceLocation)
  }

  @Test func documentedExampleParses() throws {
    let section = try Self.section(
      Self.inventory(
        "time_zone: Europe/Berlin", "catch_up: once", "jobs:", "  backup: \"@daily\"", "  clean: \"30 3 * * *\"",
        "  check: {cron: \"@weekly\", enabled: true}", "  registry_prune: \"0 4 * * 0\"",
        "  build: {cron: \"0 5 * * *\", enabled: false}"))
    #expect(section.timeZone.identifier == "Europe/Berlin")
    #expect(section.catchUp == .once)
    #expect(section.jobs.map(\.name) == [.backup, .clean, .check, .registryPrune, .build])
    #expect(section.jobs.map(\.cron.description) == ["0 0 * * *", "30 3 * * *", "0 0 * * 0", "0 4 * * 0", "0 5 * * *"])
    #expect(section.jobs.map(\.enabled) == [true, true, true, true, false])
    #expect(section.job(.clean)?.location.description == "skep.yml:11:12")
    #expect(section.job(.check)?.location.description == "skep.yml:12:12")
    #expect(section.location.description == "skep.yml:7:3")
  }

  @Test func defaults() throws {
    #expect(try InventoryLoader.parse(oneNode, file: "skep.yml").schedule == nil)
    let section = try Self.section(Self.inventory("jobs: {}"))
    #expect(section.timeZone == TimeZone(identifier: "UTC") && section.catchUp == .once && section.jobs.isEmpty)
    #expect(try Self.section(Self.inventory("jobs:")).jobs.isEmpty)
    #expect(try Self.section(Self.inventory("catch_up: none")).catchUp == ScheduleSection.CatchUp.none)
  }

  @Test func sectionMustBeAMapping() {
    Self.expectFailure(
      oneNode + "schedule: \"@daily\"\n", at: "skep.yml:6:11",
      "'schedule' must be a mapping of when skep-control runs its jobs (like 'jobs: {backup: \"@daily\"}'),"
        + " found '@daily'")
    Self.expectFailure(
      oneNode + "schedule:\n", at: "skep.yml:6:10",
      "'schedule' must be a mapping of when skep-control runs its jobs (like 'jobs: {backup: \"@daily\"}'),"
        + " found an empty value")
  }

  @Test func unknownKeys() {
    Self.expectFailure(
      Self.inventory("timezone: UTC"), at: "skep.yml:7:3",
      "unknown key 'timezone' in schedule; did you mean 'time_zone'?")
    Self.expectFailure(
      Self.inventory("jobs:", "  backups: \"@daily\""), at: "skep.yml:8:5",
      "unknown key 'backups' in schedule.jobs; did you mean 'backup'?")
    Self.expectFailure(
      Self.inventory("jobs:", "  deploy: \"@daily\""), at: "skep.yml:8:5",
      "unknown key 'deploy' in schedule.jobs (expected one of: backup, clean, check, registry_prune, build)")
    Self.expectFailure(
      Self.inventory("jobs:", "  check: {cron: \"@weekly\", enable: false}"), at: "skep.yml:8:30",
      "unknown key 'enable' in schedule.jobs.check; did you mean 'enabled'?")
  }

  @Test func timeZone() {
    Self.expectFailure(
      Self.inventory("time_zone: Europe/Berlim"), at: "skep.yml:7:14",
      "'schedule.time_zone' must be an IANA time zone name like Europe/Berlin or UTC, found 'Europe/Berlim';"
        + " did you mean 'Europe/Berlin'?")
    Self.expectFailure(
      Self.inventory("time_zone: Mars/Olympus"), at: "skep.yml:7:14",
      "'schedule.time_zone' must be an IANA time zone name like Europe/Berlin or UTC, found 'Mars/Olympus'")
    Self.expectFailure(
      Self.inventory("time_zone: [UTC]"), at: "skep.yml:7:14", "'time_zone' must be a string, found a list")
  }

  @Test func catchUp() {
    Self.expectFailure(
      Self.inventory("catch_up: onse"), at: "skep.yml:7:13",
      "'schedule.catch_up' must be once or none, found 'onse'; did you mean 'once'?")
    Self.expectFailure(
      Self.inventory("catch_up: all"), at: "skep.yml:7:13", "'schedule.catch_up' must be once or none, found 'all'")
    Self.expectFailure(
      Self.inventory("catch_up:"), at: "skep.yml:7:12", "'schedule.catch_up' must be once or none, found an empty value"
    )
  }

  @Test func jobsMustBeAMapping() {
    Self.expectFailure(
      Self.inventory("jobs: [backup]"), at: "skep.yml:7:9",
      "'schedule.jobs' must be a mapping of job names to cron expressions (like 'backup: \"@daily\"'), found a list")
  }

  @Test func jobValues() {
    Self.expectFailure(
      Self.inventory("jobs:", "  clean: [\"@daily\"]"), at: "skep.yml:8:12",
      "'schedule.jobs.clean' must be a cron expression (like \"@daily\" or \"30 3 * * *\") or a mapping with 'cron'"
        + " and 'enabled', found a list")
    Self.expectFailure(
      Self.inventory("jobs:", "  clean:"), at: "skep.yml:8:11",
      "'schedule.jobs.clean' must be a cron expression (like \"@daily\" or \"30 3 * * *\") or a mapping with 'cron'"
        + " and 'enabled', found an empty value")
    Self.expectFailure(
      Self.inventory("jobs:", "  check: {enabled: true}"), at: "skep.yml:8:12",
      "schedule.jobs.check is missing required key 'cron' (when the job is due, like \"@daily\" or \"30 3 * * *\")")
    Self.expectFailure(
      Self.inventory("jobs:", "  check: {cron: [1]}"), at: "skep.yml:8:19",
      "'schedule.jobs.check.cron' must be a cron expression (like \"@daily\" or \"30 3 * * *\"), found a list")
    Self.expectFailure(
      Self.inventory("jobs:", "  check: {cron: \"@weekly\", enabled: yes}"), at: "skep.yml:8:39",
      "'schedule.jobs.check.enabled' must be true or false, found 'yes'")
  }

  @Test func cronErrorsPointAtTheValue() {
    Self.expectFailure(
      Self.inventory("jobs:", "  clean: \"61 3 * * *\""), at: "skep.yml:8:12",
      "'schedule.jobs.clean' is not a valid cron expression: the minute field must be a number from 0 to 59,"
        + " found '61'")
    Self.expectFailure(
      Self.inventory("jobs:", "  backup: \"@reboot\""), at: "skep.yml:8:13",
      "'schedule.jobs.backup' is not a valid cron expression: @reboot is not supported: skep-control runs jobs by the"
        + " clock, and it starts again whenever its service moves to another manager, so 'at start' would mean"
        + " 'after every failover'; use a time like @daily")
    Self.expectFailure(
      Self.inventory("jobs:", "  build:", "    cron: 0 5 * *"), at: "skep.yml:9:13",
      "'schedule.jobs.build.cron' is not a valid cron expression: a cron expression has 5 fields (minute hour"
        + " day-of-month month day-of-week) or is an @name like @daily, found 4 fields in '0 5 * *'")
    Self.expectFailure(
      Self.inventory("jobs:", "  clean: \"0 22-2 * * *\""), at: "skep.yml:8:12",
      "'schedule.jobs.clean' is not a valid cron expression: the hour range '22-2' goes backwards; write it as two"
        + " ranges, like '22-23,0-2'")
    Self.expectFailure(
      Self.inventory("jobs:", "  check: 5"), at: "skep.yml:8:12",
      "'schedule.jobs.check' is not a valid cron expression: a cron expression has 5 fields (minute hour"
        + " day-of-month month day-of-week) or is an @name like @daily, found 1 field in '5'")
  }

  @Test func duplicateJobsAreRefused() {
    let error = parseError(Self.inventory("jobs:", "  backup: \"@daily\"", "  backup: \"@hourly\""))
    #expect(error?.location?.description == "skep.yml:9:5")
    #expect(error?.message.contains("duplicate key 'backup'") == true)
  }

  @Test func anUnquotedAtNameIsAYAMLError() {
    let error = parseError(Self.inventory("jobs:", "  backup: @daily"))
    #expect(error?.location?.line == 8)
    #expect(error?.message.hasPrefix("invalid YAML") == true, "\(String(describing: error))")
  }

  @Test func unquotedCronParses() throws {
    let section = try Self.section(Self.inventory("jobs:", "  clean: 30 3 * * mon-fri"))
    #expect(section.job(.clean)?.cron.description == "30 3 * * 1-5")
    #expect(section.job(.backup) == nil)
  }
}
