/// Decodes `Decodable` values from a `JSONValue` tree (as `JSONValue(parsing:)` builds it), for the request
/// bodies every generation decodes.
///
/// Foundation's `JSONDecoder` spends most of a request body's decoding in its own bookkeeping (a coding
/// path per value, a dictionary per keyed container, a thrown error for every type a `JSONValue` field
/// tries before the right one). This decoder walks the parsed tree instead, and hands `JSONValue` fields
/// their subtree as it is.
///
/// It is strict where `JSONDecoder` might be lenient (an integer must be written as one; a `Float` must
/// fit) and its errors carry no detail: callers decode again with `JSONDecoder` when it throws, so a
/// refusal (and the 422 naming the field) is always Foundation's own, and a value it accepts is one
/// Foundation reads the same way (`JSONTreeDecoderTests` checks both). One difference: a member written
/// twice in one object is read as its last value, as Python's `json` (behind Humanloop's own server) and
/// JavaScript read it; `JSONDecoder` takes the first.
public struct JSONTreeDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from tree: JSONValue) throws -> T {
        try T(from: JSONTreeDecoding(tree, codingPath: []))
    }

    /// `bytes` parsed and decoded, or `nil` when either step refuses: decode them with `JSONDecoder` then,
    /// for its value or its account of the problem.
    public func decodeIfReadable<T: Decodable, Bytes: Collection<UInt8>>(_ type: T.Type, from bytes: Bytes) -> T? {
        guard let tree = try? JSONValue(parsing: bytes) else { return nil }
        return try? decode(type, from: tree)
    }
}

/// The tree is not what the type asks for; `JSONDecoder` says precisely how (see above).
struct JSONTreeMismatch: Error {}

/// One value of the tree being decoded.
struct JSONTreeDecoding: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, codingPath: [any CodingKey]) {
        self.value = value
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw JSONTreeMismatch() }
        return KeyedDecodingContainer(KeyedContainer(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw JSONTreeMismatch() }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, codingPath: codingPath)
    }

    /// A value of a type, by the rules `JSONDecoder` applies to the standard library's types. The types
    /// the API is made of are told apart by metatype identity, which costs no dynamic cast.
    static func unbox<T: Decodable>(_ value: JSONValue, as type: T.Type, codingPath: [any CodingKey]) throws -> T {
        if T.self == String.self {
            guard case .string(let text) = value else { throw JSONTreeMismatch() }
            return text as! T
        }
        if T.self == Int.self {
            guard case .integer(let number) = value else { throw JSONTreeMismatch() }
            return number as! T
        }
        if T.self == Double.self {
            switch value {
            case .integer(let number): return Double(number) as! T
            case .number(let number): return number as! T
            default: throw JSONTreeMismatch()
            }
        }
        if T.self == Bool.self {
            guard case .bool(let flag) = value else { throw JSONTreeMismatch() }
            return flag as! T
        }
        if T.self == JSONValue.self {
            return value as! T
        }
        if T.self == JSONObject.self {
            guard case .object(let members) = value else { throw JSONTreeMismatch() }
            return members as! T
        }
        if T.self == [String: JSONValue].self {
            guard case .object(let members) = value else { throw JSONTreeMismatch() }
            return members.dictionary as! T
        }
        return try T(from: JSONTreeDecoding(value, codingPath: codingPath))
    }

    static func integer<T: FixedWidthInteger>(_ value: JSONValue) throws -> T {
        guard case .integer(let number) = value, let exact = T(exactly: number) else { throw JSONTreeMismatch() }
        return exact
    }

    static func float(_ value: JSONValue) throws -> Float {
        let number: Double
        switch value {
        case .integer(let integer): number = Double(integer)
        case .number(let double): number = double
        default: throw JSONTreeMismatch()
        }
        guard Float(number).isFinite else { throw JSONTreeMismatch() }
        return Float(number)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else { throw JSONTreeMismatch() }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONTreeDecoding.unbox(try member(key), as: type, codingPath: codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = members[key.stringValue], !value.isNull else { return nil }
        return try JSONTreeDecoding.unbox(value, as: type, codingPath: codingPath + [key])
    }

    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try JSONTreeDecoding.integer(member(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try JSONTreeDecoding.integer(member(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try JSONTreeDecoding.integer(member(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try JSONTreeDecoding.integer(member(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try JSONTreeDecoding.integer(member(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try JSONTreeDecoding.integer(member(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try JSONTreeDecoding.integer(member(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try JSONTreeDecoding.integer(member(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try JSONTreeDecoding.integer(member(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try JSONTreeDecoding.float(member(key)) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try JSONTreeDecoding(member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONTreeDecoding(member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONTreeDecoding(members["super"] ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONTreeDecoding(members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> JSONValue {
        guard !isAtEnd else { throw JSONTreeMismatch() }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw JSONTreeMismatch() }
        guard elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let index = currentIndex
        return try JSONTreeDecoding.unbox(try next(), as: type, codingPath: codingPath + [IndexKey(index)])
    }

    mutating func decode(_ type: Int8.Type) throws -> Int8 { try JSONTreeDecoding.integer(next()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try JSONTreeDecoding.integer(next()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try JSONTreeDecoding.integer(next()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try JSONTreeDecoding.integer(next()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try JSONTreeDecoding.integer(next()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONTreeDecoding.integer(next()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONTreeDecoding.integer(next()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONTreeDecoding.integer(next()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONTreeDecoding.integer(next()) }
    mutating func decode(_ type: Float.Type) throws -> Float { try JSONTreeDecoding.float(next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let index = currentIndex
        return try JSONTreeDecoding(try next(), codingPath: codingPath + [IndexKey(index)]).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let index = currentIndex
        return try JSONTreeDecoding(try next(), codingPath: codingPath + [IndexKey(index)]).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let index = currentIndex
        return JSONTreeDecoding(try next(), codingPath: codingPath + [IndexKey(index)])
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONTreeDecoding.unbox(value, as: type, codingPath: codingPath)
    }

    func decode(_ type: Int8.Type) throws -> Int8 { try JSONTreeDecoding.integer(value) }
    func decode(_ type: Int16.Type) throws -> Int16 { try JSONTreeDecoding.integer(value) }
    func decode(_ type: Int32.Type) throws -> Int32 { try JSONTreeDecoding.integer(value) }
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONTreeDecoding.integer(value) }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONTreeDecoding.integer(value) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONTreeDecoding.integer(value) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONTreeDecoding.integer(value) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONTreeDecoding.integer(value) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONTreeDecoding.integer(value) }
    func decode(_ type: Float.Type) throws -> Float { try JSONTreeDecoding.float(value) }
}

/// An array element's place in a coding path.
private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }

    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}
