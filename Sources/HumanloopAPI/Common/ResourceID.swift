#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opaque identifiers: a type prefix and 21 characters of the nanoid alphabet `A–Z a–z 0–9`,
/// as the hosted API made them (`data_fIfEb1SoKZooqeFbi9IFs`).
///
/// The 21 characters are the time the id was made (8 characters) and 13 random ones. Ids are the
/// primary keys of their tables, and a random key lands on a random page of the key's B-tree: every
/// new log dirtied another page, which SQLite writes to its WAL at the commit and again to the database
/// at the next checkpoint (at 300 logs/s, about 300 scattered 4 KB writes per checkpoint, the tail
/// latency of a lone request). Keys that grow with time land on the B-tree's last page. Clients see
/// the same shape of id; 13 random characters (77 bits) keep ids unguessable and unique within a
/// millisecond.
public enum ResourceID {
    /// The prefixes of the objects Loopgate creates.
    public enum Prefix: String, Sendable {
        case project = "pr_"
        case config = "config_"
        case log = "data_"
        /// A log made through v5 (`prompts.call`, `prompts.log`); v4 makes `data_` ones. Both name rows of
        /// the one log table and both APIs take both.
        case v5Log = "log_"
        case directory = "dir_"
        // v5's files that are not projects, and what belongs to them. File ids are made like any id;
        // version and datapoint ids are digests of their content (`FileVersionID`).
        case tool = "tl_"
        case toolVersion = "tlv_"
        case flow = "fl_"
        case flowVersion = "flv_"
        case evaluator = "ev_"
        case evaluatorVersion = "evv_"
        case dataset = "ds_"
        case datasetVersion = "dsv_"
        case datapoint = "dp_"
        case evaluation = "evr_"
        case evaluationRun = "run_"
        case session = "sesh_"
        case experiment = "exp_"
        case environment = "env_"
        case feedback = "ann_"
        case organization = "org_"
        case team = "tm_"
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    /// The same letters in byte order, the digits of the time: ids compare (byte by byte, as SQLite's
    /// BINARY collation does) in the order they were made.
    static let sortableDigits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    /// Milliseconds fit 8 base-62 digits for 6,900 years after 1970.
    static let timeLength = 8
    static let randomLength = 13

    /// A new id with the given prefix, made now.
    public static func make(_ prefix: Prefix) -> String {
        make(prefix, millisecondsSinceEpoch: currentMilliseconds())
    }

    /// A new id with the given prefix, as if made at the given time (tests pin the time).
    public static func make(_ prefix: Prefix, millisecondsSinceEpoch: Int64) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(timeLength + randomLength)
        appendTime(millisecondsSinceEpoch, to: &bytes)
        appendRandomCharacters(count: randomLength, to: &bytes)
        return prefix.rawValue + String(decoding: bytes, as: UTF8.self)
    }

    /// `count` characters drawn uniformly from the id alphabet with the system's secure generator.
    public static func randomCharacters(count: Int) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        appendRandomCharacters(count: count, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Each 64-bit draw is cut into ten 6-bit values, and values past the alphabet's 62 letters are
    /// skipped (rejection sampling keeps the letters uniform): 21 characters cost about three draws
    /// (each a `getrandom` call) instead of one per character.
    static func appendRandomCharacters(count: Int, to bytes: inout [UInt8]) {
        var generator = SystemRandomNumberGenerator()
        var remaining = count
        while remaining > 0 {
            var bits = generator.next()
            for _ in 0..<10 where remaining > 0 {
                let value = Int(bits & 0x3F)
                bits >>= 6
                if value < alphabet.count {
                    bytes.append(alphabet[value])
                    remaining -= 1
                }
            }
        }
    }

    /// The time as `timeLength` base-62 digits, most significant first (times before 1970 as zero).
    static func appendTime(_ milliseconds: Int64, to bytes: inout [UInt8]) {
        var value = UInt64(max(milliseconds, 0))
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(sortableDigits[0], count: timeLength))
        for index in (start..<start + timeLength).reversed() {
            bytes[index] = sortableDigits[Int(value % 62)]
            value /= 62
        }
    }

    static func currentMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
