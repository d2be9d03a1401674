#if canImport(Glibc)
import Glibc
#endif

/// Where kpi looks for an SSH identity, in OpenSSH's order: the agent (`SSH_AUTH_SOCK`), then
/// the `IdentityFile`s of `~/.ssh/config`, else `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`.
enum SSHIdentity: Equatable {
    case agent
    case file(String)

    static func candidates(config: SSHConfig, environment: [String: String]) -> [SSHIdentity] {
        var list: [SSHIdentity] = []
        if let sock = environment["SSH_AUTH_SOCK"], !sock.isEmpty, access(sock, F_OK) == 0 { list.append(.agent) }
        let home = SSHConfig.home(environment)
        let files = config.identityFiles.isEmpty
            ? ["id_ed25519", "id_ecdsa", "id_rsa"].map { "\(home)/.ssh/\($0)" } : config.identityFiles
        for f in files where access(f, R_OK) == 0 { list.append(.file(f)) }
        return list
    }
}

/// What kpi can tell about a private key file without its passphrase: its type and whether it
/// is encrypted (OpenSSH's own format and the older PEM forms).
struct SSHKeyFile {
    var keyType: String?
    var encrypted: Bool

    init(path: String) {
        let text = SSHConfig.readFile(path) ?? ""
        keyType = nil
        encrypted = false
        if text.contains("BEGIN OPENSSH PRIVATE KEY") {
            let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            guard let bytes = Base64.decode(body) else { return }
            let magic = Array("openssh-key-v1\0".utf8)
            guard bytes.starts(with: magic) else { return }
            var reader = SSHWireReader(data: bytes, offset: magic.count)
            let cipher = reader.string()
            _ = reader.string()   // kdf name
            _ = reader.string()   // kdf options
            _ = reader.uint32()   // number of keys
            if let blob = reader.bytes() { keyType = KnownHosts.keyType(ofBlob: blob) }
            encrypted = cipher.map { $0 != "none" } ?? false
        } else if text.contains("BEGIN RSA PRIVATE KEY") {
            keyType = "ssh-rsa"
            encrypted = text.contains("ENCRYPTED")
        } else if text.contains("BEGIN EC PRIVATE KEY") {
            keyType = "ecdsa"
            encrypted = text.contains("ENCRYPTED")
        } else if text.contains("BEGIN ENCRYPTED PRIVATE KEY") {
            encrypted = true
        }
    }

    var isRSA: Bool { keyType == "ssh-rsa" }
}

struct SSHWireReader {
    let data: [UInt8]
    var offset: Int

    mutating func uint32() -> Int? {
        guard offset + 4 <= data.count else { return nil }
        defer { offset += 4 }
        return data[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
    }

    mutating func bytes() -> [UInt8]? {
        guard let n = uint32(), n >= 0, offset + n <= data.count else { return nil }
        defer { offset += n }
        return Array(data[offset..<(offset + n)])
    }

    mutating func string() -> String? { bytes().map { String(decoding: $0, as: UTF8.self) } }
}
