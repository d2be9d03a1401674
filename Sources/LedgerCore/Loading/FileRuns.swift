/// File indices of a load (in the order added, ascending in practice) held as runs of
/// consecutive ones: a quarter folder's files are a few runs (one per kind's folder), not an
/// `Int` each (a million records' 219,000 files: 1.8 MB as `[Int]`, grown to 3.5 MB).
/// What a load reads together (`LedgerLoader.Reading.readGroups`) and a quarter's files
/// (`QuarterSheets`).
struct FileRuns: Sequence, Sendable {
    /// The runs, in the order their indices were added; each index once.
    private(set) var runs: [Range<Int>] = []
    private(set) var count = 0

    init() {}

    init(_ indices: some Sequence<Int>) {
        for i in indices { append(i) }
    }

    /// `i` added after the others: the last run grows when `i` follows it.
    mutating func append(_ i: Int) {
        if let last = runs.last, last.upperBound == i {
            runs[runs.count - 1] = last.lowerBound..<(i + 1)
        } else {
            runs.append(i..<(i + 1))
        }
        count += 1
    }

    var isEmpty: Bool { count == 0 }

    func makeIterator() -> FlattenSequence<[Range<Int>]>.Iterator { runs.joined().makeIterator() }
}
