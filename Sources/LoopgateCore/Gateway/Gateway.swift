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

    public init(
        store: any Store, logWriter: LogWriter, providers: ProviderRegistry, providerKeys: ProviderKeys,
        configs: ConfigCatalog, projects: ProjectDirectory, logger: Logger
    ) {
        self.store = store
        self.logWriter = logWriter
        self.providers = providers
        self.providerKeys = providerKeys
        self.configs = configs
        self.projects = projects
        self.resolver = ConfigResolver(store: store, configs: configs, providers: providers)
        self.logger = logger
    }

    /// Any of the four completion endpoints.
    public func complete<Config: ConfigSelection>(_ request: CompletionBody<Config>, orgID: String) async throws
        -> Generated<CompletionResponse>
    {
        let outcome = try await run(try await call(for: request, orgID: orgID))
        return Generated(
            response: CompletionResponse(data: outcome.samples.map(\.data), fields: outcome.fields),
            providerDuration: outcome.providerDuration)
    }

    /// Any of the four chat endpoints.
    public func chat<Config: ConfigSelection>(_ request: ChatBody<Config>, orgID: String) async throws
        -> Generated<ChatResponse>
    {
        let outcome = try await run(try await call(for: request, orgID: orgID))
        let data = outcome.samples.map { sample in
            ChatDataResponse(
                sample: sample.data, messages: sample.messages,
                toolCall: sample.choice.toolCalls.first.map(\.function),
                toolCalls: sample.choice.toolCalls.isEmpty ? nil : sample.choice.toolCalls,
                outputMessage: sample.outputMessage)
        }
        return Generated(
            response: ChatResponse(
                data: data, fields: outcome.fields, toolCall: request.chat.toolCall, toolChoice: request.chat.toolChoice
            ),
            providerDuration: outcome.providerDuration)
    }

    /// A completion, validated and resolved, with each config's prompt rendered: what the JSON and the
    /// streamed answers both run.
    func call<Config: ConfigSelection>(for request: CompletionBody<Config>, orgID: String) async throws
        -> GenerationCall
    {
        let plan = try await plan(
            request.options, selector: request.config.selector, endpoint: .completion, orgID: orgID
        ) { config in
            .prompt(try self.render(config.promptTemplate ?? "", inputs: request.options.inputs ?? [:]))
        }
        return GenerationCall(
            orgID: orgID, options: request.options, context: plan.context, groups: plan.groups,
            completion: request.completion, chat: nil)
    }

    /// A chat, validated and resolved, with each config's chat template rendered before the request's
    /// messages: what the JSON and the streamed answers both run.
    func call<Config: ConfigSelection>(for request: ChatBody<Config>, orgID: String) async throws -> GenerationCall {
        let plan = try await plan(request.options, selector: request.config.selector, endpoint: .chat, orgID: orgID) {
            config in
            .messages(
                try self.renderChatTemplate(config.chatTemplate ?? [], inputs: request.options.inputs ?? [:])
                    + request.chat.messages)
        }
        return GenerationCall(
            orgID: orgID, options: request.options, context: plan.context, groups: plan.groups, completion: .init(),
            chat: request.chat)
    }

    /// The project, session and parent of a generation, and its samples grouped by the config they use.
    struct Plan {
        var context: GenerationContext
        var groups: [GenerationGroup]
    }

    /// Validates, resolves where the logs go and which config serves each sample, and renders each
    /// config's input once.
    func plan(
        _ options: GenerationOptions, selector: ConfigSelector, endpoint: EndpointKind, orgID: String,
        input: (ModelConfigRequest) throws -> ProviderInput
    ) async throws -> Plan {
        var issues = Self.optionIssues(options)
        if case .inline(let config) = selector {
            issues += resolver.issues(of: config, endpoint: endpoint)
        }
        guard issues.isEmpty else { throw GatewayError.invalid(issues) }
        let isDeployed: Bool
        if case .deployed = selector { isDeployed = true } else { isDeployed = false }
        var context = try await resolveContext(options, orgID: orgID, createProject: !isDeployed)
        let samples = try await resolver.resolve(
            selector, samples: options.numSamples ?? 1, project: context.project, orgID: orgID, endpoint: endpoint)
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
                        input: try input(sample.config.config),
                        sampleIndexes: [index]))
            }
        }
        return Plan(context: context, groups: groups)
    }
}

// MARK: - Validation and resolution

extension Gateway {
    enum EndpointKind {
        case completion, chat
    }

    static func optionIssues(_ options: GenerationOptions) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let samples = options.numSamples, samples < 1 || samples > 128 {
            issues.append(
                ValidationIssue(
                    loc: ["body", "num_samples"], msg: "num_samples must be between 1 and 128",
                    type: "value_error.number.not_in_range"))
        }
        if options.sessionID != nil, options.sessionReferenceID != nil {
            issues.append(
                ValidationIssue(
                    loc: ["body", "session_reference_id"],
                    msg: "specify at most one of session_id and session_reference_id", type: "value_error"))
        }
        if options.parentID != nil, options.parentReferenceID != nil {
            issues.append(
                ValidationIssue(
                    loc: ["body", "parent_reference_id"],
                    msg: "specify at most one of parent_id and parent_reference_id", type: "value_error"))
        }
        return issues
    }

    func render(_ template: String, inputs: JSONObject) throws -> String {
        do {
            return try TemplateRenderer.render(template, inputs: inputs)
        } catch {
            throw GatewayError.invalid(Self.missingVariableIssues(error.names))
        }
    }

    func renderChatTemplate(_ template: [ChatMessage], inputs: JSONObject) throws -> [ChatMessage] {
        var missing: [String] = []
        let rendered = template.map { message -> ChatMessage in
            var message = message
            switch message.content {
            case .text(let text):
                message.content = .text(TemplateRenderer.render(text, inputs: inputs, missing: &missing))
            case .parts(let parts):
                message.content = .parts(
                    parts.map { part in
                        var part = part
                        part.text = part.text.map { TemplateRenderer.render($0, inputs: inputs, missing: &missing) }
                        return part
                    })
            case nil:
                break
            }
            return message
        }
        guard missing.isEmpty else { throw GatewayError.invalid(Self.missingVariableIssues(missing)) }
        return rendered
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
    func resolveContext(_ options: GenerationOptions, orgID: String, createProject: Bool = true) async throws
        -> GenerationContext
    {
        var context = GenerationContext()
        if let projectID = options.projectID {
            context.project = try await projects.project(id: projectID, orgID: orgID)
        } else if let name = options.project {
            guard !name.isEmpty else {
                throw GatewayError.invalid(["body", "project"], "project name must not be empty")
            }
            if createProject {
                context.project = try await projects.findOrCreate(named: name, orgID: orgID)
            } else {
                context.project = try await projects.existing(named: name, orgID: orgID)
            }
        }
        let links = try await LogLinks.resolve(
            in: store,
            sessionID: options.sessionID, parentID: options.parentID, parentReferenceID: options.parentReferenceID,
            orgID: orgID)
        context.sessionID = links.sessionID
        context.parentID = links.parentID
        return context
    }
}
