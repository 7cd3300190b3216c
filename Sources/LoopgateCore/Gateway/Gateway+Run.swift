import HumanloopAPI
import Providers
import Storage

/// Everything one generation needs once the request is validated and resolved.
struct GenerationCall: Sendable {
    var orgID: String
    var options: GenerationOptions
    var context: Gateway.GenerationContext
    var config: IdentifiedConfig
    var input: ProviderInput
    var completion: CompletionOptions
    /// The chat controls; `nil` for completions.
    var chat: ChatOptions?
}

/// One finished sample, in the pieces both response shapes are built from.
struct GeneratedSample: Sendable {
    var data: DataResponse
    var choice: ProviderChoice
    var outputMessage: ChatMessage
}

/// A finished generation, before it takes the shape of its endpoint's response.
struct GenerationOutcome: Sendable {
    var samples: [GeneratedSample]
    var fields: GenerationResponseFields
    var providerDuration: Duration
}

extension Gateway {
    /// Calls the provider, records the logs (waiting for their commit) and assembles the samples.
    func run(_ call: GenerationCall) async throws -> GenerationOutcome {
        let started = ContinuousClock.now
        let createdAt = Clock.now()
        // validatedConfig has already checked that the provider is known and has an adapter.
        let providerName = ModelProvider(rawValue: call.config.config.provider ?? "") ?? .openai
        guard let provider = providers.provider(for: providerName) else {
            throw GatewayError.invalid(["body", "model_config", "provider"], "provider is not supported")
        }
        let request = providerRequest(for: call, provider: providerName)
        if providerName != .mock, request.apiKey == nil {
            throw GatewayError.unprocessable(
                "No API key for provider '\(providerName.rawValue)': send provider_api_keys.\(providerName.rawValue) or configure the server's key"
            )
        }

        let providerStarted = ContinuousClock.now
        let result: ProviderResult
        do {
            result = try await provider.generate(request)
        } catch let error as ProviderError {
            let duration = ContinuousClock.now - providerStarted
            try await recordFailure(call, error: error, createdAt: createdAt, providerDuration: duration)
            throw GatewayError.provider(error)
        }
        let providerDuration = ContinuousClock.now - providerStarted
        let totalSeconds = (ContinuousClock.now - started).seconds

        let returnInputs = call.options.returnInputs ?? true
        let inputs = call.options.inputs ?? [:]
        var samples: [GeneratedSample] = []
        var logs: [LogRecord] = []
        for (index, choice) in result.choices.enumerated() {
            let id = ResourceID.make(.log)
            let output = choice.text.trimmingWhitespace()
            let outputMessage = ChatMessage(
                role: .assistant, content: .text(output), toolCalls: choice.toolCalls.isEmpty ? nil : choice.toolCalls)
            let data = DataResponse(
                id: id, index: index, output: output, rawOutput: choice.text, inputs: returnInputs ? inputs : [:],
                modelConfigID: call.config.id, finishReason: choice.finishReason?.rawValue)
            samples.append(GeneratedSample(data: data, choice: choice, outputMessage: outputMessage))
            var log = baseLog(call, id: id, createdAt: createdAt, provider: providerName)
            log.finishReason = choice.finishReason?.rawValue
            log.promptTokens = result.promptTokens
            log.outputTokens = choice.generationTokens
            log.providerLatency = providerDuration.seconds
            log.duration = totalSeconds
            if log.saved {
                log.output = output
                log.rawOutput = choice.text
                log.outputMessage = call.chat == nil ? nil : try? Coding.text(outputMessage)
                log.providerRequest = result.providerRequest.serialized()
                log.providerResponse = result.providerResponses.first?.serialized()
            }
            logs.append(log)
        }
        let written = try await write(call, logs: logs)
        let fields = GenerationResponseFields(
            providerResponses: result.providerResponses, projectID: call.context.project?.id,
            numSamples: call.options.numSamples ?? 1, logprobs: call.completion.logprobs,
            suffix: call.completion.suffix,
            user: call.options.user,
            usage: Usage(promptTokens: result.promptTokens, generationTokens: result.generationTokens),
            metadata: call.options.metadata, providerRequest: result.providerRequest,
            sessionID: written.sessionID ?? call.context.sessionID)
        return GenerationOutcome(samples: samples, fields: fields, providerDuration: providerDuration)
    }

    /// The provider-neutral request: parameters from the config, controls from the request, the key.
    func providerRequest(for call: GenerationCall, provider: ModelProvider) -> ProviderRequest {
        let config = call.config.config
        let maxTokens = config.maxTokens.flatMap { $0 < 0 ? nil : $0 }
        let parameters = SamplingParameters(
            maxTokens: maxTokens, temperature: config.temperature, topP: config.topP, stop: config.stop?.sequences,
            presencePenalty: config.presencePenalty, frequencyPenalty: config.frequencyPenalty,
            seed: config.seed ?? call.options.seed,
            responseFormat: call.chat?.responseFormat ?? config.responseFormat,
            logprobs: call.completion.logprobs, suffix: call.completion.suffix, other: config.other ?? [:])
        return ProviderRequest(
            model: config.model, endpoint: config.endpoint.flatMap(ModelEndpoint.init(rawValue:)), input: call.input,
            parameters: parameters, tools: config.tools ?? [],
            toolChoice: call.chat.flatMap { $0.toolChoice ?? Self.toolChoice(fromLegacy: $0.toolCall) },
            numSamples: call.options.numSamples ?? 1, user: call.options.user,
            apiKey: providerKeys.key(for: provider, requestKeys: call.options.providerAPIKeys))
    }

    /// Maps the 0.5 `tool_call` control onto the 0.7 `tool_choice` (`{"name": X}` → function choice).
    static func toolChoice(fromLegacy toolCall: JSONValue?) -> JSONValue? {
        guard let toolCall else { return nil }
        if let name = toolCall["name"]?.stringValue {
            return .object(["type": "function", "function": .object(["name": .string(name)])])
        }
        return toolCall
    }

    /// The columns every log of the call shares; payload columns only when the call saves them.
    func baseLog(_ call: GenerationCall, id: String, createdAt: Timestamp, provider: ModelProvider) -> LogRecord {
        var log = LogRecord(id: id, orgID: call.orgID, saved: call.options.save ?? true, createdAt: createdAt)
        log.projectID = call.context.project?.id
        log.configID = call.config.id
        log.sessionID = call.context.sessionID
        log.parentID = call.context.parentID
        log.source = call.options.source
        log.endUser = call.options.user
        log.sourceDatapointID = call.options.sourceDatapointID
        log.provider = provider.rawValue
        if log.saved {
            log.inputs = JSONValue.object(call.options.inputs ?? [:]).serialized()
            log.metadata = call.options.metadata.map { JSONValue.object($0).serialized() }
            if case .messages(let messages) = call.input {
                log.messages = try? Coding.text(messages)
            }
            log.toolChoice = call.chat?.toolChoice?.serialized()
        }
        return log
    }

    /// Hands the logs to the batched writer with the config and session they need, and waits for the commit.
    func write(_ call: GenerationCall, logs: [LogRecord]) async throws -> GenerationWriteResult {
        let alreadyStored = configs.isStored(call.config.id, orgID: call.orgID)
        let write = GenerationWrite(
            orgID: call.orgID,
            config: alreadyStored ? nil : ModelConfigRecord(id: call.config.id, body: call.config.canonicalJSON),
            sessionReferenceID: call.options.sessionReferenceID, logs: logs)
        let result: GenerationWriteResult
        do {
            result = try await logWriter.write(write)
        } catch is LogWriter.ClosedError {
            throw GatewayError.unavailable("the server is shutting down")
        } catch {
            logger.error("could not record a generation", metadata: ["error": "\(error)"])
            throw GatewayError.unavailable("the log could not be recorded")
        }
        if !alreadyStored { configs.markStored(call.config, orgID: call.orgID) }
        return result
    }

    /// A failed provider call is still logged, with its error and no output.
    func recordFailure(_ call: GenerationCall, error: ProviderError, createdAt: Timestamp, providerDuration: Duration)
        async throws
    {
        var log = baseLog(call, id: ResourceID.make(.log), createdAt: createdAt, provider: error.provider)
        log.error = "\(error.provider.rawValue): \(error.message)"
        log.providerLatency = providerDuration.seconds
        _ = try await write(call, logs: [log])
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
