import ArgumentParser

/// `skep control`: the skep-control service.
struct ControlCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "control",
    abstract: "The skep-control service: scheduled jobs, their history, notifications, dashboard and metrics.",
    subcommands: [ControlDeploy.self, ControlURL.self, ControlServe.self, ControlSeedHistory.self]
  )
}
