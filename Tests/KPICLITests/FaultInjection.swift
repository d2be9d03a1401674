import Foundation
import XCTest

/// What the fault-injection tests share (docs/reliability.md): Debian's strace, which kills a
/// write at a chosen system call, and a ledger recording in 2026-Q3 on a day after it (no
/// future dates) with alice's nps goal to record against.
enum FaultInjection {
    static let strace = "/usr/bin/strace"

    static func ledger() throws -> Sandbox {
        guard FileManager.default.isExecutableFile(atPath: strace) else {
            throw XCTSkip("strace is not installed (.ci/run installs Debian's strace)")
        }
        return try Sandbox.withAliceNPSGoal("--target", "40")
    }
}
