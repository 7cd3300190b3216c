import HumanloopAPI
import Testing

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
