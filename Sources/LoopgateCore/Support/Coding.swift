import Foundation
import HumanloopAPI

/// Conversions between Codable values, `JSONValue` and JSON text, in one place.
enum Coding {
    static func jsonValue<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValue(parsing: StreamingJSONEncoder().encode(value))
    }

    static func text<T: Encodable>(_ value: T) throws -> String {
        try StreamingJSONEncoder().encodeText(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, fromText text: String) throws -> T {
        // Free-form columns skip `Decodable`: the parser builds the tree directly.
        if T.self == JSONValue.self { return try JSONValue(parsing: text) as! T }
        if T.self == JSONObject.self {
            guard case .object(let members) = try JSONValue(parsing: text) else {
                throw JSONParsingError(offset: 0, reason: "expected a JSON object")
            }
            return members as! T
        }
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// Decodes stored JSON text; `nil` for absent columns and for text that is not valid JSON.
    static func decodeIfPresent<T: Decodable>(_ type: T.Type, fromText text: String?) -> T? {
        guard let text else { return nil }
        return try? decode(type, fromText: text)
    }
}
