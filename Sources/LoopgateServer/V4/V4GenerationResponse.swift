import HumanloopAPI
import LoopgateCore

// The pipeline's results as v4 answers, whole and streamed: the one place a v4 response is built.

extension CompletionResponse {
    /// The answer of the four completion endpoints.
    init<Config: ConfigSelection>(v4 result: GenerationResult, for body: CompletionBody<Config>) {
        self.init(
            data: result.samples.map(DataResponse.init(v4:)),
            fields: GenerationResponseFields(v4: result, options: body.options, completion: body.completion))
    }

    /// One chunk of a streamed completion.
    init<Config: ConfigSelection>(v4 parts: StreamChunkParts, for body: CompletionBody<Config>) {
        self.init(
            data: [DataResponse(v4: parts)],
            fields: GenerationResponseFields(v4: parts, options: body.options, completion: body.completion))
    }
}

extension ChatResponse {
    /// The answer of the four chat endpoints; it repeats the request's tool controls.
    init<Config: ConfigSelection>(v4 result: GenerationResult, for body: ChatBody<Config>) {
        let data = result.samples.map { sample in
            ChatDataResponse(
                sample: DataResponse(v4: sample), messages: sample.messages,
                toolCall: sample.toolCalls.first.map(\.function),
                toolCalls: sample.toolCalls.isEmpty ? nil : sample.toolCalls, outputMessage: sample.outputMessage)
        }
        self.init(
            data: data, fields: GenerationResponseFields(v4: result, options: body.options, completion: .init()),
            toolCall: body.chat.toolCall, toolChoice: body.chat.toolChoice)
    }

    /// One chunk of a streamed chat: the delta as the output message.
    init<Config: ConfigSelection>(v4 parts: StreamChunkParts, for body: ChatBody<Config>) {
        let toolCalls = parts.toolCalls.isEmpty ? nil : parts.toolCalls
        let sample = ChatDataResponse(
            sample: DataResponse(v4: parts), messages: nil, toolCall: toolCalls?.first?.function, toolCalls: toolCalls,
            outputMessage: ChatMessage(role: .assistant, content: .text(parts.delta), toolCalls: toolCalls))
        self.init(
            data: [sample], fields: GenerationResponseFields(v4: parts, options: body.options, completion: .init()),
            toolCall: nil, toolChoice: nil)
    }
}

extension DataResponse {
    init(v4 sample: GeneratedSample) {
        self.init(
            id: sample.logID, index: sample.index, output: sample.output, rawOutput: sample.rawOutput,
            inputs: sample.inputs, modelConfigID: sample.configID, finishReason: sample.finishReason)
    }

    /// A chunk's sample: the delta as both `output` and `raw_output` (never trimmed: clients concatenate
    /// them).
    init(v4 parts: StreamChunkParts) {
        self.init(
            id: parts.logID, index: parts.index, output: parts.delta, rawOutput: parts.delta, inputs: [:],
            modelConfigID: parts.configID, finishReason: parts.finishReason, toolResults: nil)
    }
}

extension GenerationResponseFields {
    /// A whole answer's fields: the result's, and the request's own repeated.
    init(v4 result: GenerationResult, options: GenerationOptions, completion: CompletionOptions) {
        self.init(
            providerResponses: result.providerResponses, projectID: result.projectID,
            numSamples: options.numSamples ?? 1, logprobs: completion.logprobs, suffix: completion.suffix,
            user: options.user, usage: result.usage, metadata: options.metadata,
            providerRequest: result.providerRequest, sessionID: result.sessionID)
    }

    /// A chunk's fields: no provider payloads; usage and metadata only in the last chunk.
    init(v4 parts: StreamChunkParts, options: GenerationOptions, completion: CompletionOptions) {
        self.init(
            providerResponses: [], projectID: parts.projectID, numSamples: options.numSamples ?? 1,
            logprobs: completion.logprobs, suffix: completion.suffix, user: options.user, usage: parts.usage,
            metadata: parts.isLast ? options.metadata : nil, providerRequest: nil, sessionID: parts.sessionID)
    }
}
