import CLibCrypto
import Foundation

/// An OpenSSH signature in the SSHSIG format (what `ssh-keygen -Y sign` writes and git stores
/// in a commit's `gpgsig` header), checked in process: a ledger of 10,000 signed commits is
/// verified in seconds, where one `ssh-keygen` process per commit would take minutes.
/// Format: OpenSSH's PROTOCOL.sshsig.
public struct SSHSignature: Sendable {
    /// The key that made the signature (whose it is, the ledger's people files say).
    public let key: SSHPublicKey
    public let namespace: String
    let hashAlgorithm: String
    let signatureType: String
    let signatureBlob: [UInt8]
    /// The armored text, for the `ssh-keygen` fallback.
    let armored: String

    public enum Check: Sendable, Equatable { case good, bad }

    static let begin = "-----BEGIN SSH SIGNATURE-----"
    static let end = "-----END SSH SIGNATURE-----"

    /// Whether a signature text is an SSH one (the alternative is OpenPGP).
    public static func isSSH(_ armored: String) -> Bool { armored.hasPrefix(begin) }

    /// Reads an armored signature; nil when it is not a well-formed SSHSIG.
    public static func parse(armored: String) -> SSHSignature? {
        guard let b = armored.range(of: begin), let e = armored.range(of: end), b.upperBound <= e.lowerBound else { return nil }
        let body = armored[b.upperBound..<e.lowerBound].filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(body)) else { return nil }
        var r = SSHWireReader([UInt8](data))
        guard r.raw(6) == Array("SSHSIG".utf8), r.uint32() == 1,
              let keyBlob = r.bytes(), let key = SSHPublicKey(blob: keyBlob),
              let namespace = r.bytes(), r.bytes() != nil, let hash = r.bytes(), let sig = r.bytes(), r.atEnd
        else { return nil }
        var s = SSHWireReader(sig)
        guard let sigType = s.bytes(), let sigBlob = s.bytes() else { return nil }
        return SSHSignature(key: key, namespace: String(decoding: namespace, as: UTF8.self),
                            hashAlgorithm: String(decoding: hash, as: UTF8.self),
                            signatureType: String(decoding: sigType, as: UTF8.self), signatureBlob: sigBlob,
                            armored: armored)
    }

    /// Whether the signature holds for `message` in `namespace` (git's is "git").
    public func verify(_ message: [UInt8], namespace expected: String = "git") -> Check {
        guard namespace == expected else { return .bad }
        // The signed data: the preamble, namespace, reserved, hash name and the message's hash.
        var digest: [UInt8]
        switch hashAlgorithm {
        case "sha512":
            digest = [UInt8](repeating: 0, count: 64)
            _ = message.withUnsafeBufferPointer { kpi_sha512($0.baseAddress, $0.count, &digest) }
        case "sha256":
            digest = [UInt8](repeating: 0, count: 32)
            _ = message.withUnsafeBufferPointer { kpi_sha256($0.baseAddress, $0.count, &digest) }
        default:
            return .bad
        }
        var w = SSHWireWriter()
        w.bytes = Array("SSHSIG".utf8)
        w.string(namespace)
        w.string([])
        w.string(hashAlgorithm)
        w.string(digest)
        let signed = w.bytes
        guard let fields = key.fields else { return .bad }
        let rc: Int32
        switch (key.type, signatureType) {
        case ("ssh-ed25519", "ssh-ed25519"):
            rc = kpi_verify_ed25519(fields[0], fields[0].count, signatureBlob, signatureBlob.count, signed, signed.count)
        case ("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256"), ("ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384"),
             ("ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521"):
            var r = SSHWireReader(signatureBlob)
            guard let sr = r.bytes(), let ss = r.bytes() else { return .bad }
            let (group, md): (String, OpaquePointer?) = switch key.type {
            case "ecdsa-sha2-nistp256": ("P-256", EVP_sha256())
            case "ecdsa-sha2-nistp384": ("P-384", EVP_sha384())
            default: ("P-521", EVP_sha512())
            }
            rc = kpi_verify_ecdsa(group, fields[1], fields[1].count, sr, sr.count, ss, ss.count, md, signed, signed.count)
        case ("ssh-rsa", "rsa-sha2-512"), ("ssh-rsa", "rsa-sha2-256"):
            let md = signatureType == "rsa-sha2-512" ? EVP_sha512() : EVP_sha256()
            rc = kpi_verify_rsa(fields[1], fields[1].count, fields[0], fields[0].count, md,
                                signatureBlob, signatureBlob.count, signed, signed.count)
        case ("sk-ssh-ed25519@openssh.com", _), ("sk-ecdsa-sha2-nistp256@openssh.com", _):
            // Security-key signatures also sign the authenticator's flags: OpenSSH checks them.
            return SSHKeygen.checkNoValidate(armored: armored, message: message, namespace: namespace)
        default:
            return .bad
        }
        return rc == 1 ? .good : .bad
    }
}

func kpiSHA256(_ data: UnsafeBufferPointer<UInt8>, _ out: inout [UInt8]) -> Int32 {
    kpi_sha256(data.baseAddress, data.count, &out)
}
