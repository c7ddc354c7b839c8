import Foundation
@testable import LocalizedTrees
import TestSupport
import Testing
@testable import Workspace

/// `.tolk/build-state` is written in the byte order of its keys whatever the dictionaries' order; a
/// save that is given the key order of the state it came from (`keyOrder`, as the file held it) writes
/// the same bytes without sorting, and falls back to sorting whenever that order does not hold.
@Suite struct BuildStateFileTests {
    static func state(paths: [String]) -> BuildState {
        var state = BuildState()
        state.fingerprint = 0xF00D
        for (index, path) in paths.enumerated() {
            let stamp = FileStamp(size: Int64(index), modified: Int64(1_000 + index), inode: UInt64(7 + index))
            state.inputs["content/" + path] = BuildState.Input(stamp: stamp, digest: UInt64(index) &* 0x9E37)
            state.inputs["locales/ru/" + path + ".po"] = BuildState.Input(stamp: stamp, digest: UInt64(index) &* 0x7F4A)
            state.pages[path] = BuildState.Page(digest: UInt64(index), sourceSlug: "slug-\(index)", destinations: index % 3 == 0 ? ["/posts/x/", "../b.md#c"] : [])
            for locale in ["en", "ru"] {
                state.outputs[.locale(locale), default: [:]][path] = BuildState.Output(
                    translationKey: UInt64(index), outputKey: UInt64(index) + 1, written: true, percent: 90, slug: "s\(index)",
                    translatedUnits: 3, fallbackUnits: 0, sourceUnits: 1, path: locale + "/" + path, stamp: stamp, url: "/\(locale)/\(path)/")
            }
        }
        return state
    }

    static func saved(_ state: BuildState, hint: BuildState.KeyOrder = BuildState.KeyOrder()) throws -> [UInt8] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("build-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try state.save(to: url, inOrderOf: hint)
        return Array(try Data(contentsOf: url))
    }

    static func loaded(_ bytes: [UInt8]) throws -> BuildState {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("build-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(bytes).write(to: url)
        return BuildState.load(from: url, fingerprint: 0xF00D)
    }

    @Test func theKeyOrderOfTheFileGivesTheSameBytes() throws {
        // Paths whose byte order is not their order as written, nor `String`'s `<` (é sorts after z in bytes).
        var random = SplitMix64(seed: 38)
        let names = ["zebra", "apple", "Émile", "émile", "a-b", "a.b", "a/b", "A", "posts/z", "posts/é", "posts/e\u{301}", "_index"]
        var paths = Set<String>()
        while paths.count < 300 { paths.insert((0..<3).map { _ in names[Int(random.next() % UInt64(names.count))] }.joined(separator: "/") + ".md") }
        let state = Self.state(paths: Array(paths).shuffled(using: &random))
        let sorted = try Self.saved(state)
        let reloaded = try Self.loaded(sorted)
        #expect(reloaded == state)
        #expect(reloaded.keyOrder.pages.count == 300 && reloaded.keyOrder.inputs.count == 600 && reloaded.keyOrder.outputs[.locale("ru")]?.count == 300)
        #expect(zip(reloaded.keyOrder.inputs, reloaded.keyOrder.inputs.dropFirst()).allSatisfy { $0.precedesByBytes($1) })
        #expect(try Self.saved(reloaded, hint: reloaded.keyOrder) == sorted, "the same file, in the order it was read")

        // Values changed, keys the same: the order still holds.
        var edited = reloaded
        edited.outputs[.locale("ru")]![reloaded.keyOrder.pages[5]]!.percent = 12
        #expect(try Self.saved(edited, hint: reloaded.keyOrder) == Self.saved(edited))
        // A key added, or one removed: sorted again.
        var grown = reloaded
        grown.pages["posts/new.md"] = BuildState.Page(digest: 1, sourceSlug: "", destinations: [])
        grown.inputs.removeValue(forKey: reloaded.keyOrder.inputs[0])
        grown.inputs["content/0.md"] = BuildState.Input(stamp: FileStamp(size: 1, modified: 1, inode: 1), digest: 1)
        #expect(try Self.saved(grown, hint: reloaded.keyOrder) == Self.saved(grown))
        // A key the order spells in another Unicode normalization (a file renamed from é to e + ◌́): the
        // dictionary finds it under either spelling, and the file must hold the entry's own.
        var respelled = Self.state(paths: ["posts/caf\u{E9}.md", "posts/cafz.md"])   // cafz sorts between the two spellings
        let composed = try Self.loaded(try Self.saved(respelled))
        let page = respelled.pages.removeValue(forKey: "posts/caf\u{E9}.md")!
        respelled.pages["posts/cafe\u{301}.md"] = page
        #expect(respelled.pages.keys.contains { Array($0.utf8) == Array("posts/cafe\u{301}.md".utf8) }, "the dictionary holds the new spelling")
        #expect(try Self.saved(respelled, hint: composed.keyOrder) == Self.saved(respelled))
        // A hint out of order (a state file edited by hand) is not trusted.
        var shuffled = reloaded.keyOrder
        shuffled.pages.shuffle(using: &random)
        shuffled.inputs.reverse()
        #expect(try Self.saved(reloaded, hint: shuffled) == sorted)
    }
}
