import HumanloopAPI

extension JSONValue {
    var array: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    var int: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// A number, integral or not.
    var double: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: return nil
        }
    }

    var keys: Set<String> { Set(objectValue.map { Array($0.keys) } ?? []) }

    subscript(index: Int) -> JSONValue? {
        guard let values = array, values.indices.contains(index) else { return nil }
        return values[index]
    }
}

extension JSONValue {
    /// Whether two values are the same JSON, whatever their number spelling (`0` and `0.0`) or key order.
    func isSameJSON(as other: JSONValue) -> Bool {
        serialized(sortedKeys: true) == other.serialized(sortedKeys: true)
    }
}
