import HumanloopAPI
import LoopgateCore

// `prompts.call` onto the pipeline and back: the one place a v5 call's fields are read and its answer built.

extension GenerationRequest {
    /// A call of a resolved prompt: a string template is a completion (the request's messages unused), a
    /// list or none a chat; the logs are `log_` ones and record the body's environment, else the one the
    /// version came from.
    init(v5 body: PromptCallRequest, prompt: ResolvedPrompt) {
        self.init(kind: prompt.kind, config: .stored(id: prompt.version.id))
        project = .id(prompt.fileID)
        inputs = body.inputs ?? [:]
        if kind == .chat { messages = body.messages ?? [] }
        numSamples = body.numSamples ?? 1
        save = body.save ?? true
        returnInputs = body.returnInputs ?? true
        source = body.source
        user = body.user
        metadata = body.metadata
        sourceDatapointID = body.sourceDatapointID
        providerAPIKeys = body.providerAPIKeys
        logprobs = body.logprobs
        suffix = body.suffix
        toolChoice = body.toolChoice
        environment = body.environment ?? prompt.environment
        logIDPrefix = .v5Log
    }
}

extension PromptCallResponse {
    init(
        v5 result: GenerationResult, prompt: Prompt, encodedPrompt: RawJSON, kind: GenerationKind,
        for body: PromptCallRequest
    ) {
        let logs = result.samples.map { sample in
            PromptCallLogResponse(
                id: sample.logID, index: sample.index, output: sample.rawOutput, outputMessage: sample.outputMessage,
                promptTokens: sample.promptTokens, outputTokens: sample.outputTokens, finishReason: sample.finishReason,
                createdAt: result.createdAt)
        }
        self.init(id: logs.first?.id ?? "", prompt: encodedPrompt, logs: logs)
        messages = kind == .chat ? result.samples.first?.messages : nil
        toolChoice = body.toolChoice
        inputs = (body.returnInputs ?? true) ? (body.inputs ?? [:]) : [:]
        source = body.source
        metadata = body.metadata
        sourceDatapointID = body.sourceDatapointID
        user = body.user
        environment = body.environment ?? prompt.environments.first?.name
        save = body.save ?? true
    }
}

extension PromptCallStreamResponse {
    /// One event: a piece of a sample's text, or (with `finish_reason`) its end with its token counts and
    /// whole message.
    init(v5 parts: StreamChunkParts, prompt: ResolvedPrompt) {
        self.init(
            id: parts.logID, index: parts.index, promptID: prompt.fileID, versionID: prompt.versionID,
            output: parts.delta)
        guard let finishReason = parts.finishReason else { return }
        self.finishReason = finishReason
        promptTokens = parts.promptTokens
        outputTokens = parts.outputTokens
        let toolCalls = parts.toolCalls.isEmpty ? nil : parts.toolCalls
        outputMessage = ChatMessage(
            role: .assistant, content: .text(parts.output ?? ""), toolCalls: toolCalls)
    }
}
