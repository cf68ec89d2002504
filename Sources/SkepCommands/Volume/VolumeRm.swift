import ArgumentParser
import Cluster
import Foundation
import VolumeAgent

/// `skep volume rm V`: removes a skep volume's local copies on every node; refused while a container uses it.
struct VolumeRm: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rm",
    abstract: "Remove a skep volume's copies on every node (refused while mounted; its snapshots are kept).",
    aliases: ["remove"])

  @OptionGroup var global: GlobalOptions

  @Argument(help: "The volume.")
  var volume: String

  func run() async throws {
    let inventory = try global.loadInventory()
    let read = try await VolumeViews.read(inventory: inventory)
    let copies = read.views.filter { $0.name == volume }
    guard !copies.isEmpty else {
      throw CommandFailure("no skep volume \(volume) on any node that answers", exitCode: .invalidInput)
    }
    if let mounted = copies.first(where: { $0.status["state"] == "mounted" || $0.status["state"] == "restoring" }) {
      throw CommandFailure(
        "volume \(volume) is \(mounted.status["state"] ?? "in use") on \(mounted.node): stop the service using it first",
        exitCode: .refused)
    }
    guard read.unreachable.isEmpty else {
      let nodes = read.unreachable.keys.sorted().joined(separator: ", ")
      throw CommandFailure(
        "\(nodes) do not answer: a copy there could be in use; nothing was removed", exitCode: .unreachable)
    }
    let engines = try NodeEngines(inventory: inventory)
    for copy in copies {
      do {
        try await engines.client(copy.node).removeVolume(volume)
        print("removed \(volume) on \(copy.node)")
      } catch {
        throw CommandFailure("cannot remove \(volume) on \(copy.node): \(error)")
      }
    }
    print("its snapshots stay in the repository (skep backup ls; skep backup forget removes them)")
  }
}
