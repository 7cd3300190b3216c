import HumanloopAPI
import LoopgateCore

extension PromptLogResponse {
    /// A prompt's log as v5 reads it; `traceChildren` is set when the request asked for them.
    init(v5 log: PromptLog, includeTraceChildren: Bool) {
        let stored = log.log
        self.init(
            id: stored.id, prompt: PromptResponse(v5: log.prompt), save: stored.saved, createdAt: stored.createdAt)
        output = stored.output
        outputMessage = stored.outputMessage
        messages = stored.messages
        toolChoice = stored.toolChoice
        inputs = stored.inputs
        metadata = stored.metadata
        source = stored.source
        user = stored.user
        environment = stored.environment
        sourceDatapointID = stored.sourceDatapointID
        promptTokens = stored.promptTokens
        outputTokens = stored.outputTokens
        finishReason = stored.finishReason
        providerLatency = stored.providerLatency
        providerRequest = stored.providerRequest
        providerResponse = stored.providerResponse
        error = stored.error
        // Flows are not served yet, so no log has trace children.
        traceChildren = includeTraceChildren ? [] : nil
    }
}
