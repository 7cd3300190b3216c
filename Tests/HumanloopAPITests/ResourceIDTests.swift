import Testing

@testable import HumanloopAPI

@Suite("ResourceID")
struct ResourceIDTests {
    static let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    @Test func idsHaveThePrefixAnd21LettersOfTheAlphabet() {
        for _ in 0..<200 {
            let id = ResourceID.make(.log)
            #expect(id.hasPrefix("data_"))
            #expect(id.dropFirst(5).count == 21)
            #expect(id.dropFirst(5).allSatisfy(Self.alphabet.contains))
        }
        #expect(ResourceID.randomCharacters(count: 0).isEmpty)
        #expect(ResourceID.randomCharacters(count: 100).count == 100)
    }

    /// Every letter is about equally likely: a chi-square test over 62,000 letters, whose bound a uniform
    /// draw exceeds about once in 10^9 runs (and a draw that favoured or never gave some letters would
    /// exceed many times over).
    @Test func lettersAreUniform() {
        var counts: [Character: Int] = [:]
        for _ in 0..<1000 {
            for letter in ResourceID.randomCharacters(count: 62) { counts[letter, default: 0] += 1 }
        }
        #expect(counts.count == 62)
        let expected = 1000.0
        let chiSquare = counts.values.reduce(0.0) { $0 + pow2(Double($1) - expected) / expected }
        #expect(chiSquare < 150, "chi-square \(chiSquare) with 61 degrees of freedom")
    }

    @Test func idsDoNotRepeat() {
        let ids = (0..<10_000).map { _ in ResourceID.make(.session) }
        #expect(Set(ids).count == ids.count)
    }
}

private func pow2(_ value: Double) -> Double { value * value }

@Suite("ResourceID's time order")
struct ResourceIDTimeOrderTests {
    /// The first 8 characters are the milliseconds in base 62, digits before capitals before small letters.
    @Test func theTimeIsTheFirstEightCharacters() {
        #expect(ResourceID.make(.log, millisecondsSinceEpoch: 0).dropFirst(5).prefix(8) == "00000000")
        #expect(ResourceID.make(.log, millisecondsSinceEpoch: 61).dropFirst(5).prefix(8) == "0000000z")
        #expect(ResourceID.make(.log, millisecondsSinceEpoch: 62).dropFirst(5).prefix(8) == "00000010")
        #expect(ResourceID.make(.log, millisecondsSinceEpoch: -5).dropFirst(5).prefix(8) == "00000000")
        // 2026-11-23T00:00:00Z
        #expect(ResourceID.make(.log, millisecondsSinceEpoch: 1_795_392_000_000).dropFirst(5).prefix(8) == "0VbkXrXs")
    }

    /// Byte order (SQLite's BINARY collation, and Swift's for these letters) follows the time, across
    /// every digit's carry; ids of one millisecond differ in their random part.
    @Test func idsMadeLaterSortAfter() {
        var times: [Int64] = [0, 1, 9, 10, 35, 36, 61, 62, 3_843, 3_844, 1_795_392_000_000]
        times += (0..<200).map { _ in Int64.random(in: 0..<218_340_105_584_896) }
        times = Set(times).sorted()
        let ids = times.map { ResourceID.make(.log, millisecondsSinceEpoch: $0) }
        for (earlier, later) in zip(ids, ids.dropFirst()) {
            #expect(Array(earlier.utf8).lexicographicallyPrecedes(Array(later.utf8)), "\(earlier) < \(later)")
        }
        let sameMillisecond = (0..<1000).map { _ in ResourceID.make(.log, millisecondsSinceEpoch: 42) }
        #expect(Set(sameMillisecond).count == 1000)
    }

    @Test func idsMadeNowCarryTheClock() {
        let before = ResourceID.make(.log, millisecondsSinceEpoch: ResourceID.currentMilliseconds())
        let made = ResourceID.make(.log)
        let after = ResourceID.make(.log, millisecondsSinceEpoch: ResourceID.currentMilliseconds() + 1)
        #expect(made.dropFirst(5).prefix(8) >= before.dropFirst(5).prefix(8))
        #expect(made.dropFirst(5).prefix(8) < after.dropFirst(5).prefix(8))
    }
}
