import Crypto
import HumanloopAPI

/// Loopgate's API keys: `lg_` + 32 base62 characters, stored only as their SHA-256 and a short prefix.
///
/// A fast hash is right here: the keys are long random strings, not passwords, so there is nothing
/// for a slow hash to protect, and the lookup is on every request.
public enum APIKey {
    /// The fewest characters a key chosen by an operator (`LOOPGATE_API_KEY`) may have: with the prefix
    /// kept in clear, 24 stay secret (~143 bits if they are random base62, 96 if hex).
    public static let minimumLength = 32

    /// How many of a key's characters are never kept in clear, however long the key.
    static let hiddenLength = 24

    /// The most of a key kept in clear: `lg_` and 8 random characters of a generated key.
    static let longestPrefix = 11

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

    /// The part of a key kept in clear to find it again for revocation: `lg_` and 8 characters of a
    /// generated key, and never so much that fewer than 24 characters stay secret (8 of a 32-character
    /// key; nothing of a shorter one).
    public static func displayPrefix(_ key: String) -> String {
        String(key.prefix(max(0, min(longestPrefix, key.count - hiddenLength))))
    }

    /// Refuses a key chosen by an operator that is too short to be safe, naming where it came from.
    public static func checkChosenKey(_ key: String, source: String) throws(WeakKey) {
        guard key.count >= minimumLength else { throw WeakKey(source: source, length: key.count) }
    }

    /// A chosen key shorter than `minimumLength`.
    public struct WeakKey: Error, CustomStringConvertible, Sendable {
        public var source: String
        public var length: Int

        public var description: String {
            "\(source) must be at least \(APIKey.minimumLength) characters (it has \(length)); use a random "
                + "string such as the output of `openssl rand -hex 24`, or leave it unset and Loopgate makes one"
        }
    }

    /// Whether `text` (at least 6 characters of a key, up to the whole key) can name the key whose stored
    /// prefix is `storedPrefix`: one starts with the other. Characters past the stored prefix cannot be
    /// checked (only the key's hash is kept); a whole key is matched by its hash before this is asked.
    static func prefix(_ text: String, names storedPrefix: String) -> Bool {
        guard storedPrefix.count >= 6 else { return false }
        return storedPrefix.hasPrefix(text) || text.hasPrefix(storedPrefix)
    }
}
