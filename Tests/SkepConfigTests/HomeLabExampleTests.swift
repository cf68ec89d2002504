import SkepConfig
import Testing

/// The examples of docs/inventory.md parse as documented.
@Suite struct HomeLabExampleTests {
  @Test func threePisOverSSHPlusATLSWorker() throws {
    let yaml = """
      managers: 3
      registry: 192.168.1.11:5000
      nodes:
        - name: pi1
          address: 192.168.1.11
          docker: ssh://pi@192.168.1.11
          labels:
            disk: ssd
        - name: pi2
          address: 192.168.1.12
          docker: ssh://pi@192.168.1.12
        - name: pi3
          address: 192.168.1.13
          docker: ssh://pi@pi3.lan:2222
        - name: nuc
          address: 192.168.1.20
          docker: tcp://192.168.1.20:2376
          role: worker
          tls:
            ca: /home/me/.docker/ca.pem
            cert: /home/me/.docker/cert.pem
            key: /home/me/.docker/key.pem
      backup:
        repository: /mnt/nas/restic
      """
    let inventory = try InventoryLoader.parse(yaml, file: "skep.yml")
    #expect(inventory.nodes.map(\.name) == ["pi1", "pi2", "pi3", "nuc"])
    #expect(inventory.nodes.filter { $0.role.canBeManager }.count == 3)
    #expect(inventory.node(named: "pi3")?.docker == "ssh://pi@pi3.lan:2222")
    #expect(inventory.node(named: "nuc")?.tls?.verify == true)
    #expect(inventory.backup?.repository == "/mnt/nas/restic")

    let fiveManagers = yaml.replacingOccurrences(of: "managers: 3", with: "managers: 5")
    expectError(fiveManagers, at: "skep.yml:1:11", "only 3 of 4 nodes can be managers", "1 pinned with role: worker")
  }
}
