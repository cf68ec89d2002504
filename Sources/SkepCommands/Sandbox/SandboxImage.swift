import ArgumentParser
import Foundation
import Logging
import Sandbox

/// `skep sandbox image`: build the skep image from this binary on a sandbox node and push it to the sandbox registry.
struct SandboxImage: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "image",
    abstract: "Build the skep image from this skep binary on a sandbox node and push it to the sandbox registry.",
    discussion: """
      The image is debian:bookworm (the sandbox's own) with this skep binary, the Swift runtime libraries it links \
      and this machine's restic: the same layout as the repository's Dockerfile, which needs images from the \
      internet. Every node can then run REGISTRY/skep:TAG, and REGISTRY/skep:latest (what skep backup runs).
      """
  )

  @OptionGroup var global: GlobalOptions
  @OptionGroup var location: SandboxDirectoryOption

  @Option(help: "The node that builds the image (default: the first node).")
  var node: String?

  @Option(help: "The image tag.")
  var tag = "dev"

  @Flag(
    help: """
      Also build REGISTRY/registry:2 from this machine's docker-registry (laid out like the upstream registry:2 \
      image), for skep registry deploy --image.
      """)
  var registryImage = false

  func run() async throws {
    let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    let builder = SkepImage(directory: location.directory, binary: binary, logger: Logger(label: "skep.sandbox"))
    let result: SkepImage.Result
    do {
      result = try await builder.build(node: node, tag: tag)
    } catch {
      throw SandboxFailure.map(error)
    }
    print("\(result.reference) pushed (built on \(result.node), \(result.digest)), also as :latest")
    if registryImage {
      let registry: SkepImage.Result
      do {
        registry = try await builder.buildRegistryImage(node: node)
      } catch {
        throw SandboxFailure.map(error)
      }
      print("\(registry.reference) pushed (built on \(registry.node), \(registry.digest))")
    }
  }
}
