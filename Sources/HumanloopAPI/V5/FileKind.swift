/// The kinds of v5 file that are not projects (a Prompt file is a v4 project: `ProjectRecord`).
public enum FileKind: String, Sendable, Hashable, CaseIterable {
    case tool, flow, evaluator, dataset

    /// The prefix of this kind's file ids, and of its version ids.
    public var prefixes: (file: ResourceID.Prefix, version: ResourceID.Prefix) {
        switch self {
        case .tool: (.tool, .toolVersion)
        case .flow: (.flow, .flowVersion)
        case .evaluator: (.evaluator, .evaluatorVersion)
        case .dataset: (.dataset, .datasetVersion)
        }
    }

    /// The kind a file or version id names, by its prefix.
    public init?(id: String) {
        guard let kind = Self.allCases.first(where: { id.hasPrefix($0.prefixes.file.rawValue) }) else { return nil }
        self = kind
    }
}
