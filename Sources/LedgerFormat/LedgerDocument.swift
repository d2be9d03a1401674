/// Index of a node inside its `LedgerDocument`.
public typealias NodeID = Int32

public enum NodeKind: UInt8, Sendable { case scalar, mapping, sequence }

public enum ScalarStyle: UInt8, Sendable {
    case plain, singleQuoted, doubleQuoted, literal
    /// `key:` with nothing after it (YAML's null); `string` gives "".
    case empty
}

/// A parsed ledger file: the bytes it came from, and a flat array of nodes that point into them.
/// Strings are made only for values that are asked for (see PLATFORM.md: a String per node caps
/// a parser near 50 MB/s).
public struct LedgerDocument: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// nil for a document with no content (empty, or only comments and blank lines).
    public let root: NodeID?

    // Internal storage, filled by the parser. Children of a collection are a contiguous run of
    // `children`; a mapping's run alternates key, value. Visible to inlined accessors
    // (LedgerDocument+Access.swift): the loader asks a node's kind, style and span millions of
    // times, and a call across the module for each cost more than the question.
    @usableFromInline struct NodeRecord: Sendable {
        @usableFromInline var kind: NodeKind
        @usableFromInline var style: ScalarStyle
        /// Whole node text: for a scalar the token with its quotes or `|` header and body;
        /// for a collection from its first to its last content byte.
        @usableFromInline var start: Int32
        @usableFromInline var end: Int32
        /// A collection: first index into `children`.
        @usableFromInline var firstChild: Int32
        /// A collection: number of entries (pairs for a mapping, items for a sequence).
        @usableFromInline var count: Int32
    }
    @usableFromInline var nodes: [NodeRecord]
    @usableFromInline var children: [NodeID]
    /// Byte offset of the start of each line, for positions.
    var lineStarts: [Int32]

    init(path: String, bytes: [UInt8], root: NodeID?, nodes: [NodeRecord], children: [NodeID], lineStarts: [Int32]) {
        self.path = path
        self.bytes = bytes
        self.root = root
        self.nodes = nodes
        self.children = children
        self.lineStarts = lineStarts
    }
}
