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

    /// The conversation the provider is given (chat only).
    var messages: [ChatMessage]? {
        guard case .messages(let messages) = input else { return nil }
        return messages
    }
}

/// Everything one generation needs once the request is validated and resolved.
struct GenerationCall: Sendable {
    var orgID: String
    var request: GenerationRequest
    var context: Gateway.GenerationContext
    var groups: [GenerationGroup]
}

/// A finished generation and the time its provider calls took.
struct GenerationOutcome: Sendable {
    var result: GenerationResult
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
        let result = GenerationResult(
            samples: samples.compactMap { $0 }, createdAt: createdAt, projectID: call.context.project?.id,
            sessionID: written.sessionID ?? call.context.sessionID,
            usage: Usage(
                promptTokens: results.reduce(0) { $0 + $1.result.promptTokens },
                generationTokens: results.reduce(0) { $0 + $1.result.generationTokens }),
            providerRequest: results.first?.result.providerRequest,
            providerResponses: results.flatMap(\.result.providerResponses))
        return GenerationOutcome(result: result, providerDuration: providerDuration)
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
        let sample = GeneratedSample(
            logID: ResourceID.make(call.request.logIDPrefix), index: index, output: choice.text.trimmingWhitespace(),
            rawOutput: choice.text, finishReason: choice.finishReason?.rawValue, toolCalls: choice.toolCalls,
            configID: group.group.config.id, inputs: call.request.returnInputs ? call.request.inputs : [:],
            messages: group.group.messages, promptTokens: group.result.promptTokens,
            outputTokens: choice.generationTokens)
        var log = logBuilder(call, group: group.group, id: sample.logID, createdAt: createdAt, provider: group.provider)
        log.measure(
            finishReason: choice.finishReason?.rawValue, promptTokens: group.result.promptTokens,
            outputTokens: choice.generationTokens, providerLatency: group.duration.seconds, duration: totalSeconds)
        log.payload.output = sample.output
        log.payload.rawOutput = sample.rawOutput
        log.payload.outputMessage = call.request.kind == .chat ? sample.outputMessage : nil
        log.payload.providerRequest = group.result.providerRequest.text
        log.payload.providerResponse = group.result.providerResponses.first?.text
        return (sample, try log.build())
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
        let request = call.request
        let parameters = SamplingParameters(
            maxTokens: maxTokens, temperature: config.temperature, topP: config.topP, stop: config.stop?.sequences,
            presencePenalty: config.presencePenalty, frequencyPenalty: config.frequencyPenalty,
            seed: config.seed ?? request.seed, responseFormat: request.responseFormat ?? config.responseFormat,
            logprobs: request.logprobs, suffix: request.suffix, other: config.other ?? [:])
        let providerRequest = ProviderRequest(
            model: config.model, endpoint: config.endpoint.flatMap(ModelEndpoint.init(rawValue:)), input: group.input,
            parameters: parameters, tools: config.tools ?? [], toolChoice: request.toolChoice,
            numSamples: group.sampleIndexes.count, user: request.user,
            apiKey: providerKeys.key(for: providerName, requestKeys: request.providerAPIKeys))
        if providerName != .mock, providerRequest.apiKey == nil {
            throw GatewayError.unprocessable(
                "No API key for provider '\(providerName.rawValue)': send provider_api_keys.\(providerName.rawValue) or configure the server's key"
            )
        }
        return (provider, providerRequest)
    }

    /// A group's log with what all its samples share: where it belongs, and the request's payload.
    func logBuilder(
        _ call: GenerationCall, group: GenerationGroup, id: String, createdAt: Timestamp, provider: ModelProvider
    ) -> LogRecordBuilder {
        let request = call.request
        var log = LogRecordBuilder(id: id, orgID: call.orgID, save: request.save, createdAt: createdAt)
        log.place(
            projectID: call.context.project?.id, configID: group.config.id, experimentID: group.experimentID,
            sessionID: call.context.sessionID, parentID: call.context.parentID)
        log.attribute(
            source: request.source, user: request.user, sourceDatapointID: request.sourceDatapointID,
            provider: provider.rawValue)
        log.columns.environment = request.environment
        log.join(request.trace)
        log.payload = LogPayload(
            inputs: request.inputs, metadata: request.metadata, messages: group.messages,
            toolChoice: request.toolChoice)
        return log
    }

    /// Hands the logs to the batched writer with the configs and session they need, and waits for the commit.
    func write(_ call: GenerationCall, logs: [LogRecord]) async throws -> GenerationWriteResult {
        let newConfigs = call.groups.map(\.config).filter { !configs.isStored($0.id, orgID: call.orgID) }
        let write = GenerationWrite(
            orgID: call.orgID,
            configs: newConfigs.map { ModelConfigRecord(id: $0.id, body: $0.canonicalJSON) },
            sessionReferenceID: call.request.links.session.referenceID, logs: logs)
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
        var log = logBuilder(
            call, group: group, id: ResourceID.make(call.request.logIDPrefix), createdAt: createdAt,
            provider: error.provider)
        log.measure(
            promptTokens: nil, outputTokens: nil, duration: nil, error: "\(error.provider.rawValue): \(error.message)")
        var failed = call
        failed.groups = [group]
        _ = try await write(failed, logs: [try log.build()])
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
