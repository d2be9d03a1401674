// libFuzzer target: the ledger parser (LedgerFormat) on arbitrary bytes, plus the reads the
// loader does on every parsed document. Built by Fuzz/run.sh, not by the package.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let doc = try? LedgerParser.parse(bytes, path: "fuzz.yaml") else { return 0 }
    var stack = doc.root.map { [$0] } ?? []
    var visited = 0
    while let n = stack.popLast(), visited < 100_000 {
        visited += 1
        _ = doc.position(n)
        switch doc.kind(n) {
        case .scalar: _ = doc.string(n)
        case .sequence: stack += doc.items(n)
        case .mapping: for (k, v) in doc.entries(n) { _ = doc.string(k); stack.append(v) }
        }
    }
    return 0
}
