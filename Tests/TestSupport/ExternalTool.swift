import Foundation

/// The programs tests use as real clients of what tolk writes. `make test` installs every one of them
/// (the Makefile's `DEB_PACKAGES`; `script` is in every Debian system). A test that needs one asks
/// here, and fails, saying what to install, when it is missing: it never returns early and passes.
public enum ExternalTool {
    public struct Missing: Error, CustomStringConvertible {
        public let tool: String
        public let package: String
        public var description: String {
            "\(tool) is not installed, and this test needs it as a real client: run `make test` (it installs the Debian package \(package) when run as root) or `sudo apt-get install \(package)`"
        }
    }

    /// The package each tool comes in, for the message.
    static let packages = ["msgfmt": "gettext", "msgcat": "gettext", "msgunfmt": "gettext", "msgmerge": "gettext", "msgconv": "gettext",
                           "xmllint": "libxml2-utils", "script": "bsdutils", "po2xliff": "translate-toolkit", "xliff2po": "translate-toolkit",
                           "apertium-apy": "apertium-apy"]

    /// The path of `tool` in /usr/bin, /usr/local/bin or /bin; throws `Missing` when it is in none.
    public static func path(_ tool: String) throws -> String {
        for folder in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: folder + "/" + tool) {
            return folder + "/" + tool
        }
        throw Missing(tool: tool, package: packages[tool] ?? tool)
    }

    /// A file a package installs that is not a program (Apertium's language-pair modes); throws
    /// `Missing`, naming the package, when it is not there.
    public static func file(_ path: String, package: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(tool: path, package: package) }
        return path
    }
}
