/// A loaded and validated `skep.yml`.
///
/// The loader guarantees every rule documented in `docs/inventory.md`: unique names and addresses, valid endpoints,
/// and a manager count that is odd, between 1 and 7, and reachable with the nodes that may be managers.
public struct Inventory: Sendable, Hashable {
  /// The file name as given to the loader; every location refers to it.
  public var file: String
  /// The wanted number of managers.
  public var managers: Int
  /// Location of the `managers` value.
  public var managersLocation: SourceLocation
  /// `host:port` of the local registry, when there is one.
  public var registry: String?
  /// The nodes, in file order.
  public var nodes: [InventoryNode]
  /// The reserved `backup:` section, when present.
  public var backup: BackupSection?
  /// The `build:` section, when present.
  public var build: BuildSection?
  /// The `volumes:` section (the volume driver's settings), when present.
  public var volumes: VolumesSection?
  /// The `setup:` section (what `skep node setup` applies), when present.
  public var setup: SetupSection?
  /// The `schedule:` section (when skep-control runs its jobs), when present.
  public var schedule: ScheduleSection?
  /// The `control:` section (how skep-control is published and whom it notifies), when present.
  public var control: ControlSection?

  /// Creates an inventory.
  public init(
    file: String, managers: Int, managersLocation: SourceLocation, registry: String? = nil,
    nodes: [InventoryNode], backup: BackupSection? = nil, build: BuildSection? = nil,
    volumes: VolumesSection? = nil, setup: SetupSection? = nil, schedule: ScheduleSection? = nil,
    control: ControlSection? = nil
  ) {
    self.file = file
    self.managers = managers
    self.managersLocation = managersLocation
    self.registry = registry
    self.nodes = nodes
    self.backup = backup
    self.build = build
    self.volumes = volumes
    self.setup = setup
    self.schedule = schedule
    self.control = control
  }

  /// The node with this name, if any.
  public func node(named name: String) -> InventoryNode? {
    nodes.first { $0.name == name }
  }
}
