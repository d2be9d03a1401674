import Foundation
import XCTest

/// The real spreadsheet clients the spreadsheet tests use as oracles: openpyxl (PyPI) and
/// LibreOffice headless (Debian's libreoffice-calc-nogui). Missing on a developer's machine: the
/// test is skipped; missing in CI: it fails, because .ci/run installs both.
enum SpreadsheetClients {
    struct Missing: Error { let what: String }

    static func require(_ available: Bool, _ what: String) throws {
        guard available else {
            if ProcessInfo.processInfo.environment["CI"] != nil {
                XCTFail("\(what) is missing, and CI is set: CI must install it (see .ci/run)")
                throw Missing(what: what)
            }
            throw XCTSkip("\(what) is not installed")
        }
    }

    /// Runs a Python script (with the machine's own environment, where pip installed openpyxl).
    @discardableResult
    static func python(_ s: Sandbox, _ script: String, _ args: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try require((try? s.run("/usr/bin/env", ["python3", "-c", "import openpyxl"], env: ProcessInfo.processInfo.environment))?.status == 0,
                    "openpyxl (pip install openpyxl)")
        let r = try s.run("/usr/bin/env", ["python3", "-c", script] + args, env: ProcessInfo.processInfo.environment)
        XCTAssertEqual(r.status, 0, "python: \(r.stderr)", file: file, line: line)
        return r.stdout
    }

    static var soffice: String? {
        ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// LibreOffice converts `file` (in the sandbox) to `format` (csv, xlsx) beside it; returns the new file's path.
    static func libreOffice(_ s: Sandbox, convert file: String, to format: String, ext: String? = nil,
                            file testFile: StaticString = #filePath, line: UInt = #line) throws -> String {
        try require(soffice != nil, "LibreOffice (apt-get install libreoffice-calc-nogui)")
        let out = s.dir.appendingPathComponent("lo-\(ext ?? format)-\(UUID().uuidString.prefix(8))").path
        // Its own profile folder in the sandbox: no state shared with other runs.
        let r = try s.run(soffice!, ["-env:UserInstallation=file://\(s.dir.path)/lo-profile", "--headless", "--norestore",
                                     "--convert-to", format, "--outdir", out, file])
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension + "." + (ext ?? format)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + name), "LibreOffice: \(r.stdout) \(r.stderr)", file: testFile, line: line)
        return out + "/" + name
    }
}
