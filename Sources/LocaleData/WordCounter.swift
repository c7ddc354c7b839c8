import CICU

/// Counts words with ICU's word breaking, so that Japanese, Chinese and Thai — written without
/// spaces — are counted by their words, not by their lines.
///
/// Not thread-safe: use one counter per thread.
public final class WordCounter {
    public let locale: String
    private let handle: OpaquePointer

    public init(locale: String) throws(ICUError) {
        var status: Int32 = 0
        guard let handle = tolk_words_open(LocaleInfo.icuID(locale), &status) else {
            throw ICUError(code: status > 0 ? status : 1)
        }
        self.handle = handle
        self.locale = locale
    }

    deinit { tolk_words_close(handle) }

    /// The number of words (letters, numbers, kana or ideographs; not punctuation or spaces).
    public func count(_ text: String) -> Int {
        if text.isEmpty { return 0 }
        var status: Int32 = 0
        return Int(withUTF8Bytes(text) { tolk_words_count(handle, $0, $1, &status) })
    }
}
