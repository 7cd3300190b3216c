import HumanloopAPI
import Storage

/// A Prompt file at one of its versions, as v5 shows it. A Prompt file is a v4 project (the same row: the
/// project's name is the file's path) and a version is a model config the project uses (`prv_<h>` is
/// `config_<h>`): CONTRACT-v5.md, "One data model".
public struct Prompt: Sendable {
    /// The file's id: the project's.
    public var id: String
    /// The file's path: the v4 project name.
    public var path: String
    public var updatedAt: Timestamp
    /// All the prompt's logs, of every version.
    public var totalLogCount: Int
    /// The directory holding the file; `nil` at the top level.
    public var directoryID: String?
    public var version: IdentifiedConfig
    /// When the version joined the prompt, and when the prompt last logged with it.
    public var joinedAt: Timestamp
    public var lastUsed: Timestamp
    /// The prompt's logs made with this version.
    public var versionLogCount: Int
    /// Where this prompt serves this version.
    public var environments: [Environment]

    /// The path's last segment.
    public var name: String { PromptPath.name(of: path) }
    /// `prv_<h>` of the version's `config_<h>`.
    public var versionID: String { PromptVersionID.v5(file: version.id) }

    /// The template's variables, each once, in the order they are first used.
    public var inputNames: [String] {
        var texts: [String] = []
        if let template = version.config.promptTemplate { texts.append(template) }
        for message in version.config.chatTemplate ?? [] {
            switch message.content {
            case .text(let text): texts.append(text)
            case .parts(let parts): texts += parts.compactMap(\.text)
            case nil: break
            }
        }
        var seen = Set<String>()
        return texts.flatMap(TemplateRenderer.variables(in:)).filter { seen.insert($0).inserted }
    }
}

/// A version's template with its variables filled in.
public enum PopulatedTemplate: Sendable {
    case text(String)
    case messages([ChatMessage])
    /// The version has no template.
    case none
}

/// The prompt and version a call or a log names.
public struct ResolvedPrompt: Sendable {
    let file: ProjectRecord
    public let version: IdentifiedConfig
    /// The environment the version was taken from, when the request named one.
    public var environment: String?

    init(file: ProjectRecord, version: IdentifiedConfig, environment: String? = nil) {
        self.file = file
        self.version = version
        self.environment = environment
    }

    /// The file's id.
    public var fileID: String { file.id }
    /// `prv_<h>` of the version.
    public var versionID: String { PromptVersionID.v5(file: version.id) }
    /// A string template makes a completion; a list of messages, or none, a chat.
    public var kind: GenerationKind { version.config.promptTemplate == nil ? .chat : .completion }
}

/// An environment of the organisation (`production`, `staging`…).
public struct Environment: Sendable, Hashable {
    public var id: String
    public var name: String
    /// `default` for the organisation's default environment, `other` for the rest.
    public var tag: String
    public var createdAt: Timestamp

    init(_ record: EnvironmentRecord) {
        id = record.id
        name = record.name
        tag = record.tag
        createdAt = record.createdAt
    }
}

/// The two spellings of a Prompt version's id.
public enum PromptVersionID {
    static let v5Prefix = "prv_"
    static let v4Prefix = ResourceID.Prefix.config.rawValue

    /// `config_<h>` → `prv_<h>`.
    public static func v5(file configID: String) -> String {
        configID.hasPrefix(v4Prefix) ? v5Prefix + configID.dropFirst(v4Prefix.count) : configID
    }

    /// `prv_<h>` (or `config_<h>`) → `config_<h>`.
    public static func config(of versionID: String) -> String {
        versionID.hasPrefix(v5Prefix) ? v4Prefix + versionID.dropFirst(v5Prefix.count) : versionID
    }
}

/// File paths: `/`-separated, surrounding slashes dropped, no empty segment.
public enum PromptPath {
    /// The path in its one spelling; a 422 at `location` when it is empty or has an empty segment.
    public static func normalized(_ path: String, at location: [LocationComponent]) throws -> String {
        var trimmed = Substring(path)
        while trimmed.first == "/" { trimmed = trimmed.dropFirst() }
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard !trimmed.isEmpty, segments.allSatisfy({ !$0.allSatisfy(\.isWhitespace) }) else {
            throw GatewayError.invalid(location, "a path is '/'-separated names, none of them empty")
        }
        return String(trimmed)
    }

    static func name(of path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    /// The directories above a path, the top one first: `a/b/c` → `["a", "a/b"]`.
    public static func parents(of path: String) -> [String] {
        let segments = path.split(separator: "/")
        guard segments.count > 1 else { return [] }
        return (1..<segments.count).map { segments[0..<$0].joined(separator: "/") }
    }

    /// The directory directly above a path; `nil` at the top level.
    static func parent(of path: String) -> String? {
        parents(of: path).last
    }

    /// The path of `name` inside `parent` (the top level when `nil`); a name is one segment (422 at
    /// `body.name` otherwise).
    static func child(named name: String, of parent: String?) throws -> String {
        let leaf = try normalized(name, at: ["body", "name"])
        guard !leaf.contains("/") else { throw GatewayError.invalid(["body", "name"], "a name has no '/'") }
        return parent.map { $0 + "/" + leaf } ?? leaf
    }
}
