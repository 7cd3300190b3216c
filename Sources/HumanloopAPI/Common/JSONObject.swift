import OrderedCollections

/// The members of a JSON object, in the order they were given.
///
/// Callers send objects (`inputs`, `metadata`) in an order of their choosing and read them back; the
/// hosted API returned them as sent, and clients that compare serialised JSON or show it to people see a
/// `Dictionary`'s random order as scrambled (issue 21). Order is kept from the parser to every answer
/// and the database; equality and hashing ignore it, as JSON's own equality does, so content-addressed
/// ids (which serialise with sorted keys) do not depend on it.
///
/// Backed by swift-collections' `OrderedDictionary`, which keeps small objects in a plain array and adds
/// a hash table only past a few members.
public struct JSONObject: Sendable {
    private var members: OrderedDictionary<String, JSONValue>

    public init() {
        members = [:]
    }

    /// Members from a `Dictionary`: its order is whatever the dictionary's is.
    public init(_ dictionary: [String: JSONValue]) {
        members = OrderedDictionary(uniqueKeysWithValues: dictionary.map { ($0.key, $0.value) })
    }

    /// Members in the given order; a key given twice keeps its first place and its last value, as
    /// JSON parsers do.
    public init(ordered pairs: some Sequence<(String, JSONValue)>) {
        members = [:]
        for (key, value) in pairs { members[key] = value }
    }

    public subscript(key: String) -> JSONValue? {
        get { members[key] }
        set { members[key] = newValue }
    }

    /// The keys in order.
    public var keys: OrderedSet<String> { members.keys }
    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    /// The members as a `Dictionary` (order dropped), for code that needs one.
    public var dictionary: [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
    }

    /// The members whose transformed value is not `nil`, in the same order.
    public func compactMapValues(_ transform: (JSONValue) throws -> JSONValue?) rethrows -> JSONObject {
        var result = JSONObject()
        for (key, value) in members {
            if let transformed = try transform(value) { result[key] = transformed }
        }
        return result
    }

    /// The keys in canonical order: by their UTF-8 bytes, as `serialized(sortedKeys: true)` writes them.
    var canonicallyOrderedKeys: [String] {
        members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The same members with keys in their canonical order, at every depth.
    public func sortingKeys() -> JSONObject {
        JSONObject(ordered: canonicallyOrderedKeys.map { ($0, members[$0]!.sortingKeys()) })
    }
}

extension JSONObject: Sequence {
    public typealias Element = (key: String, value: JSONValue)

    public func makeIterator() -> OrderedDictionary<String, JSONValue>.Iterator {
        members.makeIterator()
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(ordered: elements)
    }
}

extension JSONObject: Hashable {
    /// Equal when they hold the same members, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs.members where rhs.members[key] != value { return false }
        return true
    }

    /// Order-independent, like `Dictionary`'s: the members' own hashes are combined commutatively.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in members {
            var memberHasher = Hasher()
            memberHasher.combine(key)
            memberHasher.combine(value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: Codable {
    public init(from decoder: any Decoder) throws {
        guard case .object(let object) = try JSONValue(from: decoder) else {
            throw DecodingError.typeMismatch(
                JSONObject.self,
                .init(codingPath: decoder.codingPath, debugDescription: "value is not a valid dict"))
        }
        self = object
    }

    public func encode(to encoder: any Encoder) throws {
        try JSONValue.object(self).encode(to: encoder)
    }
}

extension JSONValue {
    /// The value with every object's keys in canonical order, at every depth.
    public func sortingKeys() -> JSONValue {
        switch self {
        case .object(let members): return .object(members.sortingKeys())
        case .array(let values): return .array(values.map { $0.sortingKeys() })
        default: return self
        }
    }
}
