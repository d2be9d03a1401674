import LedgerFormat

/// Where a value came from: a file of the loaded ledger (its path: `Ledger.path(of:)`) and the
/// line and column there. The position is worked out as the file is read, so messages about the
/// value need nothing of the file later: a whole-ledger read keeps no file's bytes
/// (docs/architecture.md, "Loading").
public struct SourceRef: Hashable, Comparable, Sendable {
    public let file: Int32
    public let line: Int32
    public let column: Int32

    public init(file: Int32, line: Int, column: Int) {
        self.file = file
        self.line = Int32(clamping: line)
        self.column = Int32(clamping: column)
    }

    public init(file: Int32, _ position: SourcePosition) {
        self.init(file: file, line: position.line, column: position.column)
    }

    public var position: SourcePosition { SourcePosition(line: Int(line), column: Int(column)) }

    /// File order: by file, then by place in it.
    public static func < (a: SourceRef, b: SourceRef) -> Bool { (a.file, a.line, a.column) < (b.file, b.line, b.column) }
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
