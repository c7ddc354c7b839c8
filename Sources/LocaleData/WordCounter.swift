import CICU

/// Counts words with ICU's word breaking, so that Japanese, Chinese and Thai — written without
/// spaces — are counted by their words, not by their lines.
///
/// Not thread-safe: use one counter per thread.
public final class WordCounter {
    public let locale: String
    private let handle: OpaquePointer
    /// Whether a text of plain ASCII (and a few other characters) is counted without ICU
    /// (`ASCIIWordCount`, which follows ICU's rules for it): in every locale but the POSIX ones,
    /// whose rules differ.
    private let countsASCIIAlone: Bool
    /// Whether this locale's rules join two letters across `:` (Finnish and Swedish), as ICU says.
    private let colonJoinsLetters: Bool

    public init(locale: String) throws(ICUError) {
        var status: Int32 = 0
        let identifier = LocaleInfo.icuID(locale)
        guard let handle = tolk_words_open(identifier, &status) else {
            throw ICUError(code: status > 0 ? status : 1)
        }
        self.handle = handle
        self.locale = locale
        countsASCIIAlone = !identifier.lowercased().contains("posix")
        var probe: Int32 = 0
        colonJoinsLetters = tolk_words_count(handle, "a:b", 3, &probe) == 1
    }

    deinit { tolk_words_close(handle) }

    /// The number of words (letters, numbers, kana or ideographs; not punctuation or spaces).
    public func count(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { count(utf8: $0) }
    }

    /// The number of words of a text given as its UTF-8 bytes (valid UTF-8).
    public func count(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if countsASCIIAlone, let words = ASCIIWordCount.count(bytes, colonJoinsLetters: colonJoinsLetters) { return words }
        return countWithICU(utf8: bytes)
    }

    /// The number of words as ICU's word break iterator finds them, whatever the text.
    func countWithICU(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard !bytes.isEmpty else { return 0 }
        var status: Int32 = 0
        return bytes.withMemoryRebound(to: CChar.self) { chars in Int(tolk_words_count(handle, chars.baseAddress!, Int32(chars.count), &status)) }
    }
}
