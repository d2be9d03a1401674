// libFuzzer target: the formula parser, its printing and evaluation with fixed inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let f = try? Formula.parse(text) else { return 0 }
    // What a formula prints parses again to the same formula.
    let again = try? Formula.parse(f.description)
    precondition(again == f, "reparse of \(f.description)")
    _ = f.evaluate { name in name.count % 3 == 0 ? nil : Number(name.count) }
    return 0
}
