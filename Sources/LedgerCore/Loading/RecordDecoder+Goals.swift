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
        var metric: (Metric, NodeID)?, target: Range<Int>?, baseline: Range<Int>?, weight: Range<Int>?
        for i in 0..<doc.count(item) {
            let (key, node) = doc.entry(item, i)
            guard doc.kind(key) == .scalar, doc.style(key) == .plain, doc.kind(node) == .scalar, doc.style(node) == .plain else { return nil }
            let k = UnsafeBufferPointer(rebasing: bytes[doc.span(key)])
            switch k.count {
            case 6 where Self.equals(k, "metric"):
                guard metric == nil, let m = lookup(UnsafeBufferPointer(rebasing: bytes[doc.span(node)])) else { return nil }
                metric = (m, node)
            case 6 where Self.equals(k, "target"):
                guard target == nil else { return nil }
                target = doc.span(node)
            case 8 where Self.equals(k, "baseline"):
                guard baseline == nil else { return nil }
                baseline = doc.span(node)
            case 6 where Self.equals(k, "weight"):
                guard weight == nil else { return nil }
                weight = doc.span(node)
            default:
                return nil
            }
        }
        guard let (m, metricNode) = metric, let target else { return nil }
        // The values parsed from their bytes as `LedgerValue.parse` and `parseWeight` read them,
        // declining where those would refuse (or might): only the target's and baseline's texts
        // are made `String`s, for the goal to keep.
        guard let t = Self.value(UnsafeBufferPointer(rebasing: bytes[target]), unit: m.unit) else { return nil }
        func text(_ span: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[span]), as: UTF8.self) }
        var b: (Number, String)?
        if let baseline {
            guard let v = Self.value(UnsafeBufferPointer(rebasing: bytes[baseline]), unit: m.unit) else { return nil }
            b = (v, text(baseline))
        }
        var w: Number?
        if let weight {
            // `parseWeight`'s unit (`LedgerValue.weightUnit`); a percentage is read as
            // `LedgerValue.parse` reads it (`value`: one under 1 is left to the general reader,
            // which refuses `0.5％` but not `0.5%`).
            let v = UnsafeBufferPointer(rebasing: bytes[weight])
            guard let n = Self.value(v, unit: LedgerValue.weightUnit(utf8: v)), !(n < 0) else { return nil }
            w = n
        }
        // The item's line first: the metric is most often on it (`- metric: …`).
        let itemPosition = doc.position(item)
        var line = itemPosition.line - 1
        return Goal(metricID: m.nameID, metricRef: SourceRef(file: file, doc.position(metricNode, hint: &line)), baseline: b?.0,
                    target: t, baselineText: b?.1, targetText: text(target), weight: w, method: nil, core: false,
                    ref: SourceRef(file: file, itemPosition))
    }
}
