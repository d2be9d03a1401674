import Foundation
import ZIPFoundation

/// The zip container of a workbook (ZIPFoundation): which parts make the first sheet, each
/// inflated under a size cap.
extension XLSXReader {
    public static func firstSheet(_ data: Data, limits: Limits = Limits()) throws(Failure) -> [Row] {
        guard data.count <= limits.fileBytes else {
            throw Failure("the workbook is \(data.count >> 20) MB; kpi reads workbooks up to \(limits.fileBytes >> 20) MB")
        }
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw Failure("it is not a readable .xlsx workbook (not a zip container)")
        }
        let parts = Parts(archive: archive, limit: limits.partBytes)
        // The workbook part: named by the package's relationships, else where everyone puts it.
        var workbookPath = "xl/workbook.xml"
        if let rels = try parts.optional("_rels/.rels"),
           let target = try relationships(rels, base: "").first(where: { $0.type.hasSuffix("/officeDocument") })?.target {
            workbookPath = target
        }
        let workbook = try parts.required(workbookPath, "the workbook part")
        let base = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath = (base.isEmpty ? "" : base + "/") + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        let rels = try relationships(try parts.required(relsPath, "the workbook's relationships"), base: base)
        let (firstSheetID, date1904) = try sheetInfo(workbook)
        guard let sheetPath = rels.first(where: { $0.id == firstSheetID })?.target else {
            throw Failure("the workbook names a first sheet that is not in the file")
        }
        var strings: [String] = []
        if let r = rels.first(where: { $0.type.hasSuffix("/sharedStrings") }) { strings = try sharedStrings(try parts.required(r.target, "the shared strings")) }
        var formats: [NumberFormat] = []
        if let r = rels.first(where: { $0.type.hasSuffix("/styles") }) { formats = try styleFormats(try parts.required(r.target, "the styles")) }
        return try rows(try parts.required(sheetPath, "the first sheet"), strings: strings, formats: formats, date1904: date1904)
    }

    struct Parts {
        let archive: Archive
        let limit: Int

        func optional(_ path: String) throws(Failure) -> [UInt8]? {
            guard let entry = archive[path] ?? archive[path.hasPrefix("/") ? String(path.dropFirst()) : path] else { return nil }
            guard entry.uncompressedSize <= UInt64(limit) else {
                throw Failure("its part \(path) would unpack to \(entry.uncompressedSize >> 20) MB; kpi reads parts up to \(limit >> 20) MB")
            }
            var out: [UInt8] = []
            out.reserveCapacity(Int(entry.uncompressedSize))
            let limit = self.limit
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    // The declared size can lie: count what really comes out.
                    guard out.count + chunk.count <= limit else { throw Failure("its part \(path) unpacks to more than \(limit >> 20) MB (a zip bomb?)") }
                    out.append(contentsOf: chunk)
                }
            } catch let f as Failure {
                throw f
            } catch {
                throw Failure("its part \(path) is damaged (\(error))")
            }
            return out
        }

        func required(_ path: String, _ what: String) throws(Failure) -> [UInt8] {
            guard let bytes = try optional(path) else { throw Failure("\(what) (\(path)) is missing") }
            return bytes
        }
    }
}
