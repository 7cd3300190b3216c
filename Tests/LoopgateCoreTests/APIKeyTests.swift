import LoopgateCore
import Testing

@Suite("APIKey")
struct APIKeyTests {
    /// The stored form is the lowercase hex SHA-256 of the key's UTF-8 (FIPS 180-2's "abc" vector), so a
    /// database written by one build is read by the next.
    @Test func hashIsLowercaseHexSHA256() {
        #expect(APIKey.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(APIKey.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func generatedKeysHaveThePrefixAnd32Characters() {
        let key = APIKey.generate()
        #expect(key.hasPrefix("lg_"))
        #expect(key.count == 35)
        #expect(APIKey.displayPrefix(key) == String(key.prefix(11)))
        #expect(APIKey.generate() != key)
    }

    /// At least 24 characters of any key stay secret: a generated key shows `lg_` and 8 characters, a
    /// 32-character chosen key 8, and a shorter one nothing (issue 21: `abc123` was stored whole).
    @Test(arguments: [
        ("lg_" + String(repeating: "a", count: 32), 11), (String(repeating: "k", count: 40), 11),
        (String(repeating: "k", count: 32), 8), (String(repeating: "k", count: 25), 1),
        (String(repeating: "k", count: 16), 0), ("abc123", 0),
    ])
    func theDisplayPrefixLeavesAtLeast24CharactersUnseen(key: String, shown: Int) {
        let prefix = APIKey.displayPrefix(key)
        #expect(prefix.count == shown)
        #expect(key.hasPrefix(prefix))
        #expect(key.count - prefix.count >= min(24, key.count))
    }

    @Test func chosenKeysShorterThan32CharactersAreRefusedNamingTheirSource() throws {
        #expect(throws: APIKey.WeakKey.self) { try APIKey.checkChosenKey("abc123", source: "LOOPGATE_API_KEY") }
        #expect(throws: APIKey.WeakKey.self) {
            try APIKey.checkChosenKey(String(repeating: "x", count: 31), source: "LOOPGATE_API_KEY")
        }
        try APIKey.checkChosenKey(String(repeating: "x", count: 32), source: "LOOPGATE_API_KEY")
        let error = #expect(throws: APIKey.WeakKey.self) {
            try APIKey.checkChosenKey("abc123", source: "LOOPGATE_API_KEY")
        }
        let message = "\(try #require(error))"
        #expect(message.contains("LOOPGATE_API_KEY must be at least 32 characters"))
        #expect(message.contains("it has 6"))
    }
}
