#if canImport(Glibc)
import Glibc
#endif
import Core

/// Reading a large XLIFF 2.0 file on every core.
///
/// The input is read in rounds of about `Pieces.roundBytes`. Each round is cut just before
/// `<file` start tags into pieces that are tokenized and turned into units at once, each by its own
/// tokenizer and a copy of the builder as it stood after the document's prologue (`<xliff …>`);
/// their units and diagnostics are then joined in document order.
///
/// A cut is only a guess: `<file` could sit in a comment, in CDATA, or inside another element. So
/// every piece must end as it was cut to end: well-formed, with only the root element open and the
/// builder at rest (`UnitBuilder.isAtRest`). Then, piece after piece, each one started in the state the
/// whole document's reading would have reached there, and read what it would have read. Anything
/// else (a syntax or safety problem, a 1.2 file, a lone CR, which counts as a line break in text
/// only) and the file is read again from its start by `read(chunks:)`: a diagnostic always comes
/// from the one reading of the whole document.
extension XLIFFReader {
    /// How a file is cut: rounds of about `roundBytes`, each cut into at most `piecesPerRound` pieces.
    /// A round grows until it holds a cut; one that would pass `largestRound` (a `<file>` element that
    /// large) makes the file be read streamed instead, so memory stays bounded by a round.
    public struct Pieces: Sendable {
        public var roundBytes: Int
        public var piecesPerRound: Int
        public var largestRound: Int

        /// `largestRound`: by default four rounds, and at least 64 MB.
        public init(roundBytes: Int, piecesPerRound: Int, largestRound: Int? = nil) {
            self.roundBytes = max(1, roundBytes)
            self.piecesPerRound = max(1, piecesPerRound)
            self.largestRound = largestRound ?? max(4 * self.roundBytes, 64 << 20)
        }

        /// Four pieces per core, 32 MB a round: memory holds the units and about a round of the file.
        public static let machine = Pieces(roundBytes: 32 << 20, piecesPerRound: 4 * max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Reads the file `open` streams (each call opens it again from its start, see
    /// `read(chunks:)`) in pieces on every core, and falls back to one reading of the whole stream
    /// when the pieces cannot stand for it. The result is the same either way.
    public func read(opening open: () throws -> () throws -> [UInt8], pieces: Pieces = .machine) -> Result {
        if let stream = try? open(), let result = try? readInPieces(stream, pieces) { return result }
        let stream: () throws -> [UInt8]
        do {
            stream = try open()
        } catch {
            return read(chunks: { throw error })
        }
        return read(chunks: stream)
    }

    /// nil: the file must be read whole.
    private func readInPieces(_ next: () throws -> [UInt8], _ pieces: Pieces) throws -> Result? {
        var buffer: [UInt8] = []
        var atEnd = false
        func fill(to count: Int) throws {
            while !atEnd && buffer.count < count {
                let more = try next()
                if more.isEmpty { atEnd = true } else { buffer += more }
            }
        }

        // The prologue, up to the first `<file` (in the first round, or the file is no export of ours),
        // read as the start of the whole document.
        try fill(to: pieces.roundBytes)
        guard let firstCut = Self.nextCut(in: buffer, from: 0) else { return nil }
        var result = Result()
        var builder = UnitBuilder(path: path)
        var prologue = try XMLTokenizer(bytes: Array(buffer[..<firstCut]))
        prologue.readsPiece = true
        while let token = try prologue.next() { try builder.take(token, into: &result) }
        guard result.version == .v2_0, prologue.openTags.count == 1, builder.isAtRest(depth: 1) else { return nil }
        let root = prologue.openTags, afterPrologue = builder
        let hasBOM = buffer.starts(with: [0xEF, 0xBB, 0xBF])
        var position = Self.position(after: buffer, hasBOM ? 3 : 0, firstCut, from: XMLTokenizer.Position(line: 1, column: 1))
        buffer.removeSubrange(..<firstCut)

        while true {
            try fill(to: pieces.roundBytes)
            // The round ends at the last cut of the buffer, or at the end of the input.
            var end = buffer.count
            if !atEnd {
                guard let last = Self.lastCut(in: buffer), last > 0 else {
                    if buffer.count >= pieces.largestRound { return nil }
                    try fill(to: min(buffer.count + pieces.roundBytes, pieces.largestRound))
                    continue
                }
                end = last
            }
            var starts = [0]
            for piece in 1..<pieces.piecesPerRound {
                guard let cut = Self.nextCut(in: buffer, from: max(starts.last! + 1, end / pieces.piecesPerRound * piece)), cut < end else { break }
                starts.append(cut)
            }
            let ends = Array(starts.dropFirst()) + [end]
            var positions = [position]
            for (from, to) in zip(starts, ends) {
                positions.append(Self.position(after: buffer, from, to, from: positions.last!))
            }
            let isLastRound = atEnd, round = buffer, pieceStarts = starts, piecePositions = positions
            let read = Array(starts.indices).parallelMap { index in
                Self.readPiece(Array(round[pieceStarts[index]..<ends[index]]), at: piecePositions[index], inside: root,
                               builder: afterPrologue, isLast: isLastRound && index == pieceStarts.count - 1)
            }
            for piece in read {
                guard let piece else { return nil }
                result.units += piece.units
                result.diagnostics += piece.diagnostics
            }
            result.piecesRead += starts.count
            if isLastRound { return result }
            position = positions.last!
            buffer.removeSubrange(..<end)
        }
    }

    /// The units and diagnostics of one piece, or nil when it did not end as cut to end: inside the
    /// root element alone (outside it, for the last piece), with the builder at rest.
    private static func readPiece(_ bytes: [UInt8], at position: XMLTokenizer.Position, inside root: [(name: String, at: XMLTokenizer.Position)],
                                  builder: UnitBuilder, isLast: Bool) -> (units: [XLIFFUnit], diagnostics: [Diagnostic])? {
        guard !hasLoneCarriageReturn(bytes) else { return nil }
        var builder = builder
        var result = Result()
        do {
            var tokenizer = try XMLTokenizer(piece: bytes, at: position, inside: root)
            while let token = try tokenizer.next() { try builder.take(token, into: &result) }
            let depth = isLast ? 0 : 1
            guard tokenizer.openTags.count == depth, builder.isAtRest(depth: depth) else { return nil }
        } catch {
            return nil
        }
        return (result.units, result.diagnostics)
    }

    /// Where `<file` followed by whitespace, `>` or `/` next starts at or after `start`.
    static func nextCut(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while let found = bytes.firstIndex(of: UInt8(ascii: "<"), from: index) {
            if bytes.withUnsafeBufferPointer({ isCut($0, at: found) }) { return found }
            index = found + 1
        }
        return nil
    }

    /// Where the last `<file` followed by whitespace, `>` or `/` starts.
    static func lastCut(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            var index = buffer.count - 1
            while index >= 0 {
                if buffer[index] == UInt8(ascii: "<") && isCut(buffer, at: index) { return index }
                index -= 1
            }
            return nil
        }
    }

    private static func isCut(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 5 < buffer.count && buffer[index + 1] == UInt8(ascii: "f") && buffer[index + 2] == UInt8(ascii: "i")
            && buffer[index + 3] == UInt8(ascii: "l") && buffer[index + 4] == UInt8(ascii: "e") && endsName(buffer[index + 5])
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    /// The tokenizer's position at `bytes[end]`, given its position at `bytes[start]`: lines end at LF
    /// (a CRLF's LF), columns count characters.
    static func position(after bytes: [UInt8], _ start: Int, _ end: Int, from position: XMLTokenizer.Position) -> XMLTokenizer.Position {
        bytes.withUnsafeBytes { raw in
            let lines = raw.count(of: 0x0A, from: start, to: end)
            var lineStart = start
            if lines > 0 {
                lineStart = end - 1
                while raw[lineStart] != 0x0A { lineStart -= 1 }
                lineStart += 1
            }
            let column = (lines == 0 ? position.column : 1) + raw.utf8CharacterCount(from: lineStart, to: end)
            return XMLTokenizer.Position(line: position.line + lines, column: column)
        }
    }

    private static func hasLoneCarriageReturn(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while let found = bytes.firstIndex(of: 0x0D, from: index) {
            index = found + 1
            if index == bytes.count || bytes[index] != 0x0A { return true }
        }
        return false
    }
}
