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
    public static func randomCharacters(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        for _ in 0..<count {
            bytes.append(alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
