import HumanloopAPI
import Storage

/// One span of an imported trace, as the core records it (the wire adapter reads OTLP and the SDK's
/// attributes into these: `V5TraceImport`).
public enum ImportedSpan: Sendable {
    /// A new Tool or Flow log (a `@tool` span, or a Flow span without a log made earlier).
    case log(FileLogEntry)
    /// Completes a Flow log made earlier: the `@flow` decorator makes its log when the function starts
    /// (to have its children's `trace_parent_id`) and sends its output in a span when it returns.
    case completion(logID: String, FileLogUpdate)
    /// A provider call made inside `@prompt`: a Prompt log whose version is the call's settings.
    case promptLog(path: String, config: ModelConfigRequest, entry: LogEntry, traceParentID: String?, runID: String?)
}

/// `POST /import/otel/v1/traces` (CONTRACT-v5.md, "Files"): each span becomes the log its attributes
/// describe, linked into its trace, through the same services as the REST calls. A span that cannot be
/// recorded is reported and the others are still recorded: the SDK's exporter sends each span once and
/// stops sending altogether after any answer but 200.
public final class TraceImportService: Sendable {
    let fileLogs: FileLogService
    let prompts: PromptService
    let logs: LogService

    public init(fileLogs: FileLogService, prompts: PromptService, logs: LogService) {
        self.fileLogs = fileLogs
        self.prompts = prompts
        self.logs = logs
    }

    /// What importing some spans did.
    public struct Outcome: Sendable {
        /// The log each recorded span wrote or completed, in the spans' order.
        public var logIDs: [String] = []
        /// The spans not recorded, by span id, with why.
        public var failures: [(spanID: String?, message: String)] = []
    }

    public func record(_ spans: [(spanID: String?, span: ImportedSpan)], orgID: String) async -> Outcome {
        var outcome = Outcome()
        for (spanID, span) in spans {
            do {
                outcome.logIDs.append(try await record(span, orgID: orgID))
            } catch {
                outcome.failures.append((spanID, Self.describe(error)))
            }
        }
        return outcome
    }

    func record(_ span: ImportedSpan, orgID: String) async throws -> String {
        switch span {
        case .log(let entry):
            return try await fileLogs.record(entry, orgID: orgID).id
        case .completion(let logID, let update):
            return try await fileLogs.updateFlowLog(id: logID, update, orgID: orgID).log.id
        case .promptLog(let path, let config, var entry, let traceParentID, let runID):
            entry.trace = try await fileLogs.placement(traceParentID: traceParentID, runID: runID, orgID: orgID)
            let prompt = try await prompts.resolve(
                id: nil, path: path, versionID: nil, environment: nil, config: config, orgID: orgID)
            entry.project = .id(prompt.fileID)
            entry.config = .stored(id: prompt.version.id)
            return try await logs.record([entry], isList: false, orgID: orgID)[0].id
        }
    }

    /// Why a span was not recorded, in a line.
    public static func describe(_ error: any Error) -> String {
        switch GatewayError.classifying(error) {
        case .invalid(let issues): ValidationIssue.summary(of: issues)
        case .notFound(let message), .conflict(let message), .unprocessable(let message),
            .notImplemented(let message):
            message
        default: "the span could not be recorded"
        }
    }
}
