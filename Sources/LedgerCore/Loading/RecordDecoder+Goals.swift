import LedgerFormat

/// The usual goal item — `metric`, `target` and optionally `baseline` and `weight`, each a plain
/// scalar, all valid — read by the same lookups `RecordDecoder` reads records with: the metric
/// found by its bytes among the catalog's ids, no field table, no `String` for a key. A goal
/// sheet holds a handful; a ledger, tens of thousands.
///
/// Anything else (another key, a quoted or empty value, an unknown metric, a value that does
/// not parse, a negative weight) is declined: `LedgerLoader.readGoal` then reads the item the
/// general way and reports what is wrong exactly as before. The values are parsed from their
/// bytes as the general reader's `LedgerValue` functions parse them (`RecordDecoder.value`), and
/// declined where those would refuse, so a goal decoded here is the goal it makes.
extension RecordDecoder {
    /// The goal of list item `item`, or nil when the general reader must read it.
    func decodeGoal(_ item: NodeID, in doc: LedgerDocument, bytes: UnsafeBufferPointer<UInt8>, file: Int32) -> Goal? {
        guard doc.kind(item) == .mapping else { return nil }
        var fields = GoalFields()
        var metricNode = NodeID(0)
        for i in 0..<doc.count(item) {
            let (key, node) = doc.entry(item, i)
            guard doc.kind(key) == .scalar, doc.style(key) == .plain, doc.kind(node) == .scalar, doc.style(node) == .plain else { return nil }
            let k = UnsafeBufferPointer(rebasing: bytes[doc.span(key)])
            let hadMetric = fields.place >= 0
            guard takeGoal(k, doc.span(node), bytes: bytes, into: &fields) else { return nil }
            if !hadMetric, fields.place >= 0 { metricNode = node }
        }
        return goal(fields, bytes: bytes) {
            // The item's line first: the metric is most often on it (`- metric: …`).
            let itemPosition = doc.position(item)
            var line = itemPosition.line - 1
            return (SourceRef(file: file, itemPosition), SourceRef(file: file, doc.position(metricNode, hint: &line)))
        }
    }

    /// One goal item's fields as they are read, key by key: from a document's entries
    /// (`decodeGoal`) or straight from a file's lines (`goalSheet(of:…)`), by the one rule of
    /// `takeGoal`.
    struct GoalFields {
        /// The metric as its index in `metrics`: a `Metric` copied retains its arrays.
        var place = -1
        var target: Range<Int>?, baseline: Range<Int>?, weight: Range<Int>?
    }

    /// The field `k` with the plain value at `span` of `bytes` taken into `fields`; false when
    /// the item is the general reader's (another key, a key twice, an unknown metric).
    @inline(__always)
    func takeGoal(_ k: UnsafeBufferPointer<UInt8>, _ span: Range<Int>, bytes: UnsafeBufferPointer<UInt8>,
                  into fields: inout GoalFields) -> Bool {
        switch k.count {
        case 6 where Self.equals(k, "metric"):
            guard fields.place < 0, let m = index(of: UnsafeBufferPointer(rebasing: bytes[span])) else { return false }
            fields.place = m
        case 6 where Self.equals(k, "target"):
            guard fields.target == nil else { return false }
            fields.target = span
        case 8 where Self.equals(k, "baseline"):
            guard fields.baseline == nil else { return false }
            fields.baseline = span
        case 6 where Self.equals(k, "weight"):
            guard fields.weight == nil else { return false }
            fields.weight = span
        default:
            return false
        }
        return true
    }

    /// The goal of `fields`, placed where `refs` says (the item's and its metric's places, asked
    /// only once the goal is known to be read here), or nil when it is the general reader's.
    @inline(__always)
    func goal(_ fields: GoalFields, bytes: UnsafeBufferPointer<UInt8>, refs: () -> (item: SourceRef, metric: SourceRef)) -> Goal? {
        guard fields.place >= 0, let target = fields.target else { return nil }
        let (nameID, unit) = metric(at: fields.place)
        var w: Number?
        if let weight = fields.weight {
            // `parseWeight`'s unit (`LedgerValue.weightUnit`); a percentage is read as
            // `LedgerValue.parse` reads it (`value`: one under 1 is left to the general reader,
            // which refuses `0.5％` but not `0.5%`).
            let v = UnsafeBufferPointer(rebasing: bytes[weight])
            guard let n = Self.value(v, unit: LedgerValue.weightUnit(utf8: v)), !(n < 0) else { return nil }
            w = n
        }
        let (ref, metricRef) = refs()
        let targetBytes = UnsafeBufferPointer(rebasing: bytes[target])
        let baselineBytes = fields.baseline.map { UnsafeBufferPointer(rebasing: bytes[$0]) }
        // The usual texts: their numbers and the styles that write them again, read in one pass.
        if let t = Self.usualValue(targetBytes, unit: unit) {
            if let baselineBytes {
                if let b = Self.usualValue(baselineBytes, unit: unit) {
                    return Goal(metricID: nameID, metricRef: metricRef, target: t, baseline: b, weight: w, ref: ref)
                }
            } else {
                return Goal(metricID: nameID, metricRef: metricRef, target: t, baseline: nil, weight: w, ref: ref)
            }
        }
        // Any other: the values parsed from their bytes as `LedgerValue.parse` reads them,
        // declining where it would refuse (or might), and their texts kept as written.
        guard let t = Self.value(targetBytes, unit: unit) else { return nil }
        var b: (Number, String)?
        if let baselineBytes {
            guard let v = Self.value(baselineBytes, unit: unit) else { return nil }
            b = (v, String(decoding: baselineBytes, as: UTF8.self))
        }
        return Goal(metricID: nameID, metricRef: metricRef, baseline: b?.0, target: t, baselineText: b?.1,
                    targetText: String(decoding: targetBytes, as: UTF8.self), weight: w, method: nil, core: false, ref: ref)
    }
}
