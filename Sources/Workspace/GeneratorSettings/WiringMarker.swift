/// The first line of every file tolk writes for a site generator (its wiring): a file at such a path
/// without it is the site's own. The configuration reads it too, to tell the site's own Hugo strings
/// file from the one tolk writes.
package enum WiringMarker {
    package static let line = "# Written by tolk build"

    package static func isPresent(in bytes: [UInt8]) -> Bool { bytes.starts(with: Array(line.utf8)) }
}
