// libFuzzer target: ValueParser over every unit, and Number's text round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: buffer, as: UTF8.self)
    for unit in MetricUnit.allCases {
        if case .success(let n) = ValueParser.parse(utf8: buffer, unit: unit) {
            // The written form reads back as the same number.
            precondition(Number(n.description) == n, "round trip of \(n)")
            _ = n.rounded(places: 2)
        }
        _ = ValueParser.parse(text, unit: unit)
    }
    return 0
}
