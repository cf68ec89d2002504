import DockerEngine
import SkepTestSupport

/// Runs `body` with a fresh stub daemon and a client pointed at it; always shuts the stub down.
func withStub<T>(
  apiVersion: String = "1.45", minAPIVersion: String = "1.24",
  _ body: (StubDockerServer, DockerClient) async throws -> T
) async throws -> T {
  let server = try await StubDockerServer.start(apiVersion: apiVersion, minAPIVersion: minAPIVersion)
  let client = DockerClient(endpoint: server.endpoint, timeout: .seconds(5))
  do {
    let result = try await body(server, client)
    try await server.shutdown()
    return result
  } catch {
    try? await server.shutdown()
    throw error
  }
}
