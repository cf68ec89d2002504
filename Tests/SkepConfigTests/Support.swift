import SkepConfig
import Testing

/// The error `parse` throws for `yaml`, or nil when it parses.
func parseError(_ yaml: String, file: String = "skep.yml") -> InventoryError? {
  do {
    _ = try InventoryLoader.parse(yaml, file: file)
    return nil
  } catch {
    return error
  }
}

/// Expects parsing `yaml` to fail at `location` ("file:line:column") with a message containing every phrase.
func expectError(
  _ yaml: String, at location: String, _ phrases: String..., sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  guard let error = parseError(yaml) else {
    Issue.record("expected an error at \(location), but the inventory parsed", sourceLocation: sourceLocation)
    return
  }
  #expect(error.location?.description == location, "\(error)", sourceLocation: sourceLocation)
  for phrase in phrases {
    #expect(error.message.contains(phrase), "\(error)", sourceLocation: sourceLocation)
  }
  #expect(error.description == "\(location): error: \(error.message)", sourceLocation: sourceLocation)
}

/// A valid one-node inventory; tests append or replace lines. Positions:
/// line 1 `managers: 1` (value at 1:11); line 3 `  - name: node1` (mapping and key at 3:5, value at 3:11);
/// line 4 `    address: 10.0.0.1` (value at 4:14); line 5 `    docker: unix:///run/docker.sock` (value at 5:13).
let oneNode = """
  managers: 1
  nodes:
    - name: node1
      address: 10.0.0.1
      docker: unix:///run/docker.sock

  """
