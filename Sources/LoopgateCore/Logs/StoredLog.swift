import HumanloopAPI
import Storage

/// A stored log as every API version reads it: its JSON columns decoded.
public struct StoredLog: Sendable {
    public var id: String
    public var projectID: String?
    public var configID: String?
    public var sessionID: String?
    public var parentID: String?
    public var referenceID: String?
    public var environment: String?
    public var source: String?
    public var user: String?
    public var sourceDatapointID: String?
    public var saved: Bool
    public var inputs: JSONObject?
    public var metadata: JSONObject?
    public var messages: [ChatMessage]?
    public var output: String?
    public var rawOutput: String?
    public var outputMessage: ChatMessage?
    public var toolChoice: JSONValue?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    public var finishReason: String?
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var providerLatency: Double?
    public var duration: Double?
    public var error: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    // v5's (see `LogRecord`).
    public var fileID: String?
    public var versionID: String?
    public var traceParentID: String?
    public var traceID: String?
    public var runID: String?
    /// `complete` unless stored as `incomplete`.
    public var logStatus: String
    public var judgment: JSONValue?
    public var markedCompleted: Bool?

    init(_ record: LogRecord) {
        id = record.id
        projectID = record.projectID
        configID = record.configID
        sessionID = record.sessionID
        parentID = record.parentID
        referenceID = record.referenceID
        environment = record.environment
        source = record.source
        user = record.endUser
        sourceDatapointID = record.sourceDatapointID
        saved = record.saved
        inputs = Coding.decodeIfPresent(JSONObject.self, fromText: record.inputs)
        metadata = Coding.decodeIfPresent(JSONObject.self, fromText: record.metadata)
        messages = Coding.decodeIfPresent([ChatMessage].self, fromText: record.messages)
        output = record.output
        rawOutput = record.rawOutput
        outputMessage = Coding.decodeIfPresent(ChatMessage.self, fromText: record.outputMessage)
        toolChoice = Coding.decodeIfPresent(JSONValue.self, fromText: record.toolChoice)
        providerRequest = Coding.decodeIfPresent(JSONValue.self, fromText: record.providerRequest)
        providerResponse = Coding.decodeIfPresent(JSONValue.self, fromText: record.providerResponse)
        finishReason = record.finishReason
        promptTokens = record.promptTokens
        outputTokens = record.outputTokens
        providerLatency = record.providerLatency
        duration = record.duration
        error = record.error
        createdAt = record.createdAt
        updatedAt = record.updatedAt
        fileID = record.fileID
        versionID = record.versionID
        traceParentID = record.traceParentID
        traceID = record.traceID
        runID = record.runID
        logStatus = record.logStatus ?? "complete"
        judgment = Coding.decodeIfPresent(JSONValue.self, fromText: record.judgment)
        markedCompleted = record.markedCompleted
    }
}
