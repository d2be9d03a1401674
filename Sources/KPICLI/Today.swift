import Foundation
import GitStore
import LedgerCore

/// Today's date in the local time zone (GIT_AUTHOR_DATE's day when set, so scripted sessions
/// are reproducible).
package enum Today {
    package static func day() -> Day {
        let env = ProcessInfo.processInfo.environment
        let (t, offset) = env["GIT_AUTHOR_DATE"].flatMap(GitDate.parse) ?? GitDate.now()
        return Day(daysSinceEpoch: Int32(CivilTime.localDay(time: t, offsetMinutes: offset)))
    }
}
