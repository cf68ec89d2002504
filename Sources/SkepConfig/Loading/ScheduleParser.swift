import Foundation
import Yams

/// Reads and checks the `schedule:` section: the time zone, the catch-up rule and each job's cron expression.
enum ScheduleParser {
  static func parse(_ node: Node, file: String) throws(InventoryError) -> ScheduleSection {
    let section = try MappingReader(node, name: "schedule", file: file, allowed: ScheduleSection.keys)
    var result = ScheduleSection(location: section.location)
    if let zone = try section.optionalString("time_zone") {
      result.timeZone = try timeZone(zone.value, at: zone.location)
    }
    if let node = section.value("catch_up") {
      result.catchUp = try catchUp(node, in: section)
    }
    if let node = section.value("jobs") {
      result.jobs = try jobs(node, in: section)
    }
    return result
  }

  static func timeZone(_ name: String, at location: SourceLocation) throws(InventoryError) -> TimeZone {
    if let zone = TimeZone(identifier: name) { return zone }
    var message = "'schedule.time_zone' must be an IANA time zone name like Europe/Berlin or UTC, found '\(name)'"
    if let suggestion = Suggestion.closest(to: name, among: TimeZone.knownTimeZoneIdentifiers) {
      message += "; did you mean '\(suggestion)'?"
    }
    throw InventoryError(location: location, message: message)
  }

  static func catchUp(_ node: Node, in section: MappingReader) throws(InventoryError) -> ScheduleSection.CatchUp {
    let choices = ScheduleSection.CatchUp.allCases.map(\.rawValue)
    if case .scalar(let scalar) = node, let rule = ScheduleSection.CatchUp(rawValue: scalar.string) {
      return rule
    }
    var message = "'schedule.catch_up' must be once or none, found \(MappingReader.describe(node))"
    if case .scalar(let scalar) = node, let suggestion = Suggestion.closest(to: scalar.string, among: choices) {
      message += "; did you mean '\(suggestion)'?"
    }
    throw InventoryError(location: section.location(of: node), message: message)
  }

  static func jobs(_ node: Node, in section: MappingReader) throws(InventoryError) -> [ScheduleSection.Job] {
    if MappingReader.isNull(node) { return [] }
    guard case .mapping = node else {
      throw InventoryError(
        location: section.location(of: node),
        message: "'schedule.jobs' must be a mapping of job names to cron expressions (like 'backup: \"@daily\"'),"
          + " found \(MappingReader.describe(node))")
    }
    let names = ScheduleSection.JobName.allCases.map(\.rawValue)
    let reader = try MappingReader(node, name: "schedule.jobs", file: section.file, allowed: names)
    var jobs: [ScheduleSection.Job] = []
    for entry in reader.entries {
      guard let name = ScheduleSection.JobName(rawValue: entry.key) else { continue }  // `allowed` refused others
      jobs.append(try job(name, entry.value, in: reader))
    }
    return jobs
  }

  static func job(_ name: ScheduleSection.JobName, _ node: Node, in jobs: MappingReader) throws(InventoryError)
    -> ScheduleSection.Job
  {
    let what = "'schedule.jobs.\(name)'"
    let location = jobs.location(of: node)
    switch node {
    case .scalar where !MappingReader.isNull(node):
      return ScheduleSection.Job(name: name, cron: try cron(node, what: what, in: jobs), location: location)
    case .mapping:
      let job = try MappingReader(
        node, name: "schedule.jobs.\(name)", file: jobs.file, allowed: ScheduleSection.jobKeys)
      let cronNode = try job.required("cron", meaning: "when the job is due, like \"@daily\" or \"30 3 * * *\"")
      let cron = try cron(cronNode, what: "'schedule.jobs.\(name).cron'", in: job)
      return ScheduleSection.Job(
        name: name, cron: cron, enabled: try enabled(job, what: "'schedule.jobs.\(name).enabled'"),
        location: location)
    default:
      throw InventoryError(
        location: location,
        message: "\(what) must be a cron expression (like \"@daily\" or \"30 3 * * *\") or a mapping with 'cron' and"
          + " 'enabled', found \(MappingReader.describe(node))")
    }
  }

  static func cron(_ node: Node, what: String, in reader: MappingReader) throws(InventoryError) -> CronExpression {
    let location = reader.location(of: node)
    guard case .scalar(let scalar) = node, !MappingReader.isNull(node) else {
      throw InventoryError(
        location: location,
        message: "\(what) must be a cron expression (like \"@daily\" or \"30 3 * * *\"), found "
          + MappingReader.describe(node))
    }
    do {
      return try CronExpression(parsing: scalar.string)
    } catch {
      throw InventoryError(location: location, message: "\(what) is not a valid cron expression: \(error.message)")
    }
  }

  static func enabled(_ job: MappingReader, what: String) throws(InventoryError) -> Bool {
    guard let node = job.value("enabled") else { return true }
    if case .scalar(let scalar) = node, scalar.style == .plain {
      switch scalar.string {
      case "true", "True", "TRUE": return true
      case "false", "False", "FALSE": return false
      default: break
      }
    }
    throw InventoryError(
      location: job.location(of: node), message: "\(what) must be true or false, found \(MappingReader.describe(node))")
  }
}
