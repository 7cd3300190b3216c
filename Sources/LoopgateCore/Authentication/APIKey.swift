import Crypto
import HumanloopAPI

/// Loopgate's API keys: `lg_` + 32 base62 characters, stored only as their SHA-256.
///
/// A fast hash is right here: the keys are long random strings, not passwords, so there is nothing
/// for a slow hash to protect, and the lookup is on every request.
public enum APIKey {
    /// A new random key.
    public static func generate() -> String {
        "lg_" + ResourceID.randomCharacters(count: 32)
    }

    /// The stored form of a key: lowercase hex SHA-256.
    public static func hash(_ key: String) -> String {
        let digits: StaticString = "0123456789abcdef"
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(key.utf8)) {
            hex.append(digits.utf8Start[Int(byte >> 4)])
            hex.append(digits.utf8Start[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The part of a key kept in clear to find it again for revocation (`lg_` and 8 characters).
    public static func displayPrefix(_ key: String) -> String {
        String(key.prefix(11))
    }
}
