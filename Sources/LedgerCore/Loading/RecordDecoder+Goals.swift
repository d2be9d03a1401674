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
        // The metric as its index in `metrics`: a `Metric` copied retains its arrays.
        var place = -1, metricNode = NodeID(0)
        var target: Range<Int>?, baseline: Range<Int>?, weight: Range<Int>?
        for i in 0..<doc.count(item) {
            let (key, node) = doc.entry(item, i)
            guard doc.kind(key) == .scalar, doc.style(key) == .plain, doc.kind(node) == .scalar, doc.style(node) == .plain else { return nil }
            let k = UnsafeBufferPointer(rebasing: bytes[doc.span(key)])
            switch k.count {
            case 6 where Self.equals(k, "metric"):
                guard place < 0, let m = index(of: UnsafeBufferPointer(rebasing: bytes[doc.span(node)])) else { return nil }
                (place, metricNode) = (m, node)
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
        guard place >= 0, let target else { return nil }
        let (nameID, unit) = metric(at: place)
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
        let metricRef = SourceRef(file: file, doc.position(metricNode, hint: &line)), ref = SourceRef(file: file, itemPosition)
        let targetBytes = UnsafeBufferPointer(rebasing: bytes[target])
        let baselineBytes = baseline.map { UnsafeBufferPointer(rebasing: bytes[$0]) }
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
