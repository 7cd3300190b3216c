import Foundation
import HumanloopAPI
import Hummingbird

/// Request bodies in, JSON responses out, with decoding failures turned into FastAPI-style 422s.
enum JSONBody {
    /// Reads and decodes a request body; a malformed one is a 422 naming the bad field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: LoopgateRequestContext)
        async throws -> T
    {
        // Over the limit, `collect` throws `NIOTooManyBytesError`, which `APIError` answers with a 413.
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw APIError.validation([.missing(["body"])]) }
        // The parsed tree first. What it refuses is said precisely: a document that is not JSON (or not
        // UTF-8) with where, then a value of the wrong type in Foundation's words, or, where Foundation
        // calls a well-formed document invalid (a number such as 1e30 or 2.5 for an integer), the tree
        // decoder's, which names the field.
        if let value = JSONTreeDecoder().decodeIfReadable(type, from: buffer.readableBytesView) { return value }
        let tree: JSONValue
        do {
            tree = try JSONValue(parsing: Array(buffer.readableBytesView))
        } catch {
            throw APIError.validation([
                ValidationIssue(
                    loc: ["body"], msg: "request body is not valid JSON: \(error)", type: "value_error.jsondecode")
            ])
        }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            var issue = DecodingIssue.issue(for: error)
            if issue.loc == ["body"], issue.type == "value_error.jsondecode",
                let path = NumberCulprit.path(decoding: type, in: tree)
            {
                issue = ValidationIssue(
                    loc: ["body"] + path, msg: "value is not a valid integer", type: "type_error.integer")
            }
            throw APIError.validation([issue])
        }
    }

    /// A 200 (or other) JSON response.
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let bytes = try StreamingJSONEncoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The number Foundation's decoder refused as if the document were not JSON (an integer field given a
/// fraction, or a value past any integer): found by putting a 0 in each such number's place until the
/// body decodes.
enum NumberCulprit {
    static func path<T: Decodable>(decoding type: T.Type, in tree: JSONValue) -> [LocationComponent]? {
        for path in suspects(in: tree, at: []) {
            if (try? JSONTreeDecoder().decode(type, from: replacing(path[...], in: tree, with: .integer(0)))) != nil {
                return path
            }
        }
        return nil
    }

    /// The places of numbers that are not integers.
    static func suspects(in value: JSONValue, at path: [LocationComponent]) -> [[LocationComponent]] {
        switch value {
        case .number: return [path]
        case .object(let members):
            return members.keys.flatMap { suspects(in: members[$0] ?? .null, at: path + [.key($0)]) }
        case .array(let elements):
            return elements.indices.flatMap { suspects(in: elements[$0], at: path + [.index($0)]) }
        default: return []
        }
    }

    static func replacing(_ path: ArraySlice<LocationComponent>, in value: JSONValue, with replacement: JSONValue)
        -> JSONValue
    {
        guard let first = path.first else { return replacement }
        switch (first, value) {
        case (.key(let key), .object(let members)):
            return .object(
                JSONObject(
                    ordered: members.keys.map { name in
                        let member = members[name] ?? .null
                        return (name, name == key ? replacing(path.dropFirst(), in: member, with: replacement) : member)
                    }))
        case (.index(let index), .array(var elements)) where elements.indices.contains(index):
            elements[index] = replacing(path.dropFirst(), in: elements[index], with: replacement)
            return .array(elements)
        default:
            return value
        }
    }
}

/// Maps Foundation's `DecodingError` onto the FastAPI validation vocabulary.
enum DecodingIssue {
    static func issue(for error: DecodingError) -> ValidationIssue {
        switch error {
        case .keyNotFound(let key, let context):
            return .missing(location(context.codingPath + [key]))
        case .valueNotFound(_, let context):
            return ValidationIssue(
                loc: location(context.codingPath), msg: "none is not an allowed value",
                type: "type_error.none.not_allowed")
        case .typeMismatch(let type, let context):
            let (message, kind) = expectation(for: type)
            return ValidationIssue(loc: location(context.codingPath), msg: message, type: kind)
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return ValidationIssue(
                    loc: ["body"], msg: "request body is not valid JSON", type: "value_error.jsondecode")
            }
            let isEnum = context.debugDescription.hasPrefix("value is not a valid enumeration member")
            return ValidationIssue(
                loc: location(context.codingPath), msg: context.debugDescription,
                type: isEnum ? "type_error.enum" : "value_error")
        @unknown default:
            return ValidationIssue(loc: ["body"], msg: "invalid request body", type: "value_error")
        }
    }

    static func location(_ path: [any CodingKey]) -> [LocationComponent] {
        ["body"] + path.map { key in key.intValue.map(LocationComponent.index) ?? .key(key.stringValue) }
    }

    static func expectation(for type: Any.Type) -> (String, String) {
        switch type {
        case is Int.Type, is Int64.Type: return ("value is not a valid integer", "type_error.integer")
        case is Double.Type, is Float.Type: return ("value is not a valid float", "type_error.float")
        case is Bool.Type: return ("value could not be parsed to a boolean", "type_error.bool")
        case is String.Type: return ("str type expected", "type_error.str")
        case is [Any].Type: return ("value is not a valid list", "type_error.list")
        default:
            if String(describing: type).hasPrefix("Dictionary")
                || String(describing: type).hasPrefix("KeyedDecodingContainer")
            {
                return ("value is not a valid dict", "type_error.dict")
            }
            if String(describing: type).hasPrefix("Array")
                || String(describing: type).hasPrefix("UnkeyedDecodingContainer")
            {
                return ("value is not a valid list", "type_error.list")
            }
            return ("value has the wrong type", "type_error")
        }
    }
}

/// Query parameters, validated the way FastAPI validates them.
struct QueryParameters {
    let request: Request

    func string(_ name: String) -> String? {
        request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A text to search for: refused with a NUL in it (a database sees the text end there, so `%00` would
    /// search for nothing, and find everything).
    func searchText(_ name: String) throws -> String? {
        guard let text = string(name) else { return nil }
        guard !text.unicodeScalars.contains("\u{0}") else {
            throw APIError.validation([
                ValidationIssue(
                    loc: ["query", .key(name)], msg: "must not contain NUL characters", type: "value_error")
            ])
        }
        return text
    }

    func requiredString(_ name: String) throws -> String {
        guard let value = string(name) else { throw APIError.validation([.missing(["query", .key(name)])]) }
        return value
    }

    func integer(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return defaultValue }
        guard let value = Int(text) else {
            throw APIError.validation([
                ValidationIssue(
                    loc: ["query", .key(name)], msg: "value is not a valid integer", type: "type_error.integer")
            ])
        }
        guard range.contains(value) else {
            throw APIError.validation([
                ValidationIssue(
                    loc: ["query", .key(name)],
                    msg: "ensure this value is between \(range.lowerBound) and \(range.upperBound)",
                    type: "value_error.number.not_in_range")
            ])
        }
        return value
    }

    /// A date (`YYYY-MM-DD`) or datetime; a bare date as an end bound means the end of that day.
    func timestamp(_ name: String, endOfDay: Bool = false) throws -> Timestamp? {
        guard let text = string(name) else { return nil }
        guard var timestamp = Timestamp(rfc3339: text) else {
            throw APIError.validation([
                ValidationIssue(
                    loc: ["query", .key(name)], msg: "invalid date or datetime format", type: "value_error.datetime")
            ])
        }
        if endOfDay, text.count == 10 { timestamp.microsecondsSinceEpoch += 86_400_000_000 - 1 }
        return timestamp
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: E) throws -> E
    where E.RawValue == String {
        guard let text = string(name) else { return defaultValue }
        guard let value = E(rawValue: text) else {
            throw APIError.validation([WireEnum.issue(E.self, at: ["query", .key(name)])])
        }
        return value
    }
}
