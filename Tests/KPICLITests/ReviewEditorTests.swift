import XCTest

final class ReviewEditorTests: XCTestCase {
    /// With no text given and a terminal attached, `kpi review` opens $VISUAL/$EDITOR like git.
    func testReviewOpensTheEditorOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("needs util-linux's script for a terminal") }
        let s = try Sandbox()
        try s.makeLedger()
        let editor = s.dir.appendingPathComponent("editor.sh").path
        try Data("#!/bin/sh\nprintf 'Shipped onboarding.\\nRetention up 4 points.\\n' >> \"$1\"\n".utf8).write(to: URL(fileURLWithPath: editor))
        chmod(editor, 0o755)
        let r = try s.run("/usr/bin/script", ["-qec", "\(Sandbox.kpiBinary.path) review alice --quarter 2026-Q3 --rating A", "/dev/null"],
                          cwd: s.ledger, env: ["VISUAL": editor])
        XCTAssertEqual(r.status, 0, r.stdout)
        // --rating given: no editor; now without any text the editor opens.
        let r2 = try s.run("/usr/bin/script", ["-qec", "\(Sandbox.kpiBinary.path) review alice --quarter 2026-Q3", "/dev/null"],
                           cwd: s.ledger, env: ["VISUAL": editor])
        XCTAssertEqual(r2.status, 0, r2.stdout)
        XCTAssertEqual(try s.read("reviews/2026-Q3/alice.yaml"), """
        # yaml-language-server: $schema=../../.kpi/schemas/review.schema.json
        subject: alice
        quarter: 2026-Q3
        rating: A
        notes: |-
          Shipped onboarding.
          Retention up 4 points.

        """)
        // Without a terminal it refuses instead of hanging on an editor: a usage error (64).
        let r3 = try s.kpi("review", "alice", "--quarter", "2026-Q3", status: 64)
        XCTAssertTrue(r3.stderr.contains("no terminal"), r3.stderr)
    }
}
