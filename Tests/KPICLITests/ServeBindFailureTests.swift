import Foundation
import XCTest

/// `kpi serve` that cannot listen says why in words, not as a socket call's error.
final class ServeBindFailureTests: XCTestCase {
    func testPortInUseIsNamed() throws {
        let s = try Sandbox()
        try s.makeLedger()
        // Something else already listens on the port (kept open until the end of the test).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        XCTAssertTrue(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))

        let r = try s.kpi("serve", "--read-only", "--port", String(port), status: 1)
        XCTAssertEqual(r.stderr, "kpi: error: cannot serve on 127.0.0.1:\(port): port \(port) is already in use; stop what serves there, or choose another port with --port\n")
        XCTAssertEqual(r.stdout, "")
    }
}
