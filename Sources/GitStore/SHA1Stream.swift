import CLibCrypto

/// A SHA-1 fed in pieces (libcrypto's, on the CPU's SHA instructions where it has them): for
/// files checked or written a bounded piece at a time (the report cache, docs/architecture.md).
public final class SHA1Stream {
    private let context: OpaquePointer?

    public init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, IndexFile.sha1Digest, nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    public func update(_ bytes: ArraySlice<UInt8>) { bytes.withUnsafeBytes { update($0) } }

    /// The 20-byte digest of everything fed; the stream is spent.
    public func finish() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        var n: UInt32 = 0
        out.withUnsafeMutableBufferPointer { _ = EVP_DigestFinal_ex(context, $0.baseAddress, &n) }
        return out
    }
}
