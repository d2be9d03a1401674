/// Corrections (docs/scoring.md, "Corrections"): a record with `corrects: D` replaces, in every
/// computation, every earlier record of the same file with its metric dated D. It counts with its
/// own date. Replacement is by position in the file, so a later correction can correct a
/// correction, and a record written after a correction counts again.
public struct Correction: Sendable {
    /// The correcting record.
    public var record: Record
    /// The records it takes out of the computation that still counted until then, in file order.
    public var replaced: [Record]
}

public struct CorrectedRecords: Sendable {
    /// The records that count, in file order.
    public var counted: [Record]
    /// Each correction with what it replaced, in file order.
    public var corrections: [Correction]
    /// Positions (in the file's `records`) of corrections that match no earlier record.
    public var unmatched: [Int]
}

extension RecordSheet {
    /// The records with every correction applied. Linear in the number of records.
    public var corrected: CorrectedRecords { Self.apply(records) }

    static func apply(_ records: [Record]) -> CorrectedRecords {
        guard records.contains(where: { $0.corrects != nil }) else {
            return CorrectedRecords(counted: records, corrections: [], unmatched: [])
        }
        let r = CorrectionRule.resolve(records.map { ($0.metric, $0.date, $0.corrects) })
        return CorrectedRecords(
            counted: records.indices.filter { r.counts[$0] }.map { records[$0] },
            corrections: r.replaced.map { Correction(record: records[$0.correction], replaced: $0.replaced.map { records[$0] }) },
            unmatched: r.unmatched)
    }
}

/// The rule itself, over (metric, date, corrects) in file order, for the model's records and for
/// history's records as written alike.
enum CorrectionRule {
    struct Resolution {
        /// Whether each record counts.
        var counts: [Bool]
        /// Each correction's position with the positions of the records it took out (those that
        /// still counted until then), in file order.
        var replaced: [(correction: Int, replaced: [Int])]
        /// Corrections that match no earlier record.
        var unmatched: [Int]
    }

    struct Key<D: Hashable>: Hashable { var metric: String; var date: D }

    static func resolve<D: Hashable>(_ items: [(metric: String, date: D, corrects: D?)]) -> Resolution {
        var earlier: [Key<D>: [Int]] = [:]
        var counts = [Bool](repeating: true, count: items.count)
        var replaced: [(Int, [Int])] = []
        var unmatched: [Int] = []
        for (i, item) in items.enumerated() {
            if let day = item.corrects {
                let targets = earlier[Key(metric: item.metric, date: day)] ?? []
                if targets.isEmpty { unmatched.append(i) }
                replaced.append((i, targets.filter { counts[$0] }))
                for t in targets { counts[t] = false }
            }
            earlier[Key(metric: item.metric, date: item.date), default: []].append(i)
        }
        return Resolution(counts: counts, replaced: replaced, unmatched: unmatched)
    }
}
