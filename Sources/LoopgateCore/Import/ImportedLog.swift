import HumanloopAPI
import Storage

/// One log of an export, read and resolved by `loopgate import` (its file and version are ids of this
/// database by now): what it becomes is built here, beside every other log's (`LogRecordBuilder`).
public struct ImportedLog: Sendable {
    /// Where it belongs: a Prompt's log names its project and config, any other log its file and version.
    public enum Owner: Sendable, Hashable {
        case prompt(projectID: String, configID: String?)
        case file(fileID: String, versionID: String?)
    }

    public var id: String
    public var owner: Owner
    public var createdAt: Timestamp
    public var duration: Double?

    // What the call said and answered, as the export has it (JSON values are stored as they are).
    public var inputs: JSONValue?
    public var metadata: JSONValue?
    public var messages: JSONValue?
    public var output: String?
    public var outputMessage: JSONValue?
    public var toolChoice: JSONValue?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    public var finishReason: String?
    public var error: String?

    public var promptTokens: Int?
    public var outputTokens: Int?
    public var providerLatency: Double?
    public var source: String?
    public var user: String?
    public var environment: String?
    public var sourceDatapointID: String?

    // Its place among other logs.
    /// The log an evaluator log judges.
    public var parentID: String?
    public var traceParentID: String?
    public var traceID: String?
    public var runID: String?
    public var logStatus: String?
    public var judgment: JSONValue?
    public var markedCompleted: Bool?

    public init(id: String, owner: Owner, createdAt: Timestamp) {
        self.id = id
        self.owner = owner
        self.createdAt = createdAt
    }

    /// The row to store.
    public func record(orgID: String) -> LogRecord {
        var log = LogRecordBuilder(id: id, orgID: orgID, save: true, createdAt: createdAt)
        switch owner {
        case .prompt(let projectID, let configID):
            log.place(projectID: projectID, configID: configID, experimentID: nil, sessionID: nil, parentID: parentID)
        case .file(let fileID, let versionID):
            log.place(projectID: nil, configID: nil, experimentID: nil, sessionID: nil, parentID: parentID)
            log.columns.fileID = fileID
            log.columns.versionID = versionID
            log.columns.logStatus = logStatus ?? "complete"
        }
        log.attribute(source: source, user: user, sourceDatapointID: sourceDatapointID, provider: nil)
        log.measure(
            finishReason: finishReason, promptTokens: promptTokens, outputTokens: outputTokens,
            providerLatency: providerLatency, duration: duration, error: error)
        log.join(LogTrace(parentID: traceParentID, traceID: traceID, runID: runID))
        log.columns.environment = environment
        log.columns.markedCompleted = markedCompleted
        if let judgment, judgment != .null { log.columns.judgment = judgment.serialized() }
        var record = log.columns
        // Stored as the export has them: JSON columns hold JSON text as it will be served back.
        record.inputs = inputs?.serializedUnlessNull
        record.metadata = metadata?.serializedUnlessNull
        record.messages = messages?.serializedUnlessNull
        record.output = output
        record.rawOutput = output
        record.outputMessage = outputMessage?.serializedUnlessNull
        record.toolChoice = toolChoice?.serializedUnlessNull
        record.providerRequest = providerRequest?.serializedUnlessNull
        record.providerResponse = providerResponse?.serializedUnlessNull
        return record
    }

    /// The v4 feedback a judgment of this (evaluator) log is on its Prompt log, by the evaluator at `path`;
    /// its id is derived from this log's, so importing it again writes nothing new.
    public func feedback(byEvaluatorAt path: String, orgID: String) -> FeedbackRecord? {
        guard let parentID, let judgment, judgment != .null else { return nil }
        let (type, value) = FileLogService.feedback(judgment: judgment, byEvaluatorAt: path)
        return FeedbackRecord(
            id: ContentID.make(.feedback, of: "judgment\n" + id), orgID: orgID, logID: parentID, type: type,
            value: value.serialized(), user: user, createdAt: createdAt)
    }
}

extension JSONValue {
    fileprivate var serializedUnlessNull: String? { self == .null ? nil : serialized() }
}
