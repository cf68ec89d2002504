import DockerEngine
import Foundation
import ImageBuilder
import Testing

@Suite struct RegistryDeploymentTests {
  let deployment = RegistryDeployment(node: "node1", address: "192.168.1.10", port: 5000, image: "registry:2")

  @Test func theServiceRunsOneTaskOnTheNodePublishedOnItsAddressInHostMode() throws {
    let spec = deployment.spec
    #expect(spec.name == "skep-registry")
    #expect(spec.mode == .replicated(replicas: 1))
    #expect(spec.taskTemplate.placement?.constraints == ["node.hostname==node1"])
    let port = try #require(spec.endpointSpec?.ports?.first)
    #expect(port.targetPort == 5000 && port.publishedPort == 5000 && port.publishMode == "host")
    let mount = try #require(spec.taskTemplate.containerSpec.mounts?.first)
    #expect(mount.type == "volume" && mount.source == "skep-registry" && mount.target == "/var/lib/registry")
    #expect(spec.labels?["skep.registry.address"] == "192.168.1.10:5000")
    let environment = spec.taskTemplate.containerSpec.env ?? []
    #expect(environment.contains("REGISTRY_STORAGE_DELETE_ENABLED=true"))
    #expect(!environment.contains { $0.hasPrefix("REGISTRY_STORAGE_MAINTENANCE_READONLY") })
  }

  @Test func readOnlyAddsTheMaintenanceSwitch() {
    var readOnly = deployment
    readOnly.readOnly = true
    #expect(
      readOnly.spec.taskTemplate.containerSpec.env?.contains(#"REGISTRY_STORAGE_MAINTENANCE_READONLY={"enabled":true}"#)
        == true)
  }

  @Test func aServiceReadsBackAsTheDeploymentItWasMadeFrom() throws {
    var spec = deployment.spec
    #expect(RegistryDeployment(service: spec) == deployment)
    spec.taskTemplate.containerSpec.image = "registry:2@sha256:abc"
    let pinned = try #require(RegistryDeployment(service: spec))
    #expect(RegistryDeployment.unpinned(pinned.image) == "registry:2")
    spec.labels = nil
    #expect(RegistryDeployment(service: spec) == nil, "a service skep did not make is not read as its registry")
  }

  @Test func theSpecSurvivesTheEngineRoundTrip() throws {
    let data = try JSONEncoder().encode(deployment.spec)
    let decoded = try JSONDecoder().decode(ServiceSpec.self, from: data)
    #expect(RegistryDeployment(service: decoded) == deployment)
  }
}
