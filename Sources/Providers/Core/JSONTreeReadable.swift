import HumanloopAPI

/// A provider wire type that can also read itself from a parsed JSON tree.
///
/// The hot paths (every streamed chunk, every answer of the OpenAI family) read a handful of fields;
/// Foundation's `JSONDecoder` costs more than the rest of the chunk's work together (a dictionary per
/// object, a coding path, a generic container per level). `init(tree:)` reads the same fields from
/// `JSONValue(parsing:)`'s tree. It throws `TreeShapeMismatch` whenever the tree is not exactly the expected shape
/// (a wrong type, a required member missing): the caller then decodes with `Decodable`, which either
/// succeeds the same way or throws the precise error. So the fast path never changes what is accepted
/// or what a refusal says; `JSONTreeReadableTests` checks both paths agree.
protocol JSONTreeReadable: Decodable {
    /// Reads the value; throws `TreeShapeMismatch` where `Decodable` would throw or might read otherwise.
    init(tree: JSONValue) throws(TreeShapeMismatch)
}

/// A member whose type is not what the wire type expects: the fast path gives up.
struct TreeShapeMismatch: Error {}

extension JSONValue {
    /// The object's members; a mismatch for anything else.
    func members() throws(TreeShapeMismatch) -> [String: JSONValue] {
        guard case .object(let members) = self else { throw TreeShapeMismatch() }
        return members
    }
}

/// Readers for the members of an object as `decodeIfPresent` sees them: absent and `null` are `nil`,
/// the expected type is its value, any other type is a mismatch.
extension Dictionary where Key == String, Value == JSONValue {
    func optionalString(_ key: String) throws(TreeShapeMismatch) -> String? {
        switch self[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw TreeShapeMismatch()
        }
    }

    func optionalInt(_ key: String) throws(TreeShapeMismatch) -> Int? {
        switch self[key] {
        case nil, .null?: return nil
        case .integer(let number)?: return number
        default: throw TreeShapeMismatch()
        }
    }

    func optionalObject(_ key: String) throws(TreeShapeMismatch) -> [String: JSONValue]? {
        switch self[key] {
        case nil, .null?: return nil
        case .object(let members)?: return members
        default: throw TreeShapeMismatch()
        }
    }

    func optionalArray(_ key: String) throws(TreeShapeMismatch) -> [JSONValue]? {
        switch self[key] {
        case nil, .null?: return nil
        case .array(let elements)?: return elements
        default: throw TreeShapeMismatch()
        }
    }

    /// A member `Decodable` requires: absent or `null` is a mismatch too.
    func requiredString(_ key: String) throws(TreeShapeMismatch) -> String {
        guard let text = try optionalString(key) else { throw TreeShapeMismatch() }
        return text
    }

    func requiredArray(_ key: String) throws(TreeShapeMismatch) -> [JSONValue] {
        guard let elements = try optionalArray(key) else { throw TreeShapeMismatch() }
        return elements
    }

    /// A member that is itself a tree-readable wire type, or absent.
    func optional<T: JSONTreeReadable>(_ key: String, as type: T.Type) throws(TreeShapeMismatch) -> T? {
        switch self[key] {
        case nil, .null?: return nil
        case let value?: return try T(tree: value)
        }
    }
}

extension Array where Element == JSONValue {
    /// Every element as a tree-readable wire type; a mismatch if one is not.
    func map<T: JSONTreeReadable>(as type: T.Type) throws(TreeShapeMismatch) -> [T] {
        var read: [T] = []
        read.reserveCapacity(count)
        for element in self { read.append(try T(tree: element)) }
        return read
    }
}
