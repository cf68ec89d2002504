import ControlService
import Foundation
import Logging
import SkepConfig

/// `skep-control`: the skep-control service's own binary. It links the service and nothing of the CLI's other
/// commands (sandbox, build, node set-up, argument parsing), so the process that idles on a manager all day stays
/// small; the jobs it starts run the full `skep` beside it.
@main
enum SkepControl {
  static func main() async {
    let options: ControlServeOptions
    do {
      options = try ControlServeOptions.parse(Array(CommandLine.arguments.dropFirst()))
    } catch {
      if error.kind == .help {
        print(error.description, terminator: "")
        exit(0)
      }
      fail("error: \(error)\n\n\(ControlServeOptions.usage)", code: 2)
    }
    let level = Logger.Level(rawValue: options.logLevel) ?? .info
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    do {
      try await ControlService.serve(options)
    } catch let error as InventoryError {
      fail(error.location == nil ? "error: \(error.message)" : error.description, code: 2)
    } catch let error as ControlServiceError {
      fail("error: \(error.description)", code: 2)
    } catch {
      fail("error: \(error)", code: 1)
    }
  }

  /// Prints `message` on stderr and ends with `code` (skep's exit codes: 2 for bad input, 1 for a failure).
  static func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
  }
}
