/// Any JSON value, for the free-form objects of the API (`inputs`, `metadata`, `other`, provider payloads).
///
/// Integers and floating-point numbers are kept apart so that a value echoes back exactly as it came in
/// (`1` stays `1`, never `1.0`), which matters both to clients and to content-addressed config ids.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// An object's members, in the order they were given.
    case object(JSONObject)

    /// An object from a `Dictionary` (for objects built in code, whose order does not matter).
    public static func object(_ members: [String: JSONValue]) -> JSONValue {
        .object(JSONObject(members))
    }

    /// The members of an object, or `nil` for any other value.
    public var objectValue: JSONObject? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The text of a string, or `nil` for any other value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The elements of an array, or `nil` for any other value.
    public var arrayValue: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// The value of a number, or `nil` for any other value.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// `true` when this is JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Looks up a member of an object; `nil` for missing members and non-objects.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        // `JSONTreeDecoder` already holds the value.
        if let tree = decoder as? JSONTreeDecoding {
            self = tree.value
            return
        }
        let container = try decoder.singleValueContainer()
        // Decoders offer no way to ask a value's type, so each is tried in turn; every miss costs a thrown
        // error, hence the likeliest first. Whole documents are parsed with `init(parsing:)` instead.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(JSONObject(try container.decode([String: JSONValue].self)))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if case .object(let members) = self {
            // Member by member, so an encoder that keeps order writes them as given.
            var keyed = encoder.container(keyedBy: MemberKey.self)
            for (key, value) in members { try keyed.encode(value, forKey: MemberKey(key)) }
            return
        }
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object: break
        }
    }

    /// An object member's name as a coding key.
    private struct MemberKey: CodingKey {
        let stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(ordered: elements))
    }
    public init(nilLiteral: ()) { self = .null }
}
