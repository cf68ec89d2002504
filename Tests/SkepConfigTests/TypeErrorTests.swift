import SkepConfig
import Testing

@Suite struct TypeErrorTests {
  @Test func managersMustBeAnInteger() {
    let yaml = oneNode.replacingOccurrences(of: "managers: 1", with: "managers: three")
    expectError(yaml, at: "skep.yml:1:11", "'managers' must be an integer, found 'three'")
    let quoted = oneNode.replacingOccurrences(of: "managers: 1", with: "managers: [3]")
    expectError(quoted, at: "skep.yml:1:11", "must be an integer, found a list")
  }

  @Test func nodesMustBeAList() {
    expectError("managers: 1\nnodes: {}\n", at: "skep.yml:2:8", "'nodes' must be a list", "found a mapping")
    expectError("managers: 1\nnodes: node1\n", at: "skep.yml:2:8", "'nodes' must be a list", "found 'node1'")
  }

  @Test func nodeEntryMustBeAMapping() {
    expectError("managers: 1\nnodes:\n  - node1\n", at: "skep.yml:3:5", "node #1 must be a mapping", "found 'node1'")
  }

  @Test func labelsMustBeAMapping() {
    expectError(oneNode + "    labels: [a, b]\n", at: "skep.yml:6:13", "'labels' must be a mapping", "found a list")
  }

  @Test func labelValueMustBeAScalar() {
    let yaml = oneNode + "    labels:\n      zone: {floor: 1}\n"
    expectError(yaml, at: "skep.yml:7:13", "label 'zone' must be a string", "found a mapping")
    let empty = oneNode + "    labels:\n      zone:\n"
    expectError(empty, at: "skep.yml:7:12", "label 'zone' must be a string", "found an empty value")
  }

  @Test func insecureMustBeABoolean() {
    expectError(oneNode + "    insecure: maybe\n", at: "skep.yml:6:15", "'insecure' must be true or false", "'maybe'")
    expectError(oneNode + "    insecure: \"true\"\n", at: "skep.yml:6:15", "must be true or false")
  }

  @Test func requiredStringMustNotBeEmptyOrNested() {
    let yaml = oneNode.replacingOccurrences(of: "docker: unix:///run/docker.sock", with: "docker:")
    expectError(yaml, at: "skep.yml:5:12", "'docker' must be a string", "found an empty value")
    let nested = oneNode.replacingOccurrences(of: "name: node1", with: "name: [node1]")
    expectError(nested, at: "skep.yml:3:11", "'name' must be a string", "found a list")
  }

  @Test func roleMustBeKnown() {
    expectError(
      oneNode + "    role: manger\n", at: "skep.yml:6:11", "auto, manager or worker", "did you mean 'manager'?")
  }

  @Test func tlsMustBeAMapping() {
    let yaml =
      oneNode.replacingOccurrences(of: "unix:///run/docker.sock", with: "tcp://10.0.0.1:2376")
      + "    tls: /etc/skep\n"
    expectError(yaml, at: "skep.yml:6:10", "tls must be a mapping", "found '/etc/skep'")
  }

  @Test func backupMustBeAMapping() {
    expectError(oneNode + "backup: /srv/nas\n", at: "skep.yml:6:9", "'backup' must be a mapping", "found '/srv/nas'")
  }

  @Test func registryMustBeHostAndPort() {
    expectError(oneNode + "registry: 10.0.0.2\n", at: "skep.yml:6:11", "'registry' must be host:port")
    expectError(oneNode + "registry: 10.0.0.2:http\n", at: "skep.yml:6:11", "'registry' must be host:port")
  }
}
