/// Node names are swarm hostnames: one DNS label of lowercase letters, digits and '-'.
enum HostnameRule {
  /// Why `name` is not a valid node name, or nil when it is.
  static func problem(with name: String) -> String? {
    let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    let expected =
      "a node name is a hostname label: 1 to 63 lowercase letters, digits or '-', not starting or ending"
      + " with '-'"
    if name.isEmpty { return "\(expected); found an empty name" }
    if name.count > 63 { return "\(expected); '\(name)' has \(name.count) characters" }
    if !allowed { return "\(expected); found '\(name)'" }
    if name.hasPrefix("-") || name.hasSuffix("-") { return "\(expected); found '\(name)'" }
    return nil
  }
}
