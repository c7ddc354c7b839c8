import LocaleData

/// A status badge in SVG, in the look of shields.io's flat badges: a grey label ("ru") and a value
/// ("87%") on the colour of its `CompletionBand`. Widths are estimated from Verdana's advance widths at
/// 11px (the font shields.io measures with), so the badge fits its text without a browser; text in
/// other scripts falls back to a per-character estimate. Self-contained: no fonts, links or scripts.
///
/// ```swift
/// StatusBadge().render(label: "ru", value: "87%", share: Share(done: 87, total: 100))
/// ```
public struct StatusBadge {
    public init() {}

    public func render(label: String, value: String, share: Share) -> String {
        let color = CompletionBand(share).badgeColor
        let labelWidth = Self.boxWidth(label), valueWidth = Self.boxWidth(value)
        let width = labelWidth + valueWidth
        let title = ReportEscaping.xml("\(label): \(value)")
        // Ids named after the label, so several badges inlined in one HTML page do not share a clip path.
        let id = "tolk-" + String(label.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? Character($0) : "-" })
        let label = ReportEscaping.xml(label), value = ReportEscaping.xml(value)
        // Text is drawn at 10× and scaled down, as shields.io does, for sub-pixel placement.
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="20" role="img" aria-label="\(title)">
          <title>\(title)</title>
          <linearGradient id="\(id)-shine" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
          <clipPath id="\(id)-round"><rect width="\(width)" height="20" rx="3" fill="#fff"/></clipPath>
          <g clip-path="url(#\(id)-round)">
            <rect width="\(labelWidth)" height="20" fill="#555"/>
            <rect x="\(labelWidth)" width="\(valueWidth)" height="20" fill="\(color)"/>
            <rect width="\(width)" height="20" fill="url(#\(id)-shine)"/>
          </g>
          <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">
            <text x="\(labelWidth * 5)" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">\(label)</text>
            <text x="\(labelWidth * 5)" y="140" transform="scale(.1)">\(label)</text>
            <text x="\(labelWidth * 10 + valueWidth * 5)" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)">\(value)</text>
            <text x="\(labelWidth * 10 + valueWidth * 5)" y="140" transform="scale(.1)">\(value)</text>
          </g>
        </svg>

        """
    }

    /// The width of a box holding `text`: the text plus 5px padding on each side, whole pixels.
    static func boxWidth(_ text: String) -> Int {
        Int((textWidth(text) + 10).rounded(.up))
    }

    /// Estimated width of `text` in Verdana 11px.
    static func textWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { $0 + advance(of: $1) }
    }

    /// Verdana's advance widths (units of 1/2048 em) scaled to 11px; other characters are estimated:
    /// wide East Asian characters as a full em, combining marks as nothing, the rest as an average letter.
    static func advance(of scalar: Unicode.Scalar) -> Double {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return Double(verdanaASCII[Int(value - 0x20)]) * 11 / 2048 }
        // Wide East Asian characters take a square em, combining marks nothing (terminal columns 2 and 0).
        switch TerminalWidth.columns(of: String(scalar)) {
        case 0: return 0
        case 2: return 11
        default: return 7
        }
    }

    /// Verdana advance widths for U+0020…U+007E.
    private static let verdanaASCII: [Int] = [
        720, 807, 940, 1831, 1302, 2217, 1682, 551, 909, 909, 1302, 1831, 745, 874, 745, 1300,   // space ! " # $ % & ' ( ) * + , - . /
        1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302, 909, 909, 1831, 1831, 1831, 1117, // 0-9 : ; < = > ?
        2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 862, 931, 1421, 1145, 1732, 1532, 1612, // @ A-O
        1237, 1612, 1428, 1403, 1245, 1499, 1401, 2025, 1403, 1251, 1403, 909, 1300, 909, 1831, 1302, // P-Z [ \ ] ^ _
        1302, 1253, 1276, 1096, 1276, 1208, 727, 1276, 1300, 563, 614, 1194, 563, 1995, 1300, 1233,  // ` a-o
        1276, 1276, 874, 1067, 807, 1300, 1194, 1675, 1194, 1194, 1096, 1303, 909, 1303, 1831,        // p-z { | } ~
    ]
}
