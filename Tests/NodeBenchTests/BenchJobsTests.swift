import Backup
import DockerEngine
import Foundation
import Testing

@testable import NodeBench

@Suite struct BenchJobsTests {
  @Test func theDiskJobBindsTheFoldersParentAndRunsTheAgentOnItsNode() throws {
    let path = try BenchPath.parse("/var/lib/skep/bench").get()
    let spec = BenchJobs.disk(
      name: "skep-bench-disk-x", image: "reg:5000/skep:latest", node: "node2", path: path,
      options: DiskBenchOptions(largeFileSize: 1 << 30, smallFileSize: 0, repeats: 2))
    let container = spec.taskTemplate.containerSpec
    #expect(
      container.command == [
        "skep", "agent", "bench-disk", "--dir", "/skep/bench-parent/bench", "--size", "1073741824", "--small-size", "0",
        "--repeats", "2",
      ])
    #expect(container.mounts == [.init(type: "bind", source: "/var/lib/skep", target: "/skep/bench-parent")])
    #expect(container.image == "reg:5000/skep:latest")
    #expect(spec.taskTemplate.placement?.constraints == ["node.hostname==node2"])
    #expect(spec.taskTemplate.restartPolicy?.condition == "none")
    #expect(spec.taskTemplate.networks == nil)
    #expect(spec.mode == .replicatedJob(maxConcurrent: 1, totalCompletions: 1))
    #expect(spec.labels == [SwarmJobSpec.jobLabel: "bench"])
    #expect(container.secrets == nil, "a bench job needs no secret")
  }

  @Test func netJobsRunOnTheNodesOwnNetwork() throws {
    let server = BenchJobs.netServer(
      name: "rx", image: "img", node: "node2", port: 7811, connections: 3, timeout: 200)
    let client = BenchJobs.netClient(
      name: "tx", image: "img", node: "node1", server: "192.168.1.12", port: 7811, seconds: 5, repeats: 3,
      connectTimeout: 120)
    #expect(
      server.taskTemplate.containerSpec.command == [
        "skep", "agent", "bench-net-server", "--port", "7811", "--connections", "3", "--timeout", "200",
      ])
    #expect(
      client.taskTemplate.containerSpec.command == [
        "skep", "agent", "bench-net-client", "--server", "192.168.1.12", "--port", "7811", "--seconds", "5",
        "--repeats", "3", "--connect-timeout", "120",
      ])
    #expect(server.taskTemplate.placement?.constraints == ["node.hostname==node2"])
    #expect(client.taskTemplate.placement?.constraints == ["node.hostname==node1"])
    // What the engine receives: the predefined host network, by name.
    let json = String(decoding: try JSONEncoder().encode(client), as: UTF8.self)
    #expect(json.contains("\"Networks\":[{\"Target\":\"host\"}]"))
    #expect(server.taskTemplate.containerSpec.mounts == nil)
  }
}
