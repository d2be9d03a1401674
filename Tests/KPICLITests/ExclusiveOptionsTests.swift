import Foundation
import XCTest

/// Two options that exclude each other are refused in one wording, whichever they are, before
/// anything runs and with the usage (exit 64).
final class ExclusiveOptionsTests: XCTestCase {
    func testEveryPairReadsTheSame() throws {
        let s = try Sandbox()
        try s.makeLedger()
        let cases: [([String], String)] = [
            (["record", "alice", "nps", "40", "--sign", "--no-sign"], "give --sign or --no-sign, not both"),
            (["sync", "--ours", "--theirs"], "give --ours or --theirs, not both"),
            (["goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--aligns-to", "eng/nps", "--no-aligns-to"],
             "give --aligns-to or --no-aligns-to, not both"),
            (["score", "--quarter", "2026-Q3", "--year", "2026"], "give --quarter or --year, not both"),
        ]
        let before = try s.git("rev-parse", "HEAD")
        for (args, words) in cases {
            let r = try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger)
            XCTAssertEqual(r.status, 64, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.hasPrefix("Error: \(words)\n"), r.stderr)
            XCTAssertTrue(r.stderr.contains("Usage: kpi \(args[0])"), r.stderr)
        }
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), before)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
    }
}
