import HumanloopAPI
import LoopgateCore

/// What an OpenAI request's `model` names (issue 27): a provider's model called directly
/// (`openai/gpt-4o-mini`, `mock/anything`), or what a project deploys (`loopgate:PROJECT[@ENVIRONMENT]`,
/// PROJECT a name or a `pr_…` id).
enum OpenAIModelName: Equatable {
    case provider(ModelProvider, model: String)
    case deployment(project: ProjectReference, environment: String?)

    static let deploymentPrefix = "loopgate:"

    /// Provider names as OpenAI-style tools spell them, beside Loopgate's own.
    static let aliases: [String: ModelProvider] = [
        "gemini": .google, "azure": .openaiAzure, "azure_openai": .openaiAzure,
    ]

    /// `nil` for anything that names neither.
    init?(_ model: String) {
        if model.hasPrefix(Self.deploymentPrefix) {
            let target = model.dropFirst(Self.deploymentPrefix.count)
            let parts = target.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            let project = String(parts[0])
            guard !project.isEmpty else { return nil }
            let environment = parts.count > 1 ? String(parts[1]) : nil
            if environment?.isEmpty == true { return nil }
            let reference: ProjectReference =
                project.hasPrefix(ResourceID.Prefix.project.rawValue) ? .id(project) : .name(project)
            self = .deployment(project: reference, environment: environment)
            return
        }
        guard let slash = model.firstIndex(of: "/") else { return nil }
        let providerName = model[..<slash].lowercased()
        let name = String(model[model.index(after: slash)...])
        guard !name.isEmpty,
            let provider = ModelProvider(rawValue: providerName) ?? Self.aliases[providerName]
        else { return nil }
        self = .provider(provider, model: name)
    }
}
