import HumanloopAPI

/// A log recorded from elsewhere (no generation), whatever API it came in by: v4's `POST /logs`, v5's
/// `prompts.log`. Each wire version maps its body onto this in one place.
public struct LogEntry: Sendable {
    /// Which config the logged generation used.
    public enum Config: Sendable, Hashable {
        /// Given whole: stored by content when new.
        case inline(ModelConfigRequest)
        case stored(id: String)
        /// An experiment's trial, `<experiment id>:<config id>`.
        case trial(id: String)
    }

    public var project: ProjectReference?
    public var config: Config?
    public var links = LogLinkReferences()
    /// v5: its trace and evaluation run, already checked.
    public var trace = LogTrace()
    /// v5: `incomplete` for a log still being made (`complete` when absent).
    public var logStatus: String?
    /// The caller's own id for the log, unique in the organisation.
    public var referenceID: String?
    public var environment: String?
    public var source: String?
    public var user: String?
    public var sourceDatapointID: String?
    public var save = true
    /// When the logged generation happened (now when absent).
    public var createdAt: Timestamp?
    public var error: String?
    public var duration: Double?
    public var providerLatency: Double?
    public var promptTokens: Int?
    public var outputTokens: Int?
    public var finishReason: String?
    public var inputs: JSONObject?
    public var metadata: JSONObject?
    public var messages: [ChatMessage]?
    public var output: String?
    public var outputMessage: ChatMessage?
    public var toolChoice: JSONValue?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    /// Feedback to record on the new log.
    public var feedback: [FeedbackRequest] = []
    /// `data_` for v4, `log_` for v5.
    public var idPrefix: ResourceID.Prefix = .log

    public init() {}
}

/// What recording a log made.
public struct RecordedLog: Sendable {
    public var id: String
    public var projectID: String
    public var sessionID: String?
}
