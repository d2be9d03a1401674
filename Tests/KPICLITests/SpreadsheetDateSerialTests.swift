import Spreadsheet
import XCTest

/// Date serials of the 1900 system (with Lotus 1-2-3's 1900-02-29, serial 60) and the 1904
/// system, by hand: 1970-01-01 is day 0; 2026-07-31 is day 20665, serial 46234 (1900) and 44772 (1904).
final class SpreadsheetDateSerialTests: XCTestCase {
    func testThe1900SystemKeepsItsLeapYearBug() {
        let jan1 = -25567 // 1900-01-01
        XCTAssertEqual(DateSerial.daysSinceEpoch(serial: 1), jan1)
        XCTAssertEqual(DateSerial.daysSinceEpoch(serial: 59), jan1 + 58, "1900-02-28")
        XCTAssertNil(DateSerial.daysSinceEpoch(serial: 60), "1900-02-29 never was")
        XCTAssertEqual(DateSerial.daysSinceEpoch(serial: 61), jan1 + 59, "1900-03-01")
        XCTAssertEqual(DateSerial.daysSinceEpoch(serial: 25569), 0)
        XCTAssertEqual(DateSerial.daysSinceEpoch(serial: 46234), 20665)
        XCTAssertNil(DateSerial.daysSinceEpoch(serial: 0))
        XCTAssertNil(DateSerial.daysSinceEpoch(serial: 2_958_466), "after 9999-12-31")
        for serial in [1, 59, 61, 25569, 46234] {
            XCTAssertEqual(DateSerial.serial(daysSinceEpoch: DateSerial.daysSinceEpoch(serial: serial)!), serial)
        }
    }

    func testThe1904System() {
        XCTAssertEqual(DateSerial.daysSinceEpoch(serial: 0, date1904: true), -24107)
        XCTAssertEqual(DateSerial.daysSinceEpoch(serial: 44772, date1904: true), 20665)
    }
}
