import Testing
@testable import Workspace

/// The records of tolk's state files (the build state, the status cache), read and written by one pair
/// of types: every number the writer can write reads back, and a field the writer cannot have written
/// (out of range, a lone sign, a letter) reads as nil, never as a wrapped value or a crash.
@Suite struct TabSeparatedRecordsTests {
    static func record(_ line: String) -> [UInt8] { Array(line.utf8) }

    @Test func numbersReadBackAcrossTheirRanges() {
        var writer = TabSeparatedWriter()
        writer.begin("n")
        for value in [Int64.min, -1, 0, 1, Int64.max] { writer.decimal(value) }
        writer.decimal(UInt64.max)
        writer.hex(UInt64.max)
        writer.hex(0)
        writer.end()
        writer.bytes.withUnsafeBufferPointer { bytes in
            let lines = tabSeparatedLines(in: bytes)
            #expect(lines.count == 1)
            let record = TabSeparatedRecord(bytes: bytes, line: lines[0])
            #expect(record.text(0) == "n")
            #expect((1...5).map { record.number($0) } == [Int64.min, -1, 0, 1, Int64.max])
            #expect(record.unsignedNumber(6) == UInt64.max)
            #expect(record.hex(7) == UInt64.max && record.hex(8) == 0)
        }
    }

    @Test func fieldsTheWriterCannotHaveWrittenReadAsNothing() {
        let line = "9223372036854775808\t-9223372036854775809\t-\t\t12a\t18446744073709551616\tABC\t11111111111111111"
        Array(line.utf8).withUnsafeBufferPointer { bytes in
            let record = TabSeparatedRecord(bytes: bytes, line: 0..<bytes.count)
            #expect(record.number(0) == nil && record.number(1) == nil && record.number(2) == nil)
            #expect(record.number(3) == nil && record.number(4) == nil && record.unsignedNumber(5) == nil)
            #expect(record.hex(6) == nil && record.hex(7) == nil)
        }
    }

    @Test func aRecordWithAValueItCannotHoldIsLeftOut() {
        var writer = TabSeparatedWriter()
        writer.begin(); writer.text("kept"); writer.decimal(Int64(1)); writer.end()
        writer.begin(); writer.text("a\ttab"); writer.decimal(Int64(2)); writer.end()
        writer.begin(); writer.list(["a", "b\u{1F}c"]); writer.end()
        writer.begin(); writer.text("unit\u{1F}separator", separatorAllowed: true); writer.end()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "kept\t1\nunit\u{1F}separator\n")
    }
}
