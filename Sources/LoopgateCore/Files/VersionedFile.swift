import HumanloopAPI
import Storage

/// A Tool, Flow, Evaluator or Dataset at one of its versions, as v5 shows it.
public struct VersionedFile: Sendable {
    public var file: FileRecord
    public var version: FileVersionRecord
    /// The version's definition: its kernel (a Tool's `function`, a Flow's `attributes`, an Evaluator's
    /// spec, a Dataset's datapoint ids), parsed from the stored canonical JSON.
    public var definition: JSONObject
    /// The directory holding the file; `nil` at the top level.
    public var directoryID: String?
    /// Where the file serves this version.
    public var environments: [Environment]
    public var totalLogCount: Int
    public var versionLogCount: Int
    /// When the file last logged (or the version was made, before any log).
    public var lastUsedAt: Timestamp

    public var id: String { file.id }
    public var kind: FileKind { file.kind }
    public var path: String { file.path }
    /// The path's last segment.
    public var name: String { PromptPath.name(of: file.path) }
    public var tags: [String]? { file.tags.flatMap { Coding.decodeIfPresent([String].self, fromText: $0) } }
}

/// What upserting a Tool, Flow, Evaluator or Dataset says: the file (by id, or at a path where it is made
/// when new), its version's definition, and the file's own description.
public struct FileUpsert: Sendable {
    public var kind: FileKind
    public var id: String?
    public var path: String?
    /// What identifies the version: the same definition in the same file is the same version.
    public var definition: JSONObject
    public var versionName: String?
    public var versionDescription: String?
    public var description: String?
    public var tags: [String]?
    public var readme: String?

    public init(kind: FileKind, id: String?, path: String?, definition: JSONObject) {
        self.kind = kind
        self.id = id
        self.path = path
        self.definition = definition
    }
}

extension FileKind {
    /// How messages name the kind: "Tool with id … not found".
    public var displayName: String {
        switch self {
        case .tool: "Tool"
        case .flow: "Flow"
        case .evaluator: "Evaluator"
        case .dataset: "Dataset"
        }
    }
}
