import ArgumentParser
import Foundation
import NodeBench

/// `skep agent bench-net-server`: the receiving end of `skep bench net`, run inside its job on a node.
struct AgentBenchNetServer: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench-net-server",
    abstract: "Receive `skep bench net` transfers on this node and answer each sender with its count.",
    shouldDisplay: false
  )

  @Option(help: "The address to listen on.")
  var listen = "0.0.0.0"

  @Option(help: "The TCP port.")
  var port = BenchJobs.defaultPort

  @Option(help: "Transfers to receive before exiting.")
  var connections = 3

  @Option(help: "Seconds to wait for all of them.")
  var timeout = 300

  func validate() throws {
    guard connections > 0, timeout > 0 else { throw ValidationError("--connections and --timeout must be positive") }
  }

  func run() throws {
    #if canImport(Glibc)
      do {
        try NetBenchServer(host: listen, port: port, connections: connections, timeout: Double(timeout)).run {
          printError($0)
        }
      } catch {
        throw CommandFailure("net bench server: \(error)")
      }
    #else
      throw CommandFailure("the network bench runs on Linux nodes only")
    #endif
  }
}
