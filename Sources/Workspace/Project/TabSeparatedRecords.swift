/// tolk's own state files (the build state, the status cache): a record per line, its fields
/// separated by tabs, numbers in decimal or lowercase hexadecimal. Read straight from the bytes and
/// written straight to them: a no-op build and a status from the cache do little else.

/// The lines of `bytes`: each range without its line feed.
package func tabSeparatedLines(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var lines: [Range<Int>] = []
    lines.reserveCapacity(bytes.count / 100)
    var lineStart = 0
    while lineStart < bytes.count {
        var lineEnd = lineStart
        while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
        lines.append(lineStart..<lineEnd)
        lineStart = lineEnd + 1
    }
    return lines
}

/// One line of a state file, split at tabs. A field that does not read as asked gives nil, and the
/// reader then discards the file: a state file is only ever as tolk wrote it.
package struct TabSeparatedRecord {
    package let bytes: UnsafeBufferPointer<UInt8>
    package private(set) var fields: [Range<Int>] = []

    package init(bytes: UnsafeBufferPointer<UInt8>, line: Range<Int>) {
        self.bytes = bytes
        fields.reserveCapacity(16)
        var fieldStart = line.lowerBound
        for index in line.lowerBound...line.upperBound where index == line.upperBound || bytes[index] == 0x09 {
            fields.append(fieldStart..<index)
            fieldStart = index + 1
        }
    }

    package func field(_ index: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[fields[index]]) }
    package func text(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }
    package func isEmpty(_ index: Int) -> Bool { fields[index].isEmpty }

    /// A decimal Int64, perhaps negative; nil for anything else, or a value out of range.
    package func number(_ index: Int) -> Int64? {
        var digits = field(index)[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard let magnitude = Self.magnitude(digits) else { return nil }
        if negative { return magnitude <= Int64.min.magnitude ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// A decimal UInt64; nil for anything else, or a value out of range.
    package func unsignedNumber(_ index: Int) -> UInt64? { Self.magnitude(field(index)[...]) }

    /// Lowercase hexadecimal, at most 16 digits.
    package func hex(_ index: Int) -> UInt64? {
        let field = field(index)
        guard !field.isEmpty, field.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in field {
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 97...102: digit = byte - 87
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    private static func magnitude(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64? {
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= 48 && byte <= 57 else { return nil }
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times10.addingReportingOverflow(UInt64(byte - 48))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }
}

/// A state file's bytes, a record at a time. A record with a value that cannot be stored (a tab or a
/// line break in it, or U+001F where that separates list items) is dropped whole when it ends.
package struct TabSeparatedWriter {
    package var bytes: [UInt8] = []
    private var recordStart = 0
    private var storable = true
    private var fieldCount = 0

    package init() {}

    /// Starts a record; its fields follow.
    package mutating func begin() {
        recordStart = bytes.count
        storable = true
        fieldCount = 0
    }

    /// Starts a record whose first field is `kind`.
    package mutating func begin(_ kind: StaticString) {
        begin()
        separate()
        bytes.append(contentsOf: UnsafeBufferPointer(start: kind.utf8Start, count: kind.utf8CodeUnitCount))
    }

    package mutating func text(_ value: String, separatorAllowed: Bool = false) {
        separate()
        var value = value
        value.withUTF8 { field in
            for byte in field where byte == 0x09 || byte == 0x0A || (byte == 0x1F && !separatorAllowed) { storable = false }
            bytes.append(contentsOf: field)
        }
    }

    /// Items separated by U+001F.
    package mutating func list(_ items: [String]) {
        separate()
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(0x1F) }
            var item = item
            item.withUTF8 { field in
                for byte in field where byte == 0x09 || byte == 0x0A || byte == 0x1F { storable = false }
                bytes.append(contentsOf: field)
            }
        }
    }

    package mutating func decimal(_ value: Int64) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(of: value.magnitude)
    }

    package mutating func decimal(_ value: UInt64) {
        separate()
        appendDigits(of: value)
    }

    package mutating func hex(_ value: UInt64) {
        separate()
        let digits = value == 0 ? 1 : (67 - value.leadingZeroBitCount) / 4
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            let nibble = UInt8(truncatingIfNeeded: value >> UInt64(shift)) & 0x0F
            bytes.append(nibble < 10 ? nibble + 48 : nibble + 87)
        }
    }

    package mutating func end() {
        if storable { bytes.append(0x0A) } else { bytes.removeSubrange(recordStart...) }
    }

    private mutating func separate() {
        if fieldCount > 0 { bytes.append(0x09) }
        fieldCount += 1
    }

    private mutating func appendDigits(of magnitude: UInt64) {
        var magnitude = magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // room for the 20 digits of any UInt64
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(truncatingIfNeeded: magnitude % 10) + 48
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }
}
