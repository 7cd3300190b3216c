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
    let store: SQLStore
    let logWriter: LogWriter
    let providers: ProviderRegistry
    let providerKeys: ProviderKeys
    let configs: ConfigCatalog
    let projects: ProjectDirectory
    let logger: Logger

    public init(
        store: SQLStore, logWriter: LogWriter, providers: ProviderRegistry, providerKeys: ProviderKeys,
        configs: ConfigCatalog, projects: ProjectDirectory, logger: Logger
    ) {
        self.store = store
        self.logWriter = logWriter
        self.providers = providers
        self.providerKeys = providerKeys
        self.configs = configs
        self.projects = projects
        self.logger = logger
    }

    /// `POST /completion`.
    public func complete(_ request: CompletionRequest, orgID: String) async throws -> Generated<CompletionResponse> {
        let config = try validatedConfig(request.modelConfig, options: request.options, endpoint: .completion)
        let inputs = request.options.inputs ?? [:]
        let prompt = try render(config.config.promptTemplate ?? "", inputs: inputs)
        let context = try await resolveContext(request.options, orgID: orgID)
        let call = GenerationCall(
            orgID: orgID, options: request.options, context: context, config: config,
            input: .prompt(prompt), completion: request.completion, chat: nil)
        let outcome = try await run(call)
        let data = outcome.samples.map { $0.data }
        return Generated(
            response: CompletionResponse(data: data, fields: outcome.fields), providerDuration: outcome.providerDuration
        )
    }

    /// `POST /chat`.
    public func chat(_ request: ChatRequest, orgID: String) async throws -> Generated<ChatResponse> {
        let config = try validatedConfig(request.modelConfig, options: request.options, endpoint: .chat)
        let inputs = request.options.inputs ?? [:]
        let messages = try renderChatTemplate(config.config.chatTemplate ?? [], inputs: inputs) + request.chat.messages
        let context = try await resolveContext(request.options, orgID: orgID)
        let call = GenerationCall(
            orgID: orgID, options: request.options, context: context, config: config,
            input: .messages(messages), completion: .init(), chat: request.chat)
        let outcome = try await run(call)
        let data = outcome.samples.map { sample in
            ChatDataResponse(
                sample: sample.data, messages: messages,
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
}

// MARK: - Validation and resolution

extension Gateway {
    enum EndpointKind {
        case completion, chat
    }

    /// Checks the request's own rules and the config's enums, then identifies the config.
    func validatedConfig(_ config: ModelConfigRequest, options: GenerationOptions, endpoint: EndpointKind) throws
        -> IdentifiedConfig
    {
        var issues = Self.optionIssues(options)
        let configPath: [LocationComponent] = ["body", "model_config"]
        if let provider = config.provider {
            if let known = ModelProvider(rawValue: provider) {
                if providers.provider(for: known) == nil {
                    issues.append(
                        ValidationIssue(
                            loc: configPath + ["provider"],
                            msg: "provider '\(provider)' is not supported by this server yet",
                            type: "value_error.provider_unsupported"))
                }
            } else {
                issues.append(
                    ValidationIssue(
                        loc: configPath + ["provider"],
                        msg: WireEnum.invalidMemberMessage(permitted: ModelProvider.allCases.map(\.rawValue)),
                        type: "type_error.enum"))
            }
        } else if providers.provider(for: .openai) == nil {
            issues.append(
                ValidationIssue(
                    loc: configPath + ["provider"],
                    msg: "provider 'openai' (the default) is not supported by this server yet",
                    type: "value_error.provider_unsupported"))
        }
        if let endpointName = config.endpoint {
            if let known = ModelEndpoint(rawValue: endpointName) {
                if known == .edit {
                    issues.append(
                        ValidationIssue(
                            loc: configPath + ["endpoint"],
                            msg: "the 'edit' endpoint is no longer offered by any provider",
                            type: "value_error"))
                }
            } else {
                issues.append(
                    ValidationIssue(
                        loc: configPath + ["endpoint"],
                        msg: WireEnum.invalidMemberMessage(permitted: ModelEndpoint.allCases.map(\.rawValue)),
                        type: "type_error.enum"))
            }
        }
        if endpoint == .completion, config.promptTemplate == nil {
            issues.append(.missing(configPath + ["prompt_template"]))
        }
        if config.model.isEmpty {
            issues.append(
                ValidationIssue(loc: configPath + ["model"], msg: "model must not be empty", type: "value_error"))
        }
        guard issues.isEmpty else { throw GatewayError.invalid(issues) }
        return try configs.identify(config)
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

    func render(_ template: String, inputs: [String: JSONValue]) throws -> String {
        do {
            return try TemplateRenderer.render(template, inputs: inputs)
        } catch {
            throw GatewayError.invalid(Self.missingVariableIssues(error.names))
        }
    }

    func renderChatTemplate(_ template: [ChatMessage], inputs: [String: JSONValue]) throws -> [ChatMessage] {
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

    func resolveContext(_ options: GenerationOptions, orgID: String) async throws -> GenerationContext {
        var context = GenerationContext()
        if let projectID = options.projectID {
            context.project = try await projects.project(id: projectID, orgID: orgID)
        } else if let name = options.project {
            guard !name.isEmpty else {
                throw GatewayError.invalid(["body", "project"], "project name must not be empty")
            }
            context.project = try await projects.findOrCreate(named: name, orgID: orgID)
        }
        if let sessionID = options.sessionID {
            guard try await store.sessionExists(id: sessionID, orgID: orgID) else {
                throw GatewayError.notFound("Session with id '\(sessionID)' not found")
            }
            context.sessionID = sessionID
        }
        if let parentID = options.parentID {
            guard try await store.logExists(id: parentID, orgID: orgID) else {
                throw GatewayError.notFound("Parent log with id '\(parentID)' not found")
            }
            context.parentID = parentID
        } else if let reference = options.parentReferenceID {
            guard let parentID = try await store.logID(referenceID: reference, orgID: orgID) else {
                throw GatewayError.notFound("No log was recorded with reference_id '\(reference)'")
            }
            context.parentID = parentID
        }
        return context
    }
}
