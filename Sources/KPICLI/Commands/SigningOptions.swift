import ArgumentParser
import GitStore

/// `-S/--sign` and `--no-sign`, like git's `-S` and `--no-gpg-sign`: whether the commits (and
/// `kpi close`'s tag) this command writes are signed; by default as git's configuration says
/// (`commit.gpgSign`, `tag.gpgSign`). See docs/audit.md.
struct SigningOptions: ParsableArguments {
    @Flag(name: [.customShort("S"), .customLong("sign")], help: "Sign the commit with your SSH key (user.signingKey), whatever commit.gpgSign says.")
    var sign = false

    @Flag(name: .customLong("no-sign"), help: "Do not sign, whatever commit.gpgSign says.")
    var noSign = false

    func validate() throws {
        if sign && noSign { throw ValidationError.notBoth("--sign", "--no-sign") }
    }

    var request: SigningRequest { sign ? .always : (noSign ? .never : .asConfigured) }
}
