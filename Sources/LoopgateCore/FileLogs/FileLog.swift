import HumanloopAPI
import Storage

/// The file a v5 log belongs to, at the version it was made with.
public enum LoggedFile: Sendable {
    case prompt(Prompt)
    case file(VersionedFile)
}

/// A v5 log: any log of the one table, with its file and version, the evaluator logs judging it and,
/// for a Flow log, the logs of its trace below it.
public struct FileLog: Sendable {
    public var log: StoredLog
    public var file: LoggedFile
    public var evaluatorLogs: [FileLog] = []
    /// Its children in creation order, each with theirs; `nil` when they were not asked for.
    public var traceChildren: [FileLog]?
    /// The flow file of the trace's root log, for a log in a trace.
    public var traceFlowID: String?
}

/// A Tool, Flow or Evaluator log recorded from elsewhere (`tools.log`, `flows.log`, `evaluators.log`):
/// each wire version maps its body onto this in one place.
public struct FileLogEntry: Sendable {
    public var kind: FileKind
    /// The file, by id or path; a new path is made with `definition` (for an Evaluator, only with one).
    public var fileID: String?
    public var path: String?
    /// The inline version's definition.
    public var definition: JSONObject?
    public var versionID: String?
    /// The environment the version is taken from (the deployed one).
    public var versionEnvironment: String?
    public var environment: String?
    public var inputs: JSONObject?
    public var output: String?
    public var outputMessage: ChatMessage?
    public var messages: [ChatMessage]?
    public var error: String?
    public var metadata: JSONObject?
    public var source: String?
    public var user: String?
    public var sourceDatapointID: String?
    public var createdAt: Timestamp?
    public var duration: Double?
    public var providerLatency: Double?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    public var logStatus: String?
    public var traceParentID: String?
    public var runID: String?
    public var save = true
    /// An Evaluator log's judged log, judgment and completion.
    public var parentID: String?
    public var judgment: JSONValue?
    public var markedCompleted: Bool?

    public init(kind: FileKind) {
        self.kind = kind
    }
}

/// What recording a file log made.
public struct RecordedFileLog: Sendable {
    public var id: String
    public var file: FileRecord
    public var version: FileVersionRecord
    public var logStatus: String
    public var parentID: String?
}

/// New values for a Tool or Flow log's fields (`nil` leaves one as it is).
public struct FileLogUpdate: Sendable {
    public var inputs: JSONObject?
    public var output: String?
    public var outputMessage: ChatMessage?
    public var messages: [ChatMessage]?
    public var error: String?
    public var metadata: JSONObject?
    public var source: String?
    public var logStatus: String?
    public var duration: Double?
    public var providerLatency: Double?
    public var providerRequest: JSONValue?
    public var providerResponse: JSONValue?
    /// The evaluation run the log joins, and the datapoint it was made for (checked by the caller).
    public var runID: String?
    public var sourceDatapointID: String?

    public init() {}

    func changes() throws -> LogChanges {
        var changes = LogChanges()
        changes.inputs = inputs.map { JSONValue.object($0).serialized() }
        changes.metadata = metadata.map { JSONValue.object($0).serialized() }
        changes.output = output
        changes.outputMessage = try outputMessage.map(Coding.text)
        changes.messages = try messages.map(Coding.text)
        changes.error = error
        changes.source = source
        changes.logStatus = logStatus
        changes.duration = duration
        changes.providerLatency = providerLatency
        changes.providerRequest = providerRequest?.serialized()
        changes.providerResponse = providerResponse?.serialized()
        changes.runID = runID
        changes.sourceDatapointID = sourceDatapointID
        return changes
    }
}

extension LoggedFile {
    public var path: String {
        switch self {
        case .prompt(let prompt): prompt.path
        case .file(let file): file.path
        }
    }

    public var id: String {
        switch self {
        case .prompt(let prompt): prompt.id
        case .file(let file): file.id
        }
    }
}
