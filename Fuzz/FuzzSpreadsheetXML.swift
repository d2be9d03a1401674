// libFuzzer target: the XML parts of a workbook (sheet, shared strings, styles, relationships,
// workbook) as XLSXReader reads them: any bytes give rows or a Failure, never a crash or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let strings = (try? XLSXReader.sharedStrings(bytes)) ?? ["a", "b"]
    let formats = (try? XLSXReader.styleFormats(bytes)) ?? [.general, .percent, .date]
    _ = try? XLSXReader.relationships(bytes, base: "xl")
    _ = try? XLSXReader.sheetInfo(bytes)
    for date1904 in [false, true] {
        if let rows = try? XLSXReader.rows(bytes, strings: strings, formats: formats, date1904: date1904) {
            for row in rows { precondition(row.number >= 1 && row.cells.count <= 16_384, "row \(row.number)") }
        }
    }
    return 0
}
