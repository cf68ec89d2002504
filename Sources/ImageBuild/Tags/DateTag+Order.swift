/// Where a date tag sits in time: its date fields, most significant first, then its same-day sequence number.
public struct DateTagOrder: Sendable, Hashable, Comparable {
  /// Year, month, day, hour, minute, second (0 where the format has no such field).
  public var fields: [Int]
  /// 1 for the plain tag (`20240105`), K for `20240105.K`.
  public var sequence: Int

  /// Creates an order from date fields and a sequence number.
  public init(fields: [Int], sequence: Int) {
    self.fields = fields
    self.sequence = sequence
  }

  public static func < (lhs: DateTagOrder, rhs: DateTagOrder) -> Bool {
    if lhs.fields != rhs.fields { return lhs.fields.lexicographicallyPrecedes(rhs.fields) }
    return lhs.sequence < rhs.sequence
  }
}

extension DateTag {
  /// Reads `tag` back as a tag this rule makes: the format's fields (`%Y` four digits, the others two, each in its
  /// calendar range), its literal characters, then nothing or `.K` with K ≥ 2 (see `tag(for:existing:)`).
  /// - Returns: its place in time, or nil when `tag` is not one of this rule's tags (`latest`, `v1.2`, `20240105.1`).
  public func order(of tag: String) -> DateTagOrder? {
    var fields = [0, 0, 0, 0, 0, 0]
    var rest = Substring(tag)
    var characters = format.makeIterator()
    func number(_ width: Int, _ range: ClosedRange<Int>) -> Int? {
      let digits = rest.prefix(width)
      guard digits.count == width, digits.allSatisfy(\.isASCII), let value = Int(digits), range.contains(value) else {
        return nil
      }
      rest = rest.dropFirst(width)
      return value
    }
    while let character = characters.next() {
      guard character == "%" else {
        guard rest.first == character else { return nil }
        rest = rest.dropFirst()
        continue
      }
      let slot: (index: Int, width: Int, range: ClosedRange<Int>)
      switch characters.next() {
      case "Y": slot = (0, 4, 0...9999)
      case "m": slot = (1, 2, 1...12)
      case "d": slot = (2, 2, 1...31)
      case "H": slot = (3, 2, 0...23)
      case "M": slot = (4, 2, 0...59)
      case "S": slot = (5, 2, 0...60)
      case "%":
        guard rest.first == "%" else { return nil }
        rest = rest.dropFirst()
        continue
      default: return nil
      }
      guard let value = number(slot.width, slot.range) else { return nil }
      fields[slot.index] = value
    }
    if rest.isEmpty { return DateTagOrder(fields: fields, sequence: 1) }
    guard rest.first == ".", let sequence = Int(rest.dropFirst()), sequence >= 2,
      rest.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
    else { return nil }
    return DateTagOrder(fields: fields, sequence: sequence)
  }
}
