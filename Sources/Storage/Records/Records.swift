import HumanloopAPI

/// An organisation: the owner of every other row.
public struct OrganizationRecord: Sendable, Hashable {
    public var id: String
    public var name: String
    public var teamID: String
    public var createdAt: Timestamp
}

/// A project row, with the number of logs recorded in it when the query counted them.
public struct ProjectRecord: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var name: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var dataCount: Int

    public init(id: String, orgID: String, name: String, createdAt: Timestamp, updatedAt: Timestamp, dataCount: Int = 0)
    {
        self.id = id
        self.orgID = orgID
        self.name = name
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.dataCount = dataCount
    }
}

/// A stored model config: its content id and the canonical JSON it was hashed from.
public struct ModelConfigRecord: Sendable, Hashable {
    public var id: String
    public var body: String

    public init(id: String, body: String) {
        self.id = id
        self.body = body
    }
}

/// One log row. JSON columns hold JSON text as it will be served back; with `saved == false`
/// (`save: false`) the payload columns stay `nil`.
public struct LogRecord: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var projectID: String?
    public var configID: String?
    public var sessionID: String?
    public var parentID: String?
    public var referenceID: String?
    public var trialID: String?
    public var experimentID: String?
    public var environment: String?
    public var source: String?
    public var endUser: String?
    public var sourceDatapointID: String?
    public var saved: Bool
    public var inputs: String?
    public var metadata: String?
    public var messages: String?
    public var output: String?
    public var rawOutput: String?
    public var finishReason: String?
    public var outputMessage: String?
    public var toolChoice: String?
    public var provider: String?
    public var providerRequest: String?
    public var providerResponse: String?
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var providerLatency: Double?
    public var duration: Double?
    public var error: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    // v5's: a Tool, Flow or Evaluator log names its file and version here (a Prompt log names its
    // project and config above); any log may sit in a trace and join an evaluation run.
    public var fileID: String?
    public var versionID: String?
    /// The Flow log this log is a child of, and the trace's root Flow log.
    public var traceParentID: String?
    public var traceID: String?
    public var runID: String?
    /// `complete` or `incomplete` (a Flow log open for children); `nil` reads as complete.
    public var logStatus: String?
    /// An evaluator log's judgment, as JSON text (its judged log is `parentID`).
    public var judgment: String?
    public var markedCompleted: Bool?

    public init(id: String, orgID: String, saved: Bool, createdAt: Timestamp) {
        self.id = id
        self.orgID = orgID
        self.saved = saved
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}

/// Everything one generation writes, applied in the log writer's batch transaction
/// (CONTRACT.md, "What a generation writes").
public struct GenerationWrite: Sendable {
    public var orgID: String
    /// Configs to store if the organisation does not have them yet.
    public var configs: [ModelConfigRecord]
    /// A session to find or create by its caller-side reference; the logs join it.
    public var sessionReferenceID: String?
    public var logs: [LogRecord]

    public init(orgID: String, configs: [ModelConfigRecord] = [], sessionReferenceID: String?, logs: [LogRecord]) {
        self.orgID = orgID
        self.configs = configs
        self.sessionReferenceID = sessionReferenceID
        self.logs = logs
    }
}

/// What the batch decided for one generation.
public struct GenerationWriteResult: Sendable, Hashable {
    /// The session the logs joined, when the write named one by reference.
    public var sessionID: String?

    public init(sessionID: String?) {
        self.sessionID = sessionID
    }
}

/// New values for some of a log's columns; `nil` leaves a column as it is. JSON columns take JSON text.
public struct LogChanges: Sendable, Hashable {
    public var output: String?
    public var rawOutput: String?
    public var outputMessage: String?
    public var messages: String?
    public var inputs: String?
    public var metadata: String?
    public var toolChoice: String?
    public var providerRequest: String?
    public var providerResponse: String?
    public var finishReason: String?
    public var error: String?
    public var source: String?
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var providerLatency: Double?
    public var duration: Double?
    public var logStatus: String?
    public var runID: String?
    public var sourceDatapointID: String?

    public init() {}

    /// The text columns that change, by column name.
    var texts: [(column: String, value: String)] {
        [
            ("output", output), ("raw_output", rawOutput), ("output_message", outputMessage), ("messages", messages),
            ("inputs", inputs), ("metadata", metadata), ("tool_choice", toolChoice),
            ("provider_request", providerRequest), ("provider_response", providerResponse),
            ("finish_reason", finishReason), ("error", error), ("source", source),
            ("log_status", logStatus), ("run_id", runID), ("source_datapoint_id", sourceDatapointID),
        ].compactMap { column, value in value.map { (column, $0) } }
    }

    /// The log with these changes made.
    public func applied(to log: LogRecord) -> LogRecord {
        var log = log
        if let output { log.output = output }
        if let rawOutput { log.rawOutput = rawOutput }
        if let outputMessage { log.outputMessage = outputMessage }
        if let messages { log.messages = messages }
        if let inputs { log.inputs = inputs }
        if let metadata { log.metadata = metadata }
        if let toolChoice { log.toolChoice = toolChoice }
        if let providerRequest { log.providerRequest = providerRequest }
        if let providerResponse { log.providerResponse = providerResponse }
        if let finishReason { log.finishReason = finishReason }
        if let error { log.error = error }
        if let source { log.source = source }
        if let promptTokens { log.promptTokens = promptTokens }
        if let outputTokens { log.outputTokens = outputTokens }
        if let providerLatency { log.providerLatency = providerLatency }
        if let duration { log.duration = duration }
        if let logStatus { log.logStatus = logStatus }
        if let runID { log.runID = runID }
        if let sourceDatapointID { log.sourceDatapointID = sourceDatapointID }
        return log
    }
}
