import Foundation

/// An SSH public key as written in an allowed-signers line or a `.pub` file:
/// `ssh-ed25519 AAAA… comment`. Two keys are the same key when their wire bytes are.
public struct SSHPublicKey: Hashable, Sendable {
    /// The key type, e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`.
    public let type: String
    /// The key in SSH wire format (what the base64 text encodes).
    public let blob: [UInt8]

    /// Key types git and OpenSSH sign commits with.
    public static let types: [String] = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// Reads `type base64 [comment]`; the message of the error says what is wrong in plain words.
    public static func parse(_ text: String) -> Result<SSHPublicKey, SSHKeyError> {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let type = parts.first else { return .failure(SSHKeyError("the key is empty")) }
        guard types.contains(type) else {
            return .failure(SSHKeyError("'\(type)' is not an SSH public key type; a key starts with ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa, like a line of a .pub file"))
        }
        guard parts.count >= 2 else { return .failure(SSHKeyError("the \(type) key has no key text after its type")) }
        guard let data = Data(base64Encoded: parts[1]) else {
            return .failure(SSHKeyError("the \(type) key's text is not valid base64; copy the whole line of the .pub file"))
        }
        let blob = [UInt8](data)
        var reader = SSHWireReader(blob)
        guard let inner = reader.bytes().map({ String(decoding: $0, as: UTF8.self) }), inner == type else {
            return .failure(SSHKeyError("the key text does not hold a \(type) key; copy the whole line of the .pub file"))
        }
        guard Self(type: type, blob: blob).fields != nil else {
            return .failure(SSHKeyError("the \(type) key is cut short or damaged; copy the whole line of the .pub file"))
        }
        return .success(SSHPublicKey(type: type, blob: blob))
    }

    public init(type: String, blob: [UInt8]) {
        self.type = type
        self.blob = blob
    }

    /// Reads a key from its wire bytes (as inside a signature).
    public init?(blob: [UInt8]) {
        var reader = SSHWireReader(blob)
        guard let t = reader.bytes() else { return nil }
        self.init(type: String(decoding: t, as: UTF8.self), blob: blob)
        guard fields != nil else { return nil }
    }

    /// `type base64`, as in an allowed-signers line.
    public var text: String { "\(type) \(Data(blob).base64EncodedString())" }

    /// OpenSSH's fingerprint, `SHA256:…` (base64 without padding).
    public var fingerprint: String {
        var digest = [UInt8](repeating: 0, count: 32)
        _ = blob.withUnsafeBufferPointer { kpiSHA256($0, &digest) }
        return "SHA256:" + Data(digest).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// The key's numbers after its type (ed25519: the point; ECDSA: curve, point; RSA: e, n;
    /// security keys: their key, then the application); nil when the blob is malformed.
    var fields: [[UInt8]]? {
        var r = SSHWireReader(blob)
        _ = r.bytes()
        let count: Int
        switch type {
        case "ssh-ed25519": count = 1
        case "sk-ssh-ed25519@openssh.com": count = 2
        case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa": count = 2
        case "sk-ecdsa-sha2-nistp256@openssh.com": count = 3
        default: return nil
        }
        var out: [[UInt8]] = []
        for _ in 0..<count {
            guard let f = r.bytes() else { return nil }
            out.append(f)
        }
        guard r.atEnd else { return nil }
        if type == "ssh-ed25519" || type == "sk-ssh-ed25519@openssh.com", out[0].count != 32 { return nil }
        return out
    }
}

public struct SSHKeyError: Error, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension SSHWireReader {
    init(_ bytes: [UInt8]) { self.init(data: bytes, offset: 0) }

    var atEnd: Bool { offset == data.count }

    mutating func raw(_ n: Int) -> [UInt8]? {
        guard data.count - offset >= n else { return nil }
        defer { offset += n }
        return Array(data[offset..<offset + n])
    }
}

/// Writes SSH wire-format values.
struct SSHWireWriter {
    var bytes: [UInt8] = []
    mutating func string(_ s: [UInt8]) {
        let n = UInt32(s.count)
        bytes += [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)]
        bytes += s
    }
    mutating func string(_ s: String) { string(Array(s.utf8)) }
}
