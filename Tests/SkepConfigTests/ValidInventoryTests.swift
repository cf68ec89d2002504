import SkepConfig
import Testing

@Suite struct ValidInventoryTests {
  static let full = """
    # every field
    managers: 3
    registry: 10.0.0.2:5000
    nodes:
      - name: alpha
        address: 10.0.0.11
        docker: tcp://10.0.0.11:2376
        role: manager
        insecure: false
        tls:
          ca: /etc/skep/ca.pem
          cert: /etc/skep/cert.pem
          key: /etc/skep/key.pem
          verify: false
        labels:
          disk: ssd
          "zone": "attic"
      - name: beta
        address: beta.lan
        docker: ssh://pi@beta.lan:2222
        role: auto
      - name: gamma-3
        address: 10.0.0.13
        docker: unix:///var/run/docker.sock
      - name: delta
        address: 10.0.0.14
        docker: tcp://10.0.0.14:2375
        insecure: true
        role: worker
    backup:
      repository: /srv/nas/restic
      keep: {daily: 7}
    """

  @Test func everyFieldIsRead() throws {
    let inventory = try InventoryLoader.parse(Self.full, file: "lab.yml")
    let at = { (line: Int, column: Int) in SkepConfig.SourceLocation(file: "lab.yml", line: line, column: column) }
    #expect(inventory.file == "lab.yml")
    #expect(inventory.managers == 3)
    #expect(inventory.managersLocation == at(2, 11))
    #expect(inventory.registry == "10.0.0.2:5000")
    #expect(inventory.nodes.map(\.name) == ["alpha", "beta", "gamma-3", "delta"])

    let alpha = InventoryNode(
      name: "alpha", address: "10.0.0.11", docker: "tcp://10.0.0.11:2376", role: .manager, insecure: false,
      tls: NodeTLS(ca: "/etc/skep/ca.pem", cert: "/etc/skep/cert.pem", key: "/etc/skep/key.pem", verify: false),
      labels: ["disk": "ssd", "zone": "attic"], location: at(5, 5), dockerLocation: at(7, 13),
      addressLocation: at(6, 14))
    #expect(inventory.nodes[0] == alpha)

    let beta = try #require(inventory.node(named: "beta"))
    #expect(beta.docker == "ssh://pi@beta.lan:2222")
    #expect(beta.role == .auto)
    #expect(beta.tls == nil)
    #expect(beta.labels.isEmpty)
    #expect(beta.location == at(18, 5))

    let gamma = try #require(inventory.node(named: "gamma-3"))
    #expect(gamma.role == .auto)
    #expect(gamma.insecure == false)

    let delta = try #require(inventory.node(named: "delta"))
    #expect(delta.role == .worker)
    #expect(delta.insecure)
    #expect(inventory.node(named: "epsilon") == nil)

    let backup = try #require(inventory.backup)
    #expect(backup.repository == "/srv/nas/restic")
    #expect(backup.location == at(31, 3))
    #expect(backup.keyLocations == ["repository": at(31, 3), "keep": at(32, 3)])
    #expect(backup.yaml.contains("repository: /srv/nas/restic"))
    #expect(backup.yaml.contains("daily: 7"))
  }

  @Test func sandboxInventoryFromTheContract() throws {
    let sandbox = """
      # skep inventory
      managers: 3                     # wanted manager count
      registry: 192.168.150.2:5000    # optional
      nodes:
        - name: node1
          address: 192.168.150.11
          docker: unix:///srv/skep/nodes/node1/docker.sock
          role: auto
          labels:
            skep.sandbox.engine: "26.1"
        - name: node2
          address: 192.168.150.12
          docker: unix:///srv/skep/nodes/node2/docker.sock
        - name: node3
          address: 192.168.150.13
          docker: unix:///srv/skep/nodes/node3/docker.sock
      backup:
        repository: /srv/skep/nas/restic
      """
    let inventory = try InventoryLoader.parse(sandbox, file: "skep.yml")
    #expect(inventory.managers == 3)
    #expect(inventory.registry == "192.168.150.2:5000")
    #expect(inventory.nodes.map(\.address) == ["192.168.150.11", "192.168.150.12", "192.168.150.13"])
    #expect(inventory.nodes.map(\.docker).allSatisfy { $0.hasPrefix("unix:///srv/skep/nodes/node") })
    #expect(inventory.nodes.allSatisfy { $0.role == .auto && !$0.insecure && $0.tls == nil })
    #expect(inventory.nodes[0].labels == ["skep.sandbox.engine": "26.1"])
    #expect(inventory.nodes[2].dockerLocation.description == "skep.yml:16:13")
    #expect(inventory.backup?.repository == "/srv/skep/nas/restic")
  }

  @Test func minimalInventoryGetsDefaults() throws {
    let inventory = try InventoryLoader.parse(oneNode, file: "skep.yml")
    #expect(inventory.registry == nil)
    #expect(inventory.backup == nil)
    let node = try #require(inventory.node(named: "node1"))
    #expect(node.role == .auto)
    #expect(node.insecure == false)
    #expect(node.tls == nil)
    #expect(node.labels == [:])
    #expect(node.location.description == "skep.yml:3:5")
    #expect(node.addressLocation.description == "skep.yml:4:14")
    #expect(node.dockerLocation.description == "skep.yml:5:13")
  }

  @Test func tlsVerifyDefaultsToTrueAndLoopbackTCPNeedsNoTLS() throws {
    let yaml = """
      managers: 1
      nodes:
        - name: a
          address: 10.0.0.1
          docker: tcp://10.0.0.1:2376
          tls: {ca: ca.pem, cert: cert.pem, key: key.pem}
        - name: b
          address: 10.0.0.2
          docker: tcp://127.0.0.1:2375
        - name: c
          address: 10.0.0.3
          docker: tcp://[::1]:2375
      """
    let inventory = try InventoryLoader.parse(yaml, file: "skep.yml")
    #expect(inventory.nodes[0].tls == NodeTLS(ca: "ca.pem", cert: "cert.pem", key: "key.pem", verify: true))
    #expect(inventory.nodes.count == 3)
  }

  /// Yams marks are 1-based: the first key of the file is at 1:1, not 0:0.
  @Test func locationsAreOneBased() throws {
    let inventory = try InventoryLoader.parse(
      "managers: 1\nnodes: [{name: a, address: b, docker: 'unix:///s'}]", file: "f")
    #expect(inventory.managersLocation.description == "f:1:11")
    #expect(inventory.nodes[0].location.description == "f:2:9")
    #expect(inventory.nodes[0].addressLocation.description == "f:2:28")
  }
}
