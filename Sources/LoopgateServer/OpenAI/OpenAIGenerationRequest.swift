import HumanloopAPI
import LoopgateCore

// OpenAI's chat request onto the pipeline and its answer back: the one place the `/v1` wire's fields
// are read and written.

extension GenerationRequest {
    /// The project a `PROVIDER/MODEL` call logs into when the request names none.
    static let openAIDefaultProject = "openai-compatible"

    /// A chat through the pipeline: a provider's model as an inline config made of the request's
    /// settings, or a project's deployment with the caller's messages after its template (and its
    /// variables from `metadata.inputs`). `metadata.save` false keeps the logs' measurements only.
    init(openAI body: OpenAIChatRequest, model: OpenAIModelName, projectHeader: String?) throws {
        switch model {
        case .provider(let provider, let name):
            var config = ModelConfigRequest(model: name)
            config.provider = provider.rawValue
            config.temperature = body.temperature
            config.topP = body.topP
            config.maxTokens = body.maxCompletionTokens ?? body.maxTokens
            config.stop = body.stop
            config.presencePenalty = body.presencePenalty
            config.frequencyPenalty = body.frequencyPenalty
            config.tools = body.tools?.map {
                ToolDefinition(
                    name: $0.function.name, description: $0.function.description, parameters: $0.function.parameters,
                    strict: $0.function.strict)
            }
            self.init(kind: .chat, config: .inline(config))
            let header = projectHeader.flatMap { $0.isEmpty ? nil : $0 } ?? Self.openAIDefaultProject
            project = header.hasPrefix(ResourceID.Prefix.project.rawValue) ? .id(header) : .name(header)
        case .deployment(let reference, let environment):
            self.init(kind: .chat, config: .deployed(environment: environment))
            project = reference
        }
        messages = try body.messages.enumerated().map { index, message in
            try ChatMessage(openAI: message, at: ["body", "messages", .index(index)])
        }
        inputs = body.metadata?["inputs"]?.objectValue ?? [:]
        metadata = body.metadata
        numSamples = body.n ?? 1
        // The pipeline checks this too, but names v4's field.
        guard (1...128).contains(numSamples) else {
            throw GatewayError.invalid(["body", "n"], "n must be between 1 and 128")
        }
        seed = body.seed
        user = body.user
        toolChoice = body.toolChoice
        responseFormat = body.responseFormat
        let save = body.metadata?["save"]
        self.save = !(save == .bool(false) || save == .string("false"))
        source = "openai"
    }
}

extension ChatMessage {
    /// OpenAI's roles onto Loopgate's: `developer` is what newer models call `system`.
    init(openAI message: OpenAIMessage, at location: [LocationComponent]) throws {
        let role: ChatRole
        switch message.role {
        case "developer": role = .system
        default:
            guard let known = ChatRole(rawValue: message.role) else {
                throw GatewayError.invalid(
                    location + ["role"], "role must be one of system, developer, user, assistant, tool")
            }
            role = known
        }
        self.init(
            role: role, content: message.content, name: message.name, toolCallID: message.toolCallID,
            toolCalls: message.toolCalls)
    }
}

extension OpenAIChatCompletion {
    init(openAI result: GenerationResult, model: String) {
        let choices = result.samples.map { sample in
            let calls = sample.toolCalls.map { OpenAIToolCall(openAI: $0) }
            return Choice(
                index: sample.index,
                message: OpenAIAssistantMessage(
                    content: calls.isEmpty || !sample.rawOutput.isEmpty ? sample.rawOutput : nil,
                    toolCalls: calls.isEmpty ? nil : calls),
                finishReason: OpenAIFinishReason.of(sample.finishReason, hasToolCalls: !calls.isEmpty))
        }
        self.init(
            id: result.samples.first?.logID ?? "", created: result.createdAt.microsecondsSinceEpoch / 1_000_000,
            model: model, choices: choices,
            usage: OpenAIUsage(
                promptTokens: result.usage.promptTokens, completionTokens: result.usage.generationTokens))
    }
}

extension OpenAIToolCall {
    init(openAI call: ToolCall, index: Int? = nil) {
        let arguments: String =
            switch call.function.arguments {
            case .string(let text)?: text
            case let value?: value.serialized()
            case nil: "{}"
            }
        self.init(index: index, id: call.id, name: call.function.name, arguments: arguments)
    }
}

/// OpenAI's `finish_reason`: `stop`, `length`, `tool_calls` or `content_filter`.
enum OpenAIFinishReason {
    static func of(_ reason: String?, hasToolCalls: Bool) -> String {
        if hasToolCalls { return "tool_calls" }
        switch reason {
        case "length", "max_tokens", "MAX_TOKENS", "length_limit": return "length"
        case "tool_calls", "tool_use", "function_call": return "tool_calls"
        case "content_filter", "SAFETY": return "content_filter"
        default: return "stop"
        }
    }
}
