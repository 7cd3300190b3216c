import Foundation
import HumanloopAPI

/// Conversions between Codable values, `JSONValue` and JSON text, in one place.
enum Coding {
    static func jsonValue<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    static func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, fromText text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// Decodes stored JSON text; `nil` for absent columns and for text that is not valid JSON.
    static func decodeIfPresent<T: Decodable>(_ type: T.Type, fromText text: String?) -> T? {
        guard let text else { return nil }
        return try? decode(type, fromText: text)
    }
}
