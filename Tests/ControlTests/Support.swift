import Control
import Foundation
import SkepConfig
import Testing

/// An instant written in ISO 8601 with its offset, like `2026-03-29T03:00:00+02:00`.
func at(_ text: String) -> Date {
  do {
    return try Date.ISO8601FormatStyle().parse(text)
  } catch {
    preconditionFailure("bad test date '\(text)': \(error)")
  }
}

func cron(_ text: String) -> CronExpression {
  do {
    return try CronExpression(parsing: text)
  } catch {
    preconditionFailure("bad test cron '\(text)': \(error)")
  }
}

func zone(_ identifier: String) -> TimeZone {
  guard let zone = TimeZone(identifier: identifier) else { preconditionFailure("unknown time zone \(identifier)") }
  return zone
}

let utc = zone("UTC")
let berlin = zone("Europe/Berlin")
