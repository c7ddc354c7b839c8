#if canImport(Glibc)
import Glibc
#endif

/// The charset of a PO file, as its header declares it (`Content-Type: text/plain; charset=KOI8-R`),
/// and its conversion to UTF-8, the only encoding tolk works in.
///
/// gettext trusts the header, so tolk does too: a file that declares another charset and has
/// non-ASCII bytes is converted with iconv, whatever those bytes would mean as UTF-8. A file that
/// declares UTF-8 (or nothing, or the template placeholder `CHARSET`) must be valid UTF-8. The header
/// is the one the PO parser finds (`POReader` parses, and parses the converted text again): the
/// charset is never guessed from the bytes around it.
enum POCharset {
    struct Problem: Error {
        var offset: Int
        var message: String
        var hint: String
    }

    /// Names under which the header means UTF-8 or plain ASCII (which UTF-8 contains).
    static func isUTF8(_ name: String) -> Bool {
        ["UTF-8", "UTF8", "CHARSET", "ASCII", "US-ASCII", "ANSI_X3.4-1968"].contains(name.uppercased())
    }

    /// Whether two charset names (or their absence) mean the same to tolk.
    static func same(_ first: String?, _ second: String?) -> Bool {
        switch (first, second) {
        case (nil, nil): return true
        case let (first?, second?): return first.uppercased() == second.uppercased() || (isUTF8(first) && isUTF8(second))
        default: return false
        }
    }

    /// The charset a header's text declares: the name after its first `charset=`, as gettext reads it
    /// from the header entry's msgstr (`Content-Type: text/plain; charset=KOI8-R`), or nil.
    static func declared(inHeader text: String) -> String? {
        charsetName(in: Array(text.utf8))
    }

    /// The name after the first `charset=` of a header's text, or nil.
    static func charsetName(in text: [UInt8]) -> String? {
        let needle = Array("charset=".utf8)
        guard text.count >= needle.count else { return nil }
        var index = 0
        search: while index <= text.count - needle.count {
            for offset in 0..<needle.count where lowercase(text[index + offset]) != needle[offset] {
                index += 1
                continue search
            }
            var end = index + needle.count
            let start = end
            while end < text.count, isCharsetNameByte(text[end]) { end += 1 }
            return end > start ? String(decoding: text[start..<end], as: UTF8.self) : nil
        }
        return nil
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func isCharsetNameByte(_ byte: UInt8) -> Bool {
        byte < 0x80 && isCharsetNameCharacter(Character(UnicodeScalar(byte)))
    }

    /// The characters of a charset name as tolk reads it (`ISO-8859-1`, `KOI8-R`, `EUC-JP`). A colon
    /// ends it: gettext reads up to a blank, but a header line written back as `name: value` puts a
    /// colon right after a name in a field's name, and iconv's names with a year (`ISO_8859-5:1988`)
    /// have a shorter alias it knows as well.
    static func isCharsetNameCharacter(_ character: Character) -> Bool {
        guard character.isASCII, let ascii = character.asciiValue else { return false }
        switch ascii {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var index = 0
            let count = raw.count
            while index + 8 <= count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                index += 8
            }
            while index < count {
                if raw[index] & 0x80 != 0 { return false }
                index += 1
            }
            return true
        }
    }

    /// Converts `bytes` from `charset` to UTF-8 with iconv; an unknown charset or a byte sequence that is
    /// not valid in it is a problem with its offset.
    static func convert(_ bytes: [UInt8], from charset: String) -> Result<[UInt8], Problem> {
        let converter = iconv_open("UTF-8", charset)
        guard let converter, converter != iconv_t(bitPattern: -1) else {
            return .failure(Problem(offset: 0, message: "unknown charset '\(charset)' in the header",
                                    hint: "use a charset iconv knows (iconv --list), or convert the file with msgconv --to-code=UTF-8"))
        }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var input = bytes
        var failure: Problem?
        let produced = input.withUnsafeMutableBufferPointer { inBuffer -> Int in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                let inStart = inPointer
                let outStart = outPointer
                if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == Int(bitPattern: UInt(bitPattern: -1)) {
                    let offset = inStart!.distance(to: inPointer!)
                    failure = Problem(offset: offset, message: "byte \(offset) is not valid \(charset), the charset the header declares",
                                      hint: "fix the charset= in the header, or convert the file with msgconv --to-code=UTF-8")
                }
                return outStart!.distance(to: outPointer!)
            }
        }
        if let failure { return .failure(failure) }
        return .success(Array(output[0..<produced]))
    }
}
