import ArgumentParser
import Foundation
import NodeBench

/// `skep agent bench-disk`: the disk measurement of `skep bench disk`, run inside its job on a node; one JSON line per
/// result on stdout.
struct AgentBenchDisk: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench-disk",
    abstract: "Measure sequential writes and reads in a folder of this node (one JSON line per result on stdout).",
    shouldDisplay: false
  )

  @Option(help: "The folder to measure in (created if missing, then removed if it was; its parent must exist).")
  var dir: String

  @Option(help: "Bytes of the file written and read in 1 MiB requests.")
  var size = DiskBenchOptions.defaultLargeFileSize

  @Option(help: "Bytes of the file written and read in 4 KiB requests (0: skip).")
  var smallSize = DiskBenchOptions.defaultSmallFileSize

  @Option(help: "Runs of each pass.")
  var repeats = DiskBenchOptions.defaultRepeats

  var options: DiskBenchOptions {
    DiskBenchOptions(largeFileSize: size, smallFileSize: smallSize, repeats: repeats)
  }

  func validate() throws {
    if let problem = options.problem { throw ValidationError(problem) }
  }

  func run() throws {
    #if canImport(Glibc)
      do {
        try DiskBenchmark(directory: dir, options: options).run { line in
          guard let text = try? line.jsonLine() else { return }
          FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
      } catch {
        throw CommandFailure("disk bench in \(dir): \(error)")
      }
    #else
      throw CommandFailure("the disk bench runs on Linux nodes only")
    #endif
  }
}
