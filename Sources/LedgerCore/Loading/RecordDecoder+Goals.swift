import LedgerFormat

/// The usual goal item — `metric`, `target` and optionally `baseline` and `weight`, each a plain
/// scalar, all valid — read by the same lookups `RecordDecoder` reads records with: the metric
/// found by its bytes among the catalog's ids, no field table, no `String` for a key. A goal
/// sheet holds a handful; a ledger, tens of thousands.
///
/// Anything else (another key, a quoted or empty value, an unknown metric, a value that does
/// not parse, a negative weight) is declined: `LedgerLoader.readGoal` then reads the item the
/// general way and reports what is wrong exactly as before. The values are parsed by the
/// general reader's own `LedgerValue` functions, so a goal decoded here is the goal it makes.
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
        func text(_ span: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[span]), as: UTF8.self) }
        let targetText = text(target)
        guard case .success(let t) = LedgerValue.parse(targetText, unit: m.unit) else { return nil }
        var b: (Number, String)?
        if let baseline {
            let s = text(baseline)
            guard case .success(let v) = LedgerValue.parse(s, unit: m.unit) else { return nil }
            b = (v, s)
        }
        var w: Number?
        if let weight {
            guard case .success(let v) = LedgerValue.parseWeight(text(weight)), !(v < 0) else { return nil }
            w = v
        }
        return Goal(metricID: m.nameID, metricRef: SourceRef(file: file, doc.position(metricNode)), baseline: b?.0, target: t,
                    baselineText: b?.1, targetText: targetText, weight: w, method: nil, core: false,
                    ref: SourceRef(file: file, doc.position(item)))
    }
}
