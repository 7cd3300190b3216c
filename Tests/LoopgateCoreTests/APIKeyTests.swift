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
}
