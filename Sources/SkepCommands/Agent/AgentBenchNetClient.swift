import ArgumentParser
import Foundation
import NodeBench

/// `skep agent bench-net-client`: the sending end of `skep bench net`, run inside its job on a node; one JSON line per
/// transfer on stdout, with the receiver's count.
struct AgentBenchNetClient: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench-net-client",
    abstract: "Send `skep bench net` transfers to a server node (one JSON line per transfer on stdout).",
    shouldDisplay: false
  )

  @Option(help: "The receiving node's address.")
  var server: String

  @Option(help: "The TCP port.")
  var port = BenchJobs.defaultPort

  @Option(help: "Seconds each transfer sends for.")
  var seconds = 5

  @Option(help: "Transfers.")
  var repeats = 3

  @Option(help: "Seconds to keep retrying the first connection (the server's job may still be starting).")
  var connectTimeout = 120

  func validate() throws {
    guard seconds > 0, repeats > 0, connectTimeout > 0 else {
      throw ValidationError("--seconds, --repeats and --connect-timeout must be positive")
    }
  }

  func run() throws {
    #if canImport(Glibc)
      let client = NetBenchClient(
        host: server, port: port, seconds: Double(seconds), repeats: repeats, connectTimeout: Double(connectTimeout))
      do {
        try client.run { line in
          guard let text = try? line.jsonLine() else { return }
          FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
      } catch {
        throw CommandFailure("net bench to \(server):\(port): \(error)")
      }
    #else
      throw CommandFailure("the network bench runs on Linux nodes only")
    #endif
  }
}
