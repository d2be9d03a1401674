import Foundation
import XCTest

/// `kpi serve`'s pages and form writes, over HTTP against the built binary: what they show,
/// that ledger text is escaped, that forms commit once through the CLI's code and only from
/// the site's own pages with the session's token.
final class ServePagesTests: XCTestCase {
    func scenario() throws -> Sandbox {
        let s = try ServeAPITests.scenario()
        try s.kpi("person", "add", "evil", "--name", "<script>alert(1)</script> \"q\" \u{1B}[31mred", "--manager", "bob")
        try s.kpi("goal", "set", "evil", "retention", "--quarter", "2026-Q3", "--target", "45%")
        return s
    }

    func testPagesShowTheLedgerEscaped() throws {
        let s = try scenario()
        let server = try ServeProcess(s, env: ServeAPITests.serverEnv)
        let board = try server.get(s, "/")
        XCTAssertEqual(board.status, 200)
        XCTAssertEqual(board.headers["content-type"], "text/html; charset=utf-8")
        XCTAssertTrue(board.body.contains("2026-Q3 in progress: day 63 of 92"), "1 July – 1 September is day 63 of 92")
        XCTAssertTrue(board.body.contains("<a href=\"/subjects/alice?quarter=2026-Q3\">Alice Chen</a>"), board.body)
        XCTAssertTrue(board.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; \\x1b[31mred"), "names render as text")
        XCTAssertFalse(board.body.contains("<script>alert"))
        XCTAssertFalse(board.body.contains("\u{1B}"))
        XCTAssertTrue(board.headers["content-security-policy"]?.contains("script-src 'self'") ?? false)

        let alice = try server.get(s, "/subjects/alice?quarter=2026-Q3").body
        XCTAssertTrue(alice.contains("Score <strong class=\"subject-score\">56</strong>"), alice)
        XCTAssertTrue(alice.contains("attainment progress: (42 − 40) / (45 − 40) = 0.4"), "the explanation of each number")
        XCTAssertTrue(alice.contains("<td class=\"r num\">80万</td>"), "records as written")
        XCTAssertTrue(alice.contains("aria-label=\"attainment 40%\""), "attainment bars")
        XCTAssertTrue(alice.contains("id=\"changes\""))
        XCTAssertEqual(try server.get(s, "/subjects/zed").status, 404)
        XCTAssertEqual(try server.get(s, "/subjects/alice?quarter=soon").status, 400)

        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "43%", "-m", "market shifted",
                   env: ["GIT_AUTHOR_DATE": "2026-08-02T09:00:00+08:00"])
        let changed = try server.get(s, "/subjects/alice?quarter=2026-Q3").body
        XCTAssertTrue(changed.contains("market shifted"), "who, when and why of a target change")
        XCTAssertTrue(changed.contains("data-rule=\"eased_after_actuals\""), "their audit findings")
        let audit = try server.get(s, "/audit?rule=changed_after_start&subject=alice").body
        XCTAssertTrue(audit.contains("data-rule=\"changed_after_start\""))
        XCTAssertFalse(audit.contains("data-rule=\"eased_after_actuals\""), "filtered by rule")
        XCTAssertTrue(try server.get(s, "/history?subject=alice").body.contains("market shifted"))
        XCTAssertTrue(try server.get(s, "/diff").body.contains("retention target 45% → 43%"))

        // A broken file: listed on /errors with a link to its line in the file view.
        try s.write("people/carol.yaml", "name: Carol\nteam: [nope\n")
        try s.git("add", "people/carol.yaml")
        try s.git("commit", "-qm", "carol")
        let errors = try server.get(s, "/errors").body
        XCTAssertTrue(errors.contains("href=\"/files/people/carol.yaml#L2\""), errors)
        let file = try server.get(s, "/files/people/carol.yaml").body
        XCTAssertTrue(file.contains("id=\"L2\""))
        XCTAssertTrue(file.contains("team: [nope"))
        XCTAssertEqual(try server.get(s, "/files/../../etc/passwd").status, 404)
        XCTAssertEqual(try server.get(s, "/files/.git/config").status, 404)
    }

    func testFormsCommitOnceFromTheSitesOwnPagesOnly() throws {
        let s = try scenario()
        let server = try ServeProcess(s, env: ServeAPITests.serverEnv)
        let jar = s.dir.appendingPathComponent("cookies.txt")
        let page = try server.get(s, "/subjects/alice?quarter=2026-Q3", cookies: jar)
        XCTAssertTrue(page.headers["set-cookie"]?.contains("HttpOnly; SameSite=Strict") ?? false)
        let token = try XCTUnwrap(page.body.range(of: #"name="csrf" value="([0-9a-f]+)""#, options: .regularExpression)
            .map { String(page.body[$0].dropFirst(19).dropLast()) })
        let form = ["Content-Type: application/x-www-form-urlencoded"]
        let origin = "Origin: http://\(server.authority)"
        let tip = try s.git("rev-parse", "HEAD")
        let body = "csrf=\(token)&quarter=2026-Q3&metric=retention&value=45%25&date=2026-08-20&note=web"

        XCTAssertEqual(try server.request(s, "POST", "/subjects/alice/records", body: body, headers: form, cookies: jar).status, 403,
                       "no origin")
        XCTAssertEqual(try server.request(s, "POST", "/subjects/alice/records", body: body, headers: form + ["Origin: http://evil.example"],
                                          cookies: jar).status, 403)
        XCTAssertEqual(try server.request(s, "POST", "/subjects/alice/records", body: body.replacingOccurrences(of: token, with: (token.hasPrefix("0") ? "1" : "0") + token.dropFirst()),
                                          headers: form + [origin], cookies: jar).status, 403, "wrong token")
        XCTAssertEqual(try server.request(s, "POST", "/subjects/alice/records", body: body, headers: form + [origin]).status, 403,
                       "no session")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), tip)

        let refused = try server.request(s, "POST", "/subjects/alice/records", body: body.replacingOccurrences(of: "45%25", with: "lots"),
                                         headers: form + [origin], cookies: jar)
        XCTAssertEqual(refused.status, 422)
        XCTAssertTrue(refused.body.contains("Nothing was committed: &#39;lots&#39; is not a valid value for retention"), refused.body)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), tip)

        let done = try server.request(s, "POST", "/subjects/alice/records", body: body, headers: form + [origin], cookies: jar)
        XCTAssertEqual(done.status, 303)
        XCTAssertEqual(done.headers["location"], "/subjects/alice?quarter=2026-Q3&done=record%3A%20alice%20retention%2045%25%20on%202026-08-20")
        XCTAssertEqual(try s.git("log", "--format=%an <%ae>|%s", "\(tip.trimmingCharacters(in: .whitespacesAndNewlines))..HEAD"),
                       "Bob Manager <bob@example.com>|record: alice retention 45% on 2026-08-20\n")
        XCTAssertTrue(try server.get(s, "/subjects/alice?quarter=2026-Q3").body.contains("Score <strong class=\"subject-score\">92</strong>"))

        // A goal, a review and a closed quarter, each one commit.
        let goal = try server.request(s, "POST", "/subjects/alice/goals", body: "csrf=\(token)&quarter=2026-Q3&metric=revenue&weight=50&message=rebalanced",
                                      headers: form + [origin], cookies: jar)
        XCTAssertEqual(goal.status, 303, goal.body)
        XCTAssertEqual(try s.git("log", "-1", "--format=%s"), "rebalanced\n")
        // The warnings the CLI prints on stderr (weights 60 + 50 = 110) are shown on the page.
        let location = try XCTUnwrap(goal.headers["location"])
        XCTAssertTrue(location.contains("&warning=goals%2F2026-Q3%2Falice.yaml"), location)
        let shown = try server.get(s, location, cookies: jar).body
        XCTAssertTrue(shown.contains("<p class=\"changed\">warning: goals/2026-Q3/alice.yaml:"), shown)
        XCTAssertTrue(shown.contains("110"), shown)
        XCTAssertEqual(try server.request(s, "POST", "/subjects/alice/review", body: "csrf=\(token)&quarter=2026-Q3&rating=A&summary=Good%20work",
                                          headers: form + [origin], cookies: jar).status, 303)
        XCTAssertTrue(try s.read("reviews/2026-Q3/alice.yaml").contains("rating: A\n"))
        XCTAssertEqual(try server.request(s, "POST", "/close", body: "csrf=\(token)&quarter=2026-Q3", headers: form + [origin], cookies: jar).status, 303)
        XCTAssertEqual(try s.git("tag", "--list"), "closed/2026-Q3\n")
        let closed = try server.request(s, "POST", "/subjects/alice/records", body: body.replacingOccurrences(of: "2026-08-20", with: "2026-08-21"),
                                        headers: form + [origin], cookies: jar)
        XCTAssertEqual(closed.status, 422)
        XCTAssertTrue(closed.body.contains("2026-Q3 is closed"), closed.body)

        // The file editor validates before committing.
        let before = try s.git("rev-parse", "HEAD")
        let bad = try server.request(s, "POST", "/files/people/alice.yaml", body: "csrf=\(token)&text=name%3A%20%5Bbroken%0A",
                                     headers: form + [origin], cookies: jar)
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.body.contains("people/alice.yaml:1:"), bad.body)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), before)
        let text = try s.read("people/alice.yaml").replacingOccurrences(of: "Alice Chen", with: "Alice Chen-Wang")
        let edited = try server.request(s, "POST", "/files/people/alice.yaml",
                                        body: "csrf=\(token)&message=married&text=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                                        headers: form + [origin], cookies: jar)
        XCTAssertEqual(edited.status, 303, edited.body)
        XCTAssertEqual(try s.git("log", "-1", "--format=%s"), "married\n")
        XCTAssertEqual(try s.git("show", "HEAD:people/alice.yaml"), text)
    }
}
