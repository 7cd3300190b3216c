import HumanloopAPI
import Logging
import Providers
import Storage

/// A generation's answer and where its time went.
public struct Generated<Response: Sendable>: Sendable {
    public var response: Response
    /// Time spent waiting on the provider; the rest of the request is Loopgate's own.
    public var providerDuration: Duration
}

/// Runs generations: resolve project and config → render → call the provider → assemble the answer →
/// record the logs through the batched writer. The answer returns only once its logs are committed.
public final class Gateway: Sendable {
    let store: any Store
    let logWriter: LogWriter
    let providers: ProviderRegistry
    let providerKeys: ProviderKeys
    let configs: ConfigCatalog
    let projects: ProjectDirectory
    let resolver: ConfigResolver
    let logger: Logger
    /// The most UTF-8 bytes a rendered template may have (`LOOPGATE_MAX_RENDERED_BYTES`).
    let maxRenderedBytes: Int

    public init(
        store: any Store, logWriter: LogWriter, providers: ProviderRegistry, providerKeys: ProviderKeys,
        configs: ConfigCatalog, projects: ProjectDirectory, logger: Logger,
        maxRenderedBytes: Int = CoreSettings.defaultMaxRenderedBytes
    ) {
        self.store = store
        self.logWriter = logWriter
        self.providers = providers
        self.providerKeys = providerKeys
        self.configs = configs
        self.projects = projects
        self.resolver = ConfigResolver(store: store, configs: configs, providers: providers)
        self.logger = logger
        self.maxRenderedBytes = maxRenderedBytes
    }

    /// A generation answered whole, once its logs are committed.
    public func generate(_ request: GenerationRequest, orgID: String) async throws -> Generated<GenerationResult> {
        let outcome = try await run(try await call(for: request, orgID: orgID))
        return Generated(response: outcome.result, providerDuration: outcome.providerDuration)
    }

    /// A generation validated and resolved, with each config's input rendered: for a completion its prompt
    /// template, for a chat its chat template before the request's messages. What the JSON and the
    /// streamed answers both run.
    func call(for request: GenerationRequest, orgID: String) async throws -> GenerationCall {
        var issues = Self.requestIssues(request)
        if case .inline(let config) = request.config {
            issues += resolver.issues(of: config, kind: request.kind)
        }
        guard issues.isEmpty else { throw GatewayError.invalid(issues) }
        let isDeployed: Bool
        if case .deployed = request.config { isDeployed = true } else { isDeployed = false }
        var context = try await resolveContext(request, orgID: orgID, createProject: !isDeployed)
        let samples = try await resolver.resolve(
            request.config, samples: request.numSamples, project: context.project, orgID: orgID, kind: request.kind)
        if context.project == nil, let experiment = samples.first?.experiment {
            // An experiment belongs to a project: its trials are logged there.
            context.project = try await projects.project(id: experiment.projectID, orgID: orgID)
        }
        var groups: [GenerationGroup] = []
        for (index, sample) in samples.enumerated() {
            if let existing = groups.firstIndex(where: {
                $0.config.id == sample.config.id && $0.experimentID == sample.experimentID
            }) {
                groups[existing].sampleIndexes.append(index)
            } else {
                groups.append(
                    GenerationGroup(
                        config: sample.config, experimentID: sample.experimentID,
                        input: try input(for: request, config: sample.config.config), sampleIndexes: [index]))
            }
        }
        return GenerationCall(orgID: orgID, request: request, context: context, groups: groups)
    }

    /// What the provider is given for a config: the rendered prompt, or the rendered chat template and
    /// then the request's messages.
    func input(for request: GenerationRequest, config: ModelConfigRequest) throws -> ProviderInput {
        switch request.kind {
        case .completion:
            return .prompt(try render(config.promptTemplate ?? "", inputs: request.inputs))
        case .chat:
            return .messages(
                try renderChatTemplate(config.chatTemplate ?? [], inputs: request.inputs) + request.messages)
        }
    }
}

// MARK: - Validation and resolution

extension Gateway {
    static func requestIssues(_ request: GenerationRequest) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if request.numSamples < 1 || request.numSamples > 128 {
            issues.append(
                ValidationIssue(
                    loc: ["body", "num_samples"], msg: "num_samples must be between 1 and 128",
                    type: "value_error.number.not_in_range"))
        }
        issues += LogLinks.issues(of: request.links, at: ["body"])
        return issues
    }

    func render(_ template: String, inputs: JSONObject) throws -> String {
        do {
            return try TemplateRenderer.render(template, inputs: inputs, limit: maxRenderedBytes)
        } catch {
            throw Self.renderingIssue(error)
        }
    }

    func renderChatTemplate(_ template: [ChatMessage], inputs: JSONObject) throws -> [ChatMessage] {
        do {
            return try TemplateRenderer.render(template, inputs: inputs, limit: maxRenderedBytes)
        } catch {
            throw Self.renderingIssue(error)
        }
    }

    /// A variable without a value, or a rendering over the limit, as the 422 that says so.
    static func renderingIssue(_ error: any Error) -> GatewayError {
        if let tooLarge = error as? TemplateRenderer.TooLarge {
            return .invalid(
                ["body", "inputs"],
                "the rendered template would be over \(tooLarge.limit) bytes (LOOPGATE_MAX_RENDERED_BYTES)")
        }
        return .invalid(Self.missingVariableIssues((error as? TemplateRenderer.MissingVariables)?.names ?? []))
    }

    static func missingVariableIssues(_ names: [String]) -> [ValidationIssue] {
        names.map {
            ValidationIssue(
                loc: ["body", "inputs", .key($0)], msg: "template variable '\($0)' has no value in inputs",
                type: "value_error.missing")
        }
    }

    /// Where the logs go: the project, the session and the parent log the request names.
    struct GenerationContext: Sendable {
        var project: ProjectRecord?
        var sessionID: String?
        var parentID: String?
    }

    /// Resolves the project (found by id, or by name and created on first use unless `createProject` is
    /// false), the session by id and the parent by id or reference.
    func resolveContext(_ request: GenerationRequest, orgID: String, createProject: Bool = true) async throws
        -> GenerationContext
    {
        var context = GenerationContext()
        context.project = try await projects.resolve(
            request.project, orgID: orgID, creating: createProject, at: ["body"])
        let links = try await LogLinks.resolve(in: store, request.links, orgID: orgID)
        context.sessionID = links.sessionID
        context.parentID = links.parentID
        return context
    }
}
