/// Encodes any `Encodable` value as compact JSON text, writing bytes as `encode(to:)` runs.
///
/// Foundation's `JSONEncoder` first builds a tree of boxed values, then walks it to write the text; on a
/// gateway's hot path (every response, every stored JSON column) that tree is most of the cost. This
/// encoder keeps one output buffer and a stack of open containers instead, and writes the types the API is
/// made of (strings, numbers, booleans, `JSONValue`) without going through `Encodable` at all.
///
/// Output is what `JSONEncoder` with default options gives (members in the order they are encoded, integral
/// `Double`s without a fraction, non-finite numbers refused), except that `/` is not escaped. `Date`, `Data`
/// and `URL` use their own `encode(to:)` rather than `JSONEncoder`'s special strategies; the API's types
/// carry none of them.
public struct StreamingJSONEncoder: Sendable {
    public init() {}

    /// The value as JSON bytes.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = JSONStreamWriter()
        try writer.encodeValue(value)
        writer.close(downTo: 0)
        return writer.output
    }

    /// The value as JSON text.
    public func encodeText<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}

/// The encoder behind `StreamingJSONEncoder`: one buffer and the stack of containers still open.
///
/// `Encodable` has no "container finished" call, so a container is closed when its value's `encode(to:)`
/// returns, or when something is written into a container below it. `encode(to:)` implementations that ask
/// the same encoder for a keyed container twice (a type that encodes another type's fields into its own
/// object, as the API's flattened response types do) get the one object both times.
final class JSONStreamWriter: Encoder {
    struct Frame {
        var isObject: Bool
        var count = 0
    }

    var output: [UInt8] = []
    var frames: [Frame] = []
    /// How many containers were open when the value being encoded now began: the containers it opens sit
    /// above this level.
    var valueLevel = 0

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init() {
        output.reserveCapacity(1024)
    }

    // MARK: - Values

    func encodeValue<T: Encodable>(_ value: T) throws {
        if try writeDirectly(value) { return }
        let level = frames.count
        let savedLevel = valueLevel
        let start = output.count
        valueLevel = level
        defer { valueLevel = savedLevel }
        try value.encode(to: self)
        if output.count == start {
            // A value that asked for no container: JSONEncoder writes an empty object for it.
            output.append(contentsOf: "{}".utf8)
        }
        close(downTo: level)
    }

    /// The API's leaf types and free-form JSON, written without `Encodable`; false for anything else.
    /// (Exact type checks, not casts: a cast would also match an empty array of any element type.)
    func writeDirectly<T: Encodable>(_ value: T) throws -> Bool {
        if T.self == String.self {
            JSONValue.writeString(value as! String, into: &output)
        } else if T.self == RawJSON.self {
            output.append(contentsOf: (value as! RawJSON).bytes)
        } else if T.self == JSONValue.self {
            (value as! JSONValue).write(into: &output, sortedKeys: false)
        } else if T.self == JSONObject.self {
            JSONValue.object(value as! JSONObject).write(into: &output, sortedKeys: false)
        } else if T.self == [String: JSONValue].self {
            JSONValue.object(value as! [String: JSONValue]).write(into: &output, sortedKeys: false)
        } else if T.self == [JSONValue].self {
            JSONValue.array(value as! [JSONValue]).write(into: &output, sortedKeys: false)
        } else if T.self == Int.self {
            writeInteger(value as! Int)
        } else if T.self == Bool.self {
            output.append(contentsOf: ((value as! Bool) ? "true" : "false").utf8)
        } else if T.self == Double.self {
            try writeFloatingPoint(value as! Double)
        } else {
            return false
        }
        return true
    }

    func writeFloatingPoint(_ number: Double) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, EncodingError.Context(codingPath: [], debugDescription: "\(number) is not a JSON number"))
        }
        output.append(contentsOf: JSONValue.numberText(number).utf8)
    }

    func writeInteger<T: FixedWidthInteger>(_ number: T) {
        output.append(contentsOf: String(number).utf8)
    }

    // MARK: - Containers

    /// Closes every container above `level`.
    func close(downTo level: Int) {
        while frames.count > level {
            let frame = frames.removeLast()
            output.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Opens a container for the value being encoded, or hands back the one it already opened.
    func openContainer(isObject: Bool) -> Int {
        if frames.count == valueLevel + 1, frames[valueLevel].isObject == isObject {
            return valueLevel
        }
        close(downTo: valueLevel)
        frames.append(Frame(isObject: isObject))
        output.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        return frames.count - 1
    }

    /// Starts the next element of the container at `frame` (closing anything opened above it since) and
    /// returns the level a value written there begins at.
    func beginElement(in frame: Int, key: String?) -> Int {
        close(downTo: frame + 1)
        if frames[frame].count > 0 { output.append(UInt8(ascii: ",")) }
        frames[frame].count += 1
        if let key {
            JSONValue.writeString(key, into: &output)
            output.append(UInt8(ascii: ":"))
        }
        return frame + 1
    }

    /// Encodes `value` as the element just begun at `level`.
    func encodeElement<T: Encodable>(_ value: T, at level: Int) throws {
        let savedLevel = valueLevel
        valueLevel = level
        defer { valueLevel = savedLevel }
        try encodeValue(value)
    }

    /// Opens a container as the element just begun.
    func openNested(isObject: Bool) -> Int {
        frames.append(Frame(isObject: isObject))
        output.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        return frames.count - 1
    }

    /// An object begun as the next member (`key`) or element (`nil`) of container `frame`.
    func nestedKeyedContainer<Key: CodingKey>(in frame: Int, key: String?) -> KeyedEncodingContainer<Key> {
        _ = beginElement(in: frame, key: key)
        return KeyedEncodingContainer(KeyedContainer<Key>(writer: self, frame: openNested(isObject: true)))
    }

    /// An array begun as the next member (`key`) or element (`nil`) of container `frame`.
    func nestedUnkeyedContainer(in frame: Int, key: String?) -> any UnkeyedEncodingContainer {
        _ = beginElement(in: frame, key: key)
        return UnkeyedContainer(writer: self, frame: openNested(isObject: false))
    }

    /// The encoder for a value written right away as the next member or element (the usual use of a
    /// super encoder).
    func superEncoder(in frame: Int, key: String?) -> any Encoder {
        valueLevel = beginElement(in: frame, key: key)
        return self
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(writer: self, frame: openContainer(isObject: true)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(writer: self, frame: openContainer(isObject: false))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(writer: self, level: valueLevel)
    }

    // MARK: - Container types

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: JSONStreamWriter
        let frame: Int
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws {
            _ = writer.beginElement(in: frame, key: key.stringValue)
            writer.output.append(contentsOf: "null".utf8)
        }

        mutating func encode(_ value: Bool, forKey key: Key) throws {
            _ = writer.beginElement(in: frame, key: key.stringValue)
            writer.output.append(contentsOf: (value ? "true" : "false").utf8)
        }

        mutating func encode(_ value: String, forKey key: Key) throws {
            _ = writer.beginElement(in: frame, key: key.stringValue)
            JSONValue.writeString(value, into: &writer.output)
        }

        mutating func encode(_ value: Double, forKey key: Key) throws {
            _ = writer.beginElement(in: frame, key: key.stringValue)
            try writer.writeFloatingPoint(value)
        }

        mutating func encode(_ value: Float, forKey key: Key) throws {
            _ = writer.beginElement(in: frame, key: key.stringValue)
            try writer.writeFloatingPoint(Double(value))
        }

        mutating func encode(_ value: Int, forKey key: Key) throws {
            _ = writer.beginElement(in: frame, key: key.stringValue)
            writer.writeInteger(value)
        }

        mutating func encode(_ value: Int64, forKey key: Key) throws {
            _ = writer.beginElement(in: frame, key: key.stringValue)
            writer.writeInteger(value)
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let level = writer.beginElement(in: frame, key: key.stringValue)
            try writer.encodeElement(value, at: level)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            writer.nestedKeyedContainer(in: frame, key: key.stringValue)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            writer.nestedUnkeyedContainer(in: frame, key: key.stringValue)
        }

        mutating func superEncoder() -> any Encoder {
            writer.superEncoder(in: frame, key: "super")
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            writer.superEncoder(in: frame, key: key.stringValue)
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let writer: JSONStreamWriter
        let frame: Int
        var codingPath: [any CodingKey] { [] }
        var count: Int { writer.frames.indices.contains(frame) ? writer.frames[frame].count : 0 }

        mutating func encodeNil() throws {
            _ = writer.beginElement(in: frame, key: nil)
            writer.output.append(contentsOf: "null".utf8)
        }

        mutating func encode(_ value: String) throws {
            _ = writer.beginElement(in: frame, key: nil)
            JSONValue.writeString(value, into: &writer.output)
        }

        mutating func encode(_ value: Int) throws {
            _ = writer.beginElement(in: frame, key: nil)
            writer.writeInteger(value)
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            let level = writer.beginElement(in: frame, key: nil)
            try writer.encodeElement(value, at: level)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            writer.nestedKeyedContainer(in: frame, key: nil)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            writer.nestedUnkeyedContainer(in: frame, key: nil)
        }

        mutating func superEncoder() -> any Encoder {
            writer.superEncoder(in: frame, key: nil)
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let writer: JSONStreamWriter
        let level: Int
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws {
            writer.output.append(contentsOf: "null".utf8)
        }

        mutating func encode(_ value: Bool) throws {
            writer.output.append(contentsOf: (value ? "true" : "false").utf8)
        }

        mutating func encode(_ value: String) throws {
            JSONValue.writeString(value, into: &writer.output)
        }

        mutating func encode(_ value: Double) throws {
            try writer.writeFloatingPoint(value)
        }

        mutating func encode(_ value: Float) throws {
            try writer.writeFloatingPoint(Double(value))
        }

        mutating func encode(_ value: Int) throws {
            writer.writeInteger(value)
        }

        mutating func encode(_ value: Int8) throws { writer.writeInteger(value) }
        mutating func encode(_ value: Int16) throws { writer.writeInteger(value) }
        mutating func encode(_ value: Int32) throws { writer.writeInteger(value) }
        mutating func encode(_ value: Int64) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt8) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt16) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt32) throws { writer.writeInteger(value) }
        mutating func encode(_ value: UInt64) throws { writer.writeInteger(value) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try writer.encodeElement(value, at: level)
        }
    }
}
