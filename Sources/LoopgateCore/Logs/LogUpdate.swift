import HumanloopAPI
import Storage

/// New values for a log recorded earlier (v5 `update_log`): every field given replaces the stored one.
/// The payload fields are kept only on a saved log, as when it was written.
public struct LogUpdate: Sendable {
    public var output: String?
    public var outputMessage: ChatMessage?
    public var messages: [ChatMessage]?
    public var toolChoice: JSONValue?
    public var inputs: JSONObject?
    public var metadata: JSONObject?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    public var source: String?
    public var error: String?
    public var finishReason: String?
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var providerLatency: Double?
    public var duration: Double?

    public init() {}

    /// The columns to change on a log that is (or is not) saved.
    func changes(saved: Bool) throws -> LogChanges {
        var changes =
            saved
            ? try LogPayload(
                inputs: inputs, metadata: metadata, messages: messages, output: output, rawOutput: output,
                outputMessage: outputMessage, toolChoice: toolChoice, providerRequest: providerRequest?.serialized(),
                providerResponse: providerResponse?.serialized()
            ).stored() : LogChanges()
        changes.source = source
        changes.error = error
        changes.finishReason = finishReason
        changes.promptTokens = promptTokens
        changes.outputTokens = outputTokens
        changes.providerLatency = providerLatency
        changes.duration = duration
        return changes
    }
}
