import HumanloopAPI
import LoopgateCore

// `prompts.log` onto the core's log entries: the one place a v5 prompt log's fields are read.

extension LogEntry {
    /// A log of a resolved prompt's version, stored as given (nothing generated, no template check).
    init(v5 body: PromptLogRequest, prompt: ResolvedPrompt) {
        self.init()
        project = .id(prompt.fileID)
        config = .stored(id: prompt.version.id)
        environment = body.environment ?? prompt.environment
        source = body.source
        user = body.user
        sourceDatapointID = body.sourceDatapointID
        save = body.save ?? true
        createdAt = body.createdAt ?? body.startTime
        error = body.error
        duration = Timestamp.seconds(from: body.startTime, to: body.endTime)
        providerLatency = body.providerLatency
        promptTokens = body.promptTokens
        outputTokens = body.outputTokens
        finishReason = body.finishReason
        inputs = body.inputs
        metadata = body.metadata
        messages = body.messages
        output = body.output
        outputMessage = body.outputMessage
        toolChoice = body.toolChoice
        providerRequest = body.providerRequest
        providerResponse = body.providerResponse
        logStatus = body.logStatus
        idPrefix = .v5Log
    }
}

extension LogUpdate {
    init(v5 body: PromptLogUpdateRequest) {
        self.init()
        output = body.output
        outputMessage = body.outputMessage
        messages = body.messages
        toolChoice = body.toolChoice
        inputs = body.inputs
        metadata = body.metadata
        providerRequest = body.providerRequest
        providerResponse = body.providerResponse
        source = body.source
        error = body.error
        finishReason = body.finishReason
        promptTokens = body.promptTokens
        outputTokens = body.outputTokens
        providerLatency = body.providerLatency
        duration = Timestamp.seconds(from: body.startTime, to: body.endTime)
    }
}

extension Timestamp {
    /// The seconds from `start` to `end`, when a v5 log gives both (its duration).
    static func seconds(from start: Timestamp?, to end: Timestamp?) -> Double? {
        guard let start, let end else { return nil }
        return Double(end.microsecondsSinceEpoch - start.microsecondsSinceEpoch) / 1_000_000
    }
}
