import CDeferredCertificates
import Foundation
@testable import GitStore
import XCTest

/// libgit2's start-up parse of the system's certificate authorities is deferred to the first
/// HTTPS transfer (Sources/CDeferredCertificates); TLSAndProxyTests drive real HTTPS transfers.
final class DeferredCertificatesTests: XCTestCase {
    func testStartUpNotesTheBundleAndTheFirstTransferParsesIt() throws {
        _ = Libgit2.initialized
        let bundle = "/etc/ssl/certs/ca-certificates.crt"   // Debian's libgit2 looks here (PLATFORM.md)
        guard FileManager.default.fileExists(atPath: bundle) else { throw XCTSkip("no CA bundle at \(bundle)") }
        // Initialised, and nothing parsed: the location is noted.
        XCTAssertEqual(kpi_certificates_deferred_file().map { String(cString: $0) }, bundle)
        let before = kpi_certificates_parsed()
        try CertificateAuthorities.useSystem()
        XCTAssertEqual(kpi_certificates_parsed(), before + 1, "the noted bundle is parsed by mbedTLS once")
        try CertificateAuthorities.useSystem()
        XCTAssertEqual(kpi_certificates_parsed(), before + 1, "and not again while it is in use")

        // A location of git's http.sslCAInfo replaces it; a bad one is refused in words.
        XCTAssertThrowsError(try CertificateAuthorities.use(file: "/nonexistent/ca.pem", folder: nil)) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/ca.pem (http.sslCAInfo / http.sslCAPath)"), "\(error)")
        }
        try CertificateAuthorities.use(file: bundle, folder: nil)
        XCTAssertEqual(kpi_certificates_parsed(), before + 3)
        // Back to the system's: parsed again, since libgit2 holds one set at a time.
        try CertificateAuthorities.useSystem()
        XCTAssertEqual(kpi_certificates_parsed(), before + 4)
    }
}
