import Core
import Testing
import TestSupport

/// `DigestSet` against a `Set` of the same digests: random ones, ones that share a low word (the same
/// home slot, so they probe past each other), and the all-zero digest, which has no slot of its own.
@Suite struct DigestSetTests {
    @Test func itHoldsWhatASetHolds() {
        var random = SplitMix64(seed: 42)
        var set = DigestSet(minimumCapacity: 4)
        var reference = Set<SipHash128.Digest>()
        var digests: [SipHash128.Digest] = [SipHash128.Digest(low: 0, high: 0), SipHash128.Digest(low: 0, high: 1)]
        for _ in 0..<3_000 { digests.append(SipHash128.Digest(low: random.next(), high: random.next())) }
        for index in 0..<200 { digests.append(SipHash128.Digest(low: 7, high: UInt64(index))) }
        for _ in 0..<2 {
            for digest in digests.shuffled(using: &random) {
                #expect(set.insert(digest) == reference.insert(digest).inserted)
            }
        }
        #expect(set.count == reference.count)
        for digest in digests { #expect(set.contains(digest)) }
        #expect(!set.contains(SipHash128.Digest(low: 7, high: 9_999)))
        #expect(!set.contains(SipHash128.Digest(low: 1, high: 0)))
    }
}
