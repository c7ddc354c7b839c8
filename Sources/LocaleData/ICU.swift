import CICU

/// Namespace for the helpers every ICU wrapper in this module shares.
enum ICU {
    /// Calls an ICU shim function that fills a UTF-8 buffer, growing the buffer until the result fits.
    static func string(
        _ call: (UnsafeMutablePointer<CChar>?, Int32, UnsafeMutablePointer<Int32>) -> Int32
    ) throws(ICUError) -> String {
        var capacity: Int32 = 128
        while true {
            var status: Int32 = 0
            var buffer = [CChar](repeating: 0, count: Int(capacity))
            let needed = buffer.withUnsafeMutableBufferPointer { call($0.baseAddress, capacity, &status) }
            try ICUError.check(status)
            if needed <= capacity {
                return buffer.withUnsafeBufferPointer { pointer in
                    String(decoding: UnsafeRawBufferPointer(start: pointer.baseAddress, count: Int(needed)).bindMemory(to: UInt8.self), as: UTF8.self)
                }
            }
            capacity = needed
        }
    }

    /// The version of the ICU library tolk is linked against ("72.1").
    public static var version: String { String(cString: tolk_icu_version()) }
}

/// An ICU call failed; `name` is ICU's own name for the code (`U_ILLEGAL_ARGUMENT_ERROR`).
public struct ICUError: Error, CustomStringConvertible, Equatable {
    public let code: Int32
    public var name: String { String(cString: tolk_status_name(code)) }
    public var description: String { "ICU reported \(name)" }

    static func check(_ status: Int32) throws(ICUError) {
        if status > 0 { throw ICUError(code: status) }
    }
}

/// Runs `body` with a UTF-8 pointer and byte length for `text`, without copying when the string is native.
@inline(__always)
func withUTF8Bytes<Result>(_ text: String, _ body: (UnsafePointer<CChar>, Int32) throws -> Result) rethrows -> Result {
    var text = text
    return try text.withUTF8 { buffer in
        try buffer.withMemoryRebound(to: CChar.self) { chars in
            // An empty buffer may have a nil base address; ICU wants a valid pointer.
            if let base = chars.baseAddress { return try body(base, Int32(chars.count)) }
            return try "".withCString { try body($0, 0) }
        }
    }
}
