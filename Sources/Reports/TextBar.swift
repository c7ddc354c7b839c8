/// A progress bar in text: whole blocks, an eighth block for the remainder, light shade for the rest,
/// so a bar of 12 characters shows 96 steps. Rounded down like every share in a report.
///
/// ```swift
/// TextBar.render(Share(done: 453, total: 1000), width: 12)   // "█████▍░░░░░░"
/// ```
enum TextBar {
    static func render(_ share: Share, width: Int) -> String {
        let eighths = min(share.permille, 1000) * width * 8 / 1000
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let full = eighths / 8, partial = partials[eighths % 8]
        return String(repeating: "█", count: full) + partial + String(repeating: "░", count: width - full - (partial.isEmpty ? 0 : 1))
    }
}
