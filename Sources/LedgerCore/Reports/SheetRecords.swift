/// One subject's records of one quarter as a score reads them: those that count (corrections
/// applied), held once and named by position. Scoring a sheet copies no record: a goal's actual
/// is made from the positions of its metric's records (docs/scoring.md, "Actuals").
struct SheetRecords {
    /// The records that count, in file order (the sheet's own array when nothing is corrected).
    let counted: [Record]
    /// The corrections of the sheet, in file order; empty for almost every sheet.
    let corrections: [Correction]
    let quarter: ClosedRange<Day>

    static let none = SheetRecords(counted: [], corrections: [], quarter: Day(daysSinceEpoch: 0)...Day(daysSinceEpoch: 0))

    /// The positions in `counted` of `metric`'s records of the quarter, oldest first (stable for
    /// equal dates).
    func positions(of metric: String) -> [Int] {
        positions(ofNameID: NameTable.metrics.existingID(metric))
    }

    /// `positions(of:)` of the metric whose id in `NameTable.metrics` is `id` (nil: a metric no
    /// record names has no id, and no record).
    func positions(ofNameID id: UInt32?) -> [Int] {
        guard id != nil else { return [] }
        return [Int](unsafeUninitializedCapacity: counted.count) { buffer, n in n = positions(ofNameID: id, into: buffer) }
    }

    /// `positions(ofNameID:)` written into `buffer` (room for `counted.count`), in order: how many.
    func positions(ofNameID id: UInt32?, into buffer: UnsafeMutableBufferPointer<Int>) -> Int {
        guard let id else { return 0 }
        var n = 0
        var sorted = true
        for i in counted.indices where counted[i].hasMetric(id) && quarter.contains(counted[i].date) {
            if n > 0, counted[buffer[n - 1]].date > counted[i].date { sorted = false }
            buffer[n] = i
            n += 1
        }
        if !sorted {
            var found = UnsafeMutableBufferPointer(rebasing: buffer[..<n])
            found.sort { (counted[$0].date, $0) < (counted[$1].date, $1) }
        }
        return n
    }

    /// `metric`'s records of the quarter, oldest first.
    func records(of metric: String) -> [Record] { positions(of: metric).map { counted[$0] } }
}

/// The values of the records at `positions` in `counted`, in that order: what a goal's actual is
/// aggregated from, read in place (a lazily mapped sequence of them allocated its closure's
/// context once a goal).
struct RecordValues: BidirectionalCollection {
    let counted: [Record]
    let positions: UnsafeBufferPointer<Int>

    var startIndex: Int { 0 }
    var endIndex: Int { positions.count }
    func index(after i: Int) -> Int { i + 1 }
    func index(before i: Int) -> Int { i - 1 }
    subscript(i: Int) -> Number { counted[positions[i]].value }
}

extension Scorer {
    /// The subject's records of the quarter that count (corrections applied).
    func sheetRecords(_ key: SheetKey) -> SheetRecords {
        guard let sheet = ledger.recordSheets[key] else { return .none }
        let corrected = sheet.corrected
        return SheetRecords(counted: corrected.counted, corrections: corrected.corrections,
                            quarter: key.quarter.days(fiscalYearStart: ledger.settings.fiscalYearStart))
    }

    /// The corrections among the records at `positions`, each with where the records it replaced
    /// are written (`records/2026-Q3/alice.yaml:8`).
    func corrections(_ positions: [Int], in records: SheetRecords) -> [GoalCorrection] {
        if records.corrections.isEmpty { return [] }
        return positions.compactMap { i in
            let r = records.counted[i]
            guard let c = records.corrections.first(where: { $0.record.ref == r.ref }) else { return nil }
            return GoalCorrection(record: c.record, replaced: c.replaced.map { r in
                (r, "\(ledger.path(of: r.ref)):\(ledger.position(of: r.ref).line)")
            })
        }
    }
}
