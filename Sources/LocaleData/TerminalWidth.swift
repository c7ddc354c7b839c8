import CICU

/// How many terminal columns text takes, from ICU's character properties: East Asian Wide and
/// Fullwidth characters (CJK, kana, Hangul syllables, fullwidth forms) and emoji take 2; combining marks
/// (Arabic harakat, the accent of a decomposed "é"), format characters, default-ignorable code points and
/// Hangul medial and final jamo take 0; everything else takes 1. That is what terminals do, so columns
/// padded by this width stay aligned whatever the script.
///
/// ```swift
/// TerminalWidth.columns(of: "日本語 (ja)")           // 11
/// TerminalWidth.columns(of: "e\u{301}")             // 1
/// TerminalWidth.columns(of: "العربية")              // 7
/// ```
public enum TerminalWidth {
    public static func columns(of text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return Int(withUTF8Bytes(text) { tolk_text_display_columns($0, $1) })
    }
}
