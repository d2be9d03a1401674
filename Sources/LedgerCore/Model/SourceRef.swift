import LedgerFormat

/// Where a value came from: a file of the loaded ledger and a byte offset in it. Positions are
/// worked out only when a diagnostic needs them.
public struct SourceRef: Hashable, Sendable {
    public let file: Int32
    public let offset: Int32
    public init(file: Int32, offset: Int32) {
        self.file = file
        self.offset = offset
    }
}

/// A value with the place it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var ref: SourceRef
    public init(_ value: Value, _ ref: SourceRef) {
        self.value = value
        self.ref = ref
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
