import HumanloopAPI
import Storage

/// The one place a log record is made, for every way a log is written: a generation's samples (JSON and
/// streamed), a failed provider call, and `POST /logs`.
///
/// `columns` holds what every log keeps: where it belongs, who it was for and what it measured.
/// `payload` is what the call said and answered; it is stored only when the log is saved, so a call made
/// with `save: false` leaves its measurements and none of its content.
struct LogRecordBuilder: Sendable {
    var columns: LogRecord
    var payload = LogPayload()

    init(id: String, orgID: String, save: Bool, createdAt: Timestamp) {
        columns = LogRecord(id: id, orgID: orgID, saved: save, createdAt: createdAt)
    }

    /// Where the log belongs.
    mutating func place(
        projectID: String?, configID: String?, experimentID: String?, sessionID: String?, parentID: String?
    ) {
        columns.projectID = projectID
        columns.configID = configID
        columns.experimentID = experimentID
        columns.sessionID = sessionID
        columns.parentID = parentID
    }

    /// Who and what the call was for, and the provider that served it.
    mutating func attribute(source: String?, user: String?, sourceDatapointID: String?, provider: String?) {
        columns.source = source
        columns.endUser = user
        columns.sourceDatapointID = sourceDatapointID
        columns.provider = provider
    }

    /// What the call measured; `error` when it failed.
    mutating func measure(
        finishReason: String? = nil, promptTokens: Int?, outputTokens: Int?, providerLatency: Double? = nil,
        duration: Double?, error: String? = nil
    ) {
        columns.finishReason = finishReason
        columns.promptTokens = promptTokens
        columns.outputTokens = outputTokens
        columns.providerLatency = providerLatency
        columns.duration = duration
        columns.error = error
    }

    /// The record to store: the columns, with the payload in its stored (JSON text) form when saved.
    func build() throws -> LogRecord {
        guard columns.saved else { return columns }
        return try payload.stored().applied(to: columns)
    }
}

/// What a log keeps of its call only when saved.
struct LogPayload: Sendable {
    /// The payload in its stored form (JSON text in the JSON columns): what a new log is written with,
    /// and what an update writes over a stored one.
    func stored() throws -> LogChanges {
        var changes = LogChanges()
        changes.inputs = inputs.map { JSONValue.object($0).serialized() }
        changes.metadata = metadata.map { JSONValue.object($0).serialized() }
        changes.messages = try messages.map(Coding.text)
        changes.output = output
        changes.rawOutput = rawOutput
        changes.outputMessage = try outputMessage.map(Coding.text)
        changes.toolChoice = toolChoice?.serialized()
        changes.providerRequest = providerRequest
        changes.providerResponse = providerResponse
        return changes
    }

    var inputs: JSONObject?
    var metadata: JSONObject?
    /// The conversation the provider saw.
    var messages: [ChatMessage]?
    var output: String?
    var rawOutput: String?
    var outputMessage: ChatMessage?
    var toolChoice: JSONValue?
    /// The provider's request and response bodies, as JSON text.
    var providerRequest: String?
    var providerResponse: String?
}
