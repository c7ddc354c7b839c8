#if canImport(Glibc)
import Glibc
#endif

/// The charset of a PO file, as its header declares it (`Content-Type: text/plain; charset=KOI8-R`),
/// and its conversion to UTF-8, the only encoding tolk works in.
///
/// gettext trusts the header, so tolk does too: a file that declares another charset and has
/// non-ASCII bytes is converted with iconv, whatever those bytes would mean as UTF-8. A file that
/// declares UTF-8 (or nothing, or the template placeholder `CHARSET`) must be valid UTF-8.
enum POCharset {
    struct Decoded {
        var text: [UInt8]
        /// The declared charset the text was converted from, when it was.
        var convertedFrom: String?
    }

    struct Problem: Error {
        var offset: Int
        var message: String
        var hint: String
    }

    static func utf8Text(of bytes: [UInt8]) -> Result<Decoded, Problem> {
        if isASCII(bytes) { return .success(Decoded(text: bytes)) }
        let declared = declaredCharset(in: bytes)
        if let declared, !isUTF8(declared) {
            return convert(bytes, from: declared).map { Decoded(text: $0, convertedFrom: declared) }
        }
        if let offset = firstInvalidUTF8Offset(bytes) {
            return .failure(Problem(offset: offset, message: "not valid UTF-8 at byte \(offset)",
                                    hint: "declare the file's charset in its header (charset=ISO-8859-1, …) or convert it with msgconv --to-code=UTF-8"))
        }
        return .success(Decoded(text: bytes))
    }

    /// Names under which the header means UTF-8 or plain ASCII (which UTF-8 contains).
    static func isUTF8(_ name: String) -> Bool {
        ["UTF-8", "UTF8", "CHARSET", "ASCII", "US-ASCII", "ANSI_X3.4-1968"].contains(name.uppercased())
    }

    /// The value of `charset=` in the header entry, found in the raw bytes: the header is ASCII in every
    /// charset gettext supports, so it can be read before the conversion.
    static func declaredCharset(in bytes: [UInt8]) -> String? {
        let needle = Array("charset=".utf8)
        let limit = min(bytes.count, 1 << 16)
        guard limit >= needle.count else { return nil }
        var index = 0
        search: while index <= limit - needle.count {
            for offset in 0..<needle.count where lowercase(bytes[index + offset]) != needle[offset] {
                index += 1
                continue search
            }
            var end = index + needle.count
            let start = end
            while end < bytes.count, isCharsetNameByte(bytes[end]) { end += 1 }
            return end > start ? String(decoding: bytes[start..<end], as: UTF8.self) : nil
        }
        return nil
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func isCharsetNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
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

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or nil.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { bytes in
        var index = 0
        let count = bytes.count
        while index < count {
            // Skip ASCII eight bytes at a time.
            while index + 8 <= count,
                  UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            let minimum: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= count else { return index }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<length {
                let byte = bytes[index + offset]
                guard byte & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
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
