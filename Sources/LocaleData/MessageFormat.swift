import Foundation

import CICU

/// ICU MessageFormat: formatting through ICU, and a syntax tree for checks and for turning
/// plural messages into gettext plural entries and back.
public enum MessageFormat {
    /// A value for a named argument.
    public enum Argument: Sendable {
        case number(Double)
        case text(String)
    }

    /// Formats `pattern` for `locale` with ICU (`{minutes, plural, one {# минута} …}` with minutes = 3 → "3 минуты").
    public static func format(_ pattern: String, locale: String, arguments: [String: Argument]) throws(MessageFormatError) -> String {
        let names = arguments.keys.sorted()
        let values = names.map { arguments[$0]! }
        var errorOffset: Int32 = -1
        var failure: Int32 = 0
        let result = try? ICU.string { out, capacity, status in
            withCStrings(names) { namePointers in
                withTexts(values) { texts in
                    var cArguments = (0..<names.count).map { index -> TolkMessageArgument in
                        switch values[index] {
                        case .number(let number):
                            return TolkMessageArgument(name: namePointers[index], isNumber: 1, number: number, text: nil, textLength: 0)
                        case .text:
                            return TolkMessageArgument(name: namePointers[index], isNumber: 0, number: 0, text: texts[index].pointer, textLength: texts[index].length)
                        }
                    }
                    let length = withUTF8Bytes(pattern) { bytes, byteCount in
                        tolk_message_format(LocaleInfo.icuID(locale), bytes, byteCount, &cArguments, Int32(cArguments.count), out, capacity, &errorOffset, status)
                    }
                    failure = status.pointee
                    return length
                }
            }
        }
        guard let result else {
            throw MessageFormatError(offset: max(0, Int(errorOffset)), reason: "ICU could not format the message (\(ICUError(code: failure).name))")
        }
        return result
    }

    /// The byte offset of the first syntax error ICU finds in `pattern`, or nil when ICU accepts it.
    public static func syntaxErrorOffset(in pattern: String, locale: String = "en") -> Int? {
        syntaxError(in: pattern, locale: locale)?.offset
    }

    /// The first syntax error ICU finds in `pattern` (where, and ICU's code for it), or nil when ICU accepts it.
    ///
    /// ```swift
    /// MessageFormat.syntaxError(in: "{n, plural, one {#}}")   // offset 0, U_DEFAULT_KEYWORD_MISSING
    /// ```
    public static func syntaxError(in pattern: String, locale: String = "en") -> (offset: Int, error: ICUError)? {
        var status: Int32 = 0
        let offset = withUTF8Bytes(pattern) { tolk_message_check(LocaleInfo.icuID(locale), $0, $1, &status) }
        return status > 0 ? (Int(max(0, offset)), ICUError(code: status)) : nil
    }

    private static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafePointer<CChar>]) -> Result) -> Result {
        let copies = strings.map(copy)
        defer { copies.forEach { $0.deallocate() } }
        return body(copies.map { UnsafePointer($0) })
    }

    private struct TextBuffer { let pointer: UnsafePointer<CChar>?; let length: Int32 }

    /// Each text argument copied whole, with its UTF-8 length: a NUL inside the text is part of it (ICU
    /// reads `length` bytes; `strdup` would have stopped at the NUL and ICU read past the copy).
    private static func withTexts<Result>(_ values: [Argument], _ body: ([TextBuffer]) -> Result) -> Result {
        var copies: [UnsafeMutablePointer<CChar>] = []
        defer { copies.forEach { $0.deallocate() } }
        let buffers = values.map { value -> TextBuffer in
            guard case .text(let text) = value else { return TextBuffer(pointer: nil, length: 0) }
            let copy = copy(text)
            copies.append(copy)
            return TextBuffer(pointer: UnsafePointer(copy), length: Int32(text.utf8.count))
        }
        return body(buffers)
    }

    /// The UTF-8 bytes of `text`, every one of them, and a NUL after them.
    private static func copy(_ text: String) -> UnsafeMutablePointer<CChar> {
        let bytes = Array(text.utf8)
        let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { UnsafeMutableRawPointer(copy).copyMemory(from: base, byteCount: source.count) }
        }
        copy[bytes.count] = 0
        return copy
    }
}

/// A problem in a MessageFormat pattern, at a UTF-8 byte offset into it.
public struct MessageFormatError: Error, Equatable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "at offset \(offset): \(reason)" }
}

#if canImport(Glibc)
import Glibc
#endif
