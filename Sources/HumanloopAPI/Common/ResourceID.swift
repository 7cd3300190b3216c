/// Opaque identifiers: a type prefix and 21 characters of the nanoid alphabet `A–Z a–z 0–9`,
/// as the hosted API made them (`data_fIfEb1SoKZooqeFbi9IFs`).
public enum ResourceID {
    /// The prefixes of the objects Loopgate creates.
    public enum Prefix: String, Sendable {
        case project = "pr_"
        case config = "config_"
        case log = "data_"
        case session = "sesh_"
        case experiment = "exp_"
        case environment = "env_"
        case feedback = "ann_"
        case organization = "org_"
        case team = "tm_"
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A new random id with the given prefix.
    public static func make(_ prefix: Prefix) -> String {
        prefix.rawValue + randomCharacters(count: 21)
    }

    /// `count` characters drawn uniformly from the id alphabet with the system's secure generator.
    ///
    /// Each 64-bit draw is cut into ten 6-bit values, and values past the alphabet's 62 letters are
    /// skipped (rejection sampling keeps the letters uniform): a 21-character id costs about three draws
    /// (each a `getrandom` call) instead of one per character.
    public static func randomCharacters(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        while bytes.count < count {
            var bits = generator.next()
            for _ in 0..<10 where bytes.count < count {
                let value = Int(bits & 0x3F)
                bits >>= 6
                if value < alphabet.count { bytes.append(alphabet[value]) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
