import Foundation
import XCTest

/// Names in `--format markdown` are text: link, image, emphasis, code and autolink syntax is
/// escaped, so a name cannot become a live link (docs/format.md, "Text kpi shows").
final class MarkdownEscapingTests: XCTestCase {
    func testLinkAndEmphasisSyntaxInANameIsEscaped() throws {
        let s = try Sandbox()
        s.env["GIT_AUTHOR_DATE"] = "2026-10-15T10:00:00+00:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-15T10:00:00+00:00"
        try s.makeLedger()
        let name = "[l](javascript:alert(1)) ![i](x.png) <https://evil.example> *b* _i_ `c` ~s~ a|b \\ #1 {x}"
        try s.kpi("person", "add", "mallory", "--name", name, "--manager", "bob", "--team", "product")
        try s.kpi("goal", "set", "mallory", "nps", "--quarter", "2026-Q3", "--target", "45")
        let md = try s.kpi("score", "--quarter", "2026-Q3", "--format", "markdown").stdout
        let expected = ##"\[l\]\(javascript:alert\(1\)\) \!\[i\]\(x.png\) &lt;https://evil.example&gt; \*b\* \_i\_ \`c\` \~s\~ a\|b \\ \#1 \{x\}"##
        XCTAssertTrue(md.contains("| mallory | \(expected) |"), md)
        XCTAssertTrue(md.contains("### \(expected) (mallory)"), md)
        XCTAssertFalse(md.contains("](javascript"), md)
        // Ids keep their underscores readable: inside a word `_` emphasises nothing.
        try s.kpi("person", "add", "carol_chen", "--name", "Carol Chen", "--manager", "bob", "--team", "product")
        try s.kpi("goal", "set", "carol_chen", "nps", "--quarter", "2026-Q3", "--target", "45")
        XCTAssertTrue(try s.kpi("score", "--quarter", "2026-Q3", "--format", "markdown").stdout.contains("| carol_chen | Carol Chen |"))
    }
}
