import SkepConfig
import Testing

@Suite struct NodeRuleTests {
  static let twoNodes =
    oneNode + """
        - name: node2
          address: 10.0.0.2
          docker: unix:///run/docker2.sock

      """

  @Test func duplicateNodeName() {
    let yaml = Self.twoNodes.replacingOccurrences(of: "name: node2", with: "name: node1")
    expectError(yaml, at: "skep.yml:6:11", "duplicate node name 'node1'", "first defined at skep.yml:3:11")
  }

  @Test func duplicateAddress() {
    let yaml = Self.twoNodes.replacingOccurrences(of: "address: 10.0.0.2", with: "address: 10.0.0.1")
    expectError(yaml, at: "skep.yml:7:14", "duplicate address '10.0.0.1'", "first used at skep.yml:4:14")
  }

  @Test(arguments: ["Node1", "node_1", "-node", "node-", String(repeating: "a", count: 64), "''"])
  func invalidNodeName(name: String) {
    let yaml = oneNode.replacingOccurrences(of: "name: node1", with: "name: \(name)")
    expectError(yaml, at: "skep.yml:3:11", "a node name is a hostname label")
  }

  @Test func validNodeNames() throws {
    for name in ["a", "0", "pi-4", String(repeating: "a", count: 63)] {
      let yaml = oneNode.replacingOccurrences(of: "name: node1", with: "name: \(name)")
      #expect(try InventoryLoader.parse(yaml, file: "skep.yml").nodes[0].name == name)
    }
  }

  @Test func emptyAddress() {
    let yaml = oneNode.replacingOccurrences(of: "address: 10.0.0.1", with: "address: \" \"")
    expectError(yaml, at: "skep.yml:4:14", "'address' of node 'node1' is empty")
  }

  @Test(
    arguments: [
      ("http://10.0.0.1:2375", "unsupported Docker endpoint scheme 'http://'"),
      ("/var/run/docker.sock", "is not a Docker endpoint"),
      ("unix://docker.sock", "absolute socket path"),
      ("unix://", "absolute socket path"),
      ("tcp://:2376", "needs a host"),
      ("tcp://10.0.0.1", "needs a port"),
      ("tcp://10.0.0.1:docker", "port 'docker' in 'tcp://10.0.0.1:docker' is not a number"),
      ("tcp://10.0.0.1:70000", "out of range"),
      ("tcp://10.0.0.1:2376/v1", "takes no path"),
      ("ssh://pi@", "needs a host"),
      ("ssh://pi@host:ssh", "is not a number"),
    ] as [(String, String)])
  func invalidDockerEndpoint(endpoint: String, phrase: String) {
    let yaml = oneNode.replacingOccurrences(of: "unix:///run/docker.sock", with: endpoint)
    expectError(yaml, at: "skep.yml:5:13", phrase)
  }

  @Test func validDockerEndpoints() throws {
    for endpoint in ["unix:///run/docker.sock", "ssh://host", "ssh://pi@10.0.0.1:22", "tcp://[::1]:2375"] {
      let yaml = oneNode.replacingOccurrences(of: "unix:///run/docker.sock", with: endpoint)
      #expect(try InventoryLoader.parse(yaml, file: "skep.yml").nodes[0].docker == endpoint)
    }
  }

  @Test func tlsOnlyWithTCP() {
    let yaml = oneNode + "    tls: {ca: a, cert: b, key: c}\n"
    expectError(yaml, at: "skep.yml:6:5", "'tls' only applies to tcp:// endpoints", "unix://")
  }

  @Test func plainTCPToANetworkAddressNeedsTLSOrInsecure() throws {
    let yaml = oneNode.replacingOccurrences(of: "unix:///run/docker.sock", with: "tcp://10.0.0.1:2375")
    expectError(yaml, at: "skep.yml:5:13", "unencrypted", "insecure: true")
    let allowed = try InventoryLoader.parse(yaml + "    insecure: true\n", file: "skep.yml")
    #expect(allowed.nodes[0].insecure)
  }
}
