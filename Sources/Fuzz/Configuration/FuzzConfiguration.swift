import FuzzSupport
import Workspace

/// Fuzzes `tolk.yaml` parsing through its narrowest public entry, `Configuration.parse(_:file:)` on the
/// file's bytes, which `Configuration.load(root:)` calls after reading the file (UTF-8 is checked
/// there, then Yams composes the document and each setting is read).
///
/// Whatever the bytes, parsing must return a configuration or throw a `ConfigurationError` with a
/// message and a line that is 0 (the whole file) or inside the file; it must not crash, hang or run
/// out of memory (Yams composes the whole document, so aliases and deep nesting are fair game).
@_cdecl("FuzzConfiguration_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    Fuzz.run(argc, argv) { bytes in
        do throws(ConfigurationError) {
            _ = try Configuration.parse(bytes, file: "tolk.yaml")
        } catch {
            // Lines as YAML counts them: LF, CRLF and a lone CR each end one (so do NEL, LS and PS).
            var lines = 1
            for (index, byte) in bytes.enumerated() where byte == 0x0A || (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] != 0x0A) || byte == 0x85 || byte == 0xA8 || byte == 0xA9 {
                lines += 1
            }
            Fuzz.expect(!error.message.isEmpty, "an error without a message")
            Fuzz.expect(error.line >= 0 && error.line <= lines + 1, "error line \(error.line) in a file of \(lines) lines: \(error)")
        }
    }
}
