import SkepConfig
import Testing

@Suite struct KeyErrorTests {
  @Test func unknownTopLevelKeyWithHint() {
    expectError(
      oneNode + "registy: 10.0.0.2:5000\n", at: "skep.yml:6:1", "unknown key 'registy' in the inventory",
      "did you mean 'registry'?")
  }

  @Test func unknownTopLevelKeyWithoutHintListsTheKeys() {
    expectError(
      oneNode + "services: []\n", at: "skep.yml:6:1", "unknown key 'services'",
      "expected one of: managers, registry, nodes, backup, build, volumes")
  }

  @Test func unknownNodeKeyWithHint() {
    let yaml = oneNode.replacingOccurrences(of: "address:", with: "adress:")
    expectError(yaml, at: "skep.yml:4:5", "unknown key 'adress' in node 'node1'", "did you mean 'address'?")
  }

  @Test func unknownNodeKeyIsReportedBeforeAMissingName() {
    let yaml = "managers: 1\nnodes:\n  - nmae: node1\n    address: a\n    docker: unix:///s\n"
    expectError(yaml, at: "skep.yml:3:5", "unknown key 'nmae' in node #1", "did you mean 'name'?")
  }

  @Test func unknownNodeKeyIsCaseSensitive() {
    expectError(oneNode + "    Labels: {}\n", at: "skep.yml:6:5", "in node 'node1'", "did you mean 'labels'?")
  }

  @Test func unknownTLSKeyWithHint() {
    let yaml =
      oneNode.replacingOccurrences(of: "unix:///run/docker.sock", with: "tcp://10.0.0.1:2376")
      + "    tls:\n      ca: ca.pem\n      cert: cert.pem\n      key: key.pem\n      verfy: true\n"
    expectError(yaml, at: "skep.yml:10:7", "unknown key 'verfy' in tls", "did you mean 'verify'?")
  }

  @Test func nonStringKey() {
    expectError(oneNode + "[a]: 1\n", at: "skep.yml:6:1", "keys in the inventory must be plain strings")
  }

  @Test func missingNodeKeysPointAtTheNodeMapping() {
    let noName = "managers: 1\nnodes:\n  - address: 10.0.0.1\n    docker: unix:///s\n"
    expectError(noName, at: "skep.yml:3:5", "node #1 is missing required key 'name'")
    let noAddress = oneNode.replacingOccurrences(of: "    address: 10.0.0.1\n", with: "")
    expectError(noAddress, at: "skep.yml:3:5", "node 'node1' is missing required key 'address'", "IP or DNS name")
    let noDocker = oneNode.replacingOccurrences(of: "    docker: unix:///run/docker.sock\n", with: "")
    expectError(noDocker, at: "skep.yml:3:5", "node 'node1' is missing required key 'docker'", "unix://")
  }

  @Test func missingTopLevelKeys() {
    expectError("nodes: []\n", at: "skep.yml:1:1", "missing required key 'managers'")
    expectError("managers: 1\n", at: "skep.yml:1:1", "missing required key 'nodes'")
  }

  @Test func missingTLSFile() {
    let yaml =
      oneNode.replacingOccurrences(of: "unix:///run/docker.sock", with: "tcp://10.0.0.1:2376")
      + "    tls:\n      ca: ca.pem\n      key: key.pem\n"
    expectError(yaml, at: "skep.yml:7:7", "tls is missing required key 'cert'")
  }

  @Test func noNodes() {
    expectError("managers: 1\nnodes: []\n", at: "skep.yml:2:8", "'nodes' is empty", "at least one node")
  }
}
