import Foundation
import HumanloopAPI

// Reading the export's records (the v5 API's responses as the export tool wrote them) tolerantly: unknown
// fields are ignored, and where the API renamed a field over its life both names are read, the newer first
// (../shared/humanloop-export.md, "Schema drift").

extension JSONValue {
    /// The first of `keys` that holds a string.
    func string(_ keys: String...) -> String? {
        for key in keys { if let text = self[key]?.stringValue { return text } }
        return nil
    }

    func int(_ key: String) -> Int? {
        switch self[key] {
        case .integer(let value): value
        case .number(let value) where value.isFinite && value.rounded() == value && abs(value) < 1e15: Int(value)
        default: nil
        }
    }

    func double(_ key: String) -> Double? { self[key]?.doubleValue }

    func bool(_ key: String) -> Bool? {
        if case .bool(let value) = self[key] { return value }
        return nil
    }

    /// The first of `keys` that holds an RFC 3339 time.
    func time(_ keys: String...) -> Timestamp? {
        for key in keys { if let text = self[key]?.stringValue, let time = Timestamp(rfc3339: text) { return time } }
        return nil
    }

    /// A member that is present and not `null`.
    func value(_ key: String) -> JSONValue? {
        guard let value = self[key], !value.isNull else { return nil }
        return value
    }

    /// The strings of an array member.
    func strings(_ key: String) -> [String]? {
        self[key]?.arrayValue?.compactMap(\.stringValue)
    }
}

/// The kinds of file an export holds, by `type`; Agents (and anything newer) have no counterpart here.
enum ExportedKind: Hashable {
    case prompt
    case file(FileKind)

    init?(type: String) {
        if type == "prompt" {
            self = .prompt
        } else if let kind = FileKind(rawValue: type) {
            self = .file(kind)
        } else {
            return nil
        }
    }
}

/// A version's name and description, under either of the names the API gave them (`version_name` since
/// April 2025, `commit_message` before).
struct VersionDescription {
    var name: String?
    var description: String?

    init(_ record: JSONValue) {
        name = record.string("version_name", "commit_message")
        description = record.string("version_description")
    }
}

/// The embedded file of a log (`prompt`, `tool`, `flow`, `evaluator` or `agent`): which it is, and the
/// file and version it names.
struct LoggedFileReference {
    var type: String
    var fileID: String
    var versionID: String?
    var path: String?
    var record: JSONValue

    static let keys = ["prompt", "tool", "flow", "evaluator", "agent"]

    init?(log: JSONValue) {
        for key in Self.keys {
            if let record = log.value(key), let fileID = record.string("id") {
                type = key
                self.fileID = fileID
                versionID = record.string("version_id")
                path = record.string("path")
                self.record = record
                return
            }
        }
        return nil
    }
}

/// Decodes a record as a v5 request type; a record that does not fit is an error naming the field.
enum RecordDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from record: JSONValue) throws(RecordMismatch) -> T {
        if let value = try? JSONTreeDecoder().decode(type, from: record) { return value }
        // The fast decoder says only that it failed; Foundation's says where, on this rare path.
        do {
            _ = try JSONDecoder().decode(type, from: Data(record.serialized().utf8))
            throw RecordMismatch(description: "does not fit the v5 API's \(type)")
        } catch let error as DecodingError {
            throw RecordMismatch(error)
        } catch let error as RecordMismatch {
            throw error
        } catch {
            throw RecordMismatch(description: "\(error)")
        }
    }
}

/// Why a record could not be read, naming the field.
struct RecordMismatch: Error, CustomStringConvertible {
    var description: String

    init(description: String) {
        self.description = description
    }

    init(_ error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            description = "'\(path(context.codingPath + [key]))' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            description = "'\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            description = "\(error)"
        }
    }
}
