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
