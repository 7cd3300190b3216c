import HumanloopAPI
import Providers
import Storage

/// The samples of a generation that use one config: one provider call serves them all.
struct GenerationGroup: Sendable {
    var config: IdentifiedConfig
    var experimentID: String?
    var input: ProviderInput
    /// Which of the response's samples this group produces.
    var sampleIndexes: [Int]
}

/// Everything one generation needs once the request is validated and resolved.
struct GenerationCall: Sendable {
    var orgID: String
    var options: GenerationOptions
    var context: Gateway.GenerationContext
    var groups: [GenerationGroup]
    var completion: CompletionOptions
    /// The chat controls; `nil` for completions.
    var chat: ChatOptions?
}

/// One finished sample, in the pieces both response shapes are built from.
struct GeneratedSample: Sendable {
    var data: DataResponse
    var choice: ProviderChoice
    var outputMessage: ChatMessage
    /// The conversation the provider saw (chat only).
    var messages: [ChatMessage]?
}

/// A finished generation, before it takes the shape of its endpoint's response.
struct GenerationOutcome: Sendable {
    var samples: [GeneratedSample]
    var fields: GenerationResponseFields
    var providerDuration: Duration
}

/// A provider call's result for one group.
struct GroupResult: Sendable {
    var group: GenerationGroup
    var provider: ModelProvider
    var result: ProviderResult
    var duration: Duration
}

extension Gateway {
    /// Calls the provider once per group (concurrently), records all the logs in one writer entry
    /// (waiting for its commit) and assembles the samples in index order.
    func run(_ call: GenerationCall) async throws -> GenerationOutcome {
        let started = ContinuousClock.now
        let createdAt = Clock.now()
        let prepared = try call.groups.map { group in
            (group, try providerCall(for: group, call: call))
        }
        let results: [GroupResult]
        do {
            if prepared.count == 1 {
                // The usual case, one config: no child task to pay for.
                let (group, (provider, request)) = prepared[0]
                results = [try await Self.generate(group, provider: provider, request: request)]
            } else {
                results = try await withThrowingTaskGroup(of: GroupResult.self) { tasks in
                    for (group, (provider, request)) in prepared {
                        tasks.addTask { try await Self.generate(group, provider: provider, request: request) }
                    }
                    return try await tasks.reduce(into: []) { $0.append($1) }
                        .sorted { ($0.group.sampleIndexes.first ?? 0) < ($1.group.sampleIndexes.first ?? 0) }
                }
            }
        } catch let error as ProviderError {
            try await recordFailure(call, error: error, createdAt: createdAt)
            throw GatewayError.provider(ProviderFailure(error))
        }
        let providerDuration = results.map(\.duration).max() ?? .zero
        let totalSeconds = (ContinuousClock.now - started).seconds

        let sampleCount = call.groups.reduce(0) { $0 + $1.sampleIndexes.count }
        var samples = [GeneratedSample?](repeating: nil, count: sampleCount)
        var logs: [LogRecord] = []
        for groupResult in results {
            for (choice, index) in zip(groupResult.result.choices, groupResult.group.sampleIndexes) {
                let (sample, log) = try makeSample(
                    call, group: groupResult, choice: choice, index: index, createdAt: createdAt,
                    totalSeconds: totalSeconds)
                samples[index] = sample
                logs.append(log)
            }
        }
        let written = try await write(call, logs: logs)
        let responses = results.flatMap(\.result.providerResponses)
        let fields = GenerationResponseFields(
            providerResponses: responses, projectID: call.context.project?.id,
            numSamples: call.options.numSamples ?? 1, logprobs: call.completion.logprobs,
            suffix: call.completion.suffix,
            user: call.options.user,
            usage: Usage(
                promptTokens: results.reduce(0) { $0 + $1.result.promptTokens },
                generationTokens: results.reduce(0) { $0 + $1.result.generationTokens }),
            metadata: call.options.metadata, providerRequest: results.first?.result.providerRequest,
            sessionID: written.sessionID ?? call.context.sessionID)
        return GenerationOutcome(samples: samples.compactMap { $0 }, fields: fields, providerDuration: providerDuration)
    }

    /// One group's provider call, timed and counted.
    static func generate(_ group: GenerationGroup, provider: any Provider, request: ProviderRequest) async throws
        -> GroupResult
    {
        let providerStarted = ContinuousClock.now
        do {
            let result = try await provider.generate(request)
            let duration = ContinuousClock.now - providerStarted
            ProviderMetrics.record(provider.name, outcome: "success", duration: duration)
            return GroupResult(group: group, provider: provider.name, result: result, duration: duration)
        } catch {
            ProviderMetrics.record(provider.name, outcome: "error", duration: ContinuousClock.now - providerStarted)
            throw error
        }
    }

    /// The sample's answer and its log.
    func makeSample(
        _ call: GenerationCall, group: GroupResult, choice: ProviderChoice, index: Int, createdAt: Timestamp,
        totalSeconds: Double
    ) throws -> (GeneratedSample, LogRecord) {
        let id = ResourceID.make(.log)
        let output = choice.text.trimmingWhitespace()
        let outputMessage = ChatMessage(
            role: .assistant, content: .text(output), toolCalls: choice.toolCalls.isEmpty ? nil : choice.toolCalls)
        let data = DataResponse(
            id: id, index: index, output: output, rawOutput: choice.text,
            inputs: (call.options.returnInputs ?? true) ? (call.options.inputs ?? [:]) : [:],
            modelConfigID: group.group.config.id, finishReason: choice.finishReason?.rawValue)
        var messages: [ChatMessage]?
        if case .messages(let sent) = group.group.input { messages = sent }
        var log = baseLog(call, group: group.group, id: id, createdAt: createdAt, provider: group.provider)
        log.finishReason = choice.finishReason?.rawValue
        log.promptTokens = group.result.promptTokens
        log.outputTokens = choice.generationTokens
        log.providerLatency = group.duration.seconds
        log.duration = totalSeconds
        if log.saved {
            log.output = output
            log.rawOutput = choice.text
            log.outputMessage = call.chat == nil ? nil : try Coding.text(outputMessage)
            log.providerRequest = group.result.providerRequest.text
            log.providerResponse = group.result.providerResponses.first?.text
        }
        let sample = GeneratedSample(data: data, choice: choice, outputMessage: outputMessage, messages: messages)
        return (sample, log)
    }

    /// The adapter and the provider-neutral request for a group: parameters from its config, controls
    /// from the request, the key. A non-mock provider without a key is refused before any call.
    func providerCall(for group: GenerationGroup, call: GenerationCall) throws -> (any Provider, ProviderRequest) {
        let config = group.config.config
        let providerName = ModelProvider(rawValue: config.provider ?? "") ?? .openai
        guard let provider = providers.provider(for: providerName) else {
            throw GatewayError.invalid(
                ["body", "model_config", "provider"],
                "provider '\(providerName.rawValue)' is not supported by this server yet",
                type: "value_error.provider_unsupported")
        }
        let maxTokens = config.maxTokens.flatMap { $0 < 0 ? nil : $0 }
        let parameters = SamplingParameters(
            maxTokens: maxTokens, temperature: config.temperature, topP: config.topP, stop: config.stop?.sequences,
            presencePenalty: config.presencePenalty, frequencyPenalty: config.frequencyPenalty,
            seed: config.seed ?? call.options.seed,
            responseFormat: call.chat?.responseFormat ?? config.responseFormat,
            logprobs: call.completion.logprobs, suffix: call.completion.suffix, other: config.other ?? [:])
        let request = ProviderRequest(
            model: config.model, endpoint: config.endpoint.flatMap(ModelEndpoint.init(rawValue:)), input: group.input,
            parameters: parameters, tools: config.tools ?? [],
            toolChoice: call.chat.flatMap { $0.toolChoice ?? Self.toolChoice(fromLegacy: $0.toolCall) },
            numSamples: group.sampleIndexes.count, user: call.options.user,
            apiKey: providerKeys.key(for: providerName, requestKeys: call.options.providerAPIKeys))
        if providerName != .mock, request.apiKey == nil {
            throw GatewayError.unprocessable(
                "No API key for provider '\(providerName.rawValue)': send provider_api_keys.\(providerName.rawValue) or configure the server's key"
            )
        }
        return (provider, request)
    }

    /// Maps the 0.5 `tool_call` control onto the 0.7 `tool_choice` (`{"name": X}` → function choice).
    static func toolChoice(fromLegacy toolCall: JSONValue?) -> JSONValue? {
        guard let toolCall else { return nil }
        if let name = toolCall["name"]?.stringValue {
            return .object(["type": "function", "function": .object(["name": .string(name)])])
        }
        return toolCall
    }

    /// The columns every log of the group shares; payload columns only when the call saves them.
    func baseLog(
        _ call: GenerationCall, group: GenerationGroup, id: String, createdAt: Timestamp, provider: ModelProvider
    )
        -> LogRecord
    {
        var log = LogRecord(id: id, orgID: call.orgID, saved: call.options.save ?? true, createdAt: createdAt)
        log.projectID = call.context.project?.id
        log.configID = group.config.id
        log.experimentID = group.experimentID
        log.sessionID = call.context.sessionID
        log.parentID = call.context.parentID
        log.source = call.options.source
        log.endUser = call.options.user
        log.sourceDatapointID = call.options.sourceDatapointID
        log.provider = provider.rawValue
        if log.saved {
            log.inputs = JSONValue.object(call.options.inputs ?? [:]).serialized()
            log.metadata = call.options.metadata.map { JSONValue.object($0).serialized() }
            if case .messages(let messages) = group.input {
                log.messages = try? Coding.text(messages)
            }
            log.toolChoice = call.chat?.toolChoice?.serialized()
        }
        return log
    }

    /// Hands the logs to the batched writer with the configs and session they need, and waits for the commit.
    func write(_ call: GenerationCall, logs: [LogRecord]) async throws -> GenerationWriteResult {
        let newConfigs = call.groups.map(\.config).filter { !configs.isStored($0.id, orgID: call.orgID) }
        let write = GenerationWrite(
            orgID: call.orgID,
            configs: newConfigs.map { ModelConfigRecord(id: $0.id, body: $0.canonicalJSON) },
            sessionReferenceID: call.options.sessionReferenceID, logs: logs)
        let result = try await commit(write)
        for config in newConfigs { configs.markStored(config, orgID: call.orgID) }
        return result
    }

    /// Waits for the log writer to commit an entry; a writer that cannot is a 503.
    func commit(_ write: GenerationWrite) async throws -> GenerationWriteResult {
        do {
            return try await logWriter.write(write)
        } catch is LogWriter.ClosedError {
            throw GatewayError.unavailable("the server is shutting down")
        } catch {
            logger.error("could not record logs", metadata: ["error": "\(error)"])
            throw GatewayError.unavailable("the log could not be recorded")
        }
    }

    /// A failed provider call is still logged, with its error and no output.
    func recordFailure(_ call: GenerationCall, error: ProviderError, createdAt: Timestamp) async throws {
        guard let group = call.groups.first else { return }
        var log = baseLog(call, group: group, id: ResourceID.make(.log), createdAt: createdAt, provider: error.provider)
        log.error = "\(error.provider.rawValue): \(error.message)"
        _ = try await write(
            GenerationCall(
                orgID: call.orgID, options: call.options, context: call.context, groups: [group],
                completion: call.completion, chat: call.chat), logs: [log])
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let end = lastIndex(where: { !$0.isWhitespace })!
        return String(self[start...end])
    }
}
