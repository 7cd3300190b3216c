import HumanloopAPI
import Storage

/// v5's logs over the one log table (CONTRACT-v5.md, "Logs", "Traces", "Judgments"): Tool, Flow and
/// Evaluator logs recorded from elsewhere, traces of Flow logs, judgments (mirrored onto Prompt logs as v4
/// feedback), and any log read back with its file, judgments and trace.
public final class FileLogService: Sendable {
    let store: any Store
    let files: FileService
    let prompts: PromptService
    let logWriter: LogWriter

    public init(store: any Store, files: FileService, prompts: PromptService, logWriter: LogWriter) {
        self.store = store
        self.files = files
        self.prompts = prompts
        self.logWriter = logWriter
    }

    // MARK: Traces and runs

    /// Where a new log goes (CONTRACT-v5.md, "Traces"): `traceParentID` must name an incomplete Flow log
    /// (unknown: 404; anything else: 422), whose trace the log joins; `runID` an evaluation run (404).
    public func placement(traceParentID: String?, runID: String?, orgID: String) async throws -> LogTrace {
        var trace = LogTrace()
        if let runID {
            guard try await store.run(id: runID, orgID: orgID) != nil else {
                throw GatewayError.notFound("Evaluation run with id '\(runID)' not found")
            }
            trace.runID = runID
        }
        if let traceParentID {
            guard let parent = try await store.log(id: traceParentID, orgID: orgID) else {
                throw GatewayError.notFound("Log with id '\(traceParentID)' not found")
            }
            guard parent.fileID.map(Self.isFlow) == true else {
                throw GatewayError.invalid(["body", "trace_parent_id"], "log '\(traceParentID)' is not a Flow log")
            }
            guard parent.logStatus == "incomplete" else {
                throw GatewayError.invalid(
                    ["body", "trace_parent_id"], "Flow log '\(traceParentID)' is complete: it takes no more children")
            }
            trace.parentID = parent.id
            trace.traceID = parent.traceID ?? parent.id
        }
        return trace
    }

    static func isFlow(_ fileID: String) -> Bool { fileID.hasPrefix(ResourceID.Prefix.flow.rawValue) }

    // MARK: Recording

    /// `tools.log`, `flows.log`, `evaluators.log`: the file by id or path (a new path is made with the
    /// inline definition, or an empty one; an Evaluator only with its spec), the version inline, named,
    /// deployed in an environment or the newest; then the log, through the batched writer.
    public func record(_ entry: FileLogEntry, orgID: String) async throws -> RecordedFileLog {
        var entry = entry
        if entry.fileID == nil, entry.path == nil, let versionID = entry.versionID {
            // A version id names its file (versions are per file).
            guard let version = try await store.fileVersion(id: versionID, orgID: orgID),
                FileKind(id: version.fileID) == entry.kind
            else { throw GatewayError.notFound("\(entry.kind.displayName) version with id '\(versionID)' not found") }
            entry.fileID = version.fileID
        }
        guard entry.fileID != nil || entry.path != nil else {
            throw GatewayError.invalid([.missing(["body", "path"])])
        }
        var judged: LogRecord?
        if entry.kind == .evaluator {
            guard let parentID = entry.parentID else { throw GatewayError.invalid([.missing(["body", "parent_id"])]) }
            guard let parent = try await store.log(id: parentID, orgID: orgID) else {
                throw GatewayError.notFound("Log with id '\(parentID)' not found")
            }
            judged = parent
        }
        let trace = try await placement(traceParentID: entry.traceParentID, runID: entry.runID, orgID: orgID)
        let creating = entry.kind != .evaluator || entry.definition != nil
        let file = try await files.resolve(
            entry.kind, id: entry.fileID, path: entry.path, creating: creating, orgID: orgID)
        let version = try await version(for: entry, of: file, orgID: orgID)

        let logStatus = entry.logStatus ?? "complete"
        var log = LogRecordBuilder(
            id: ResourceID.make(.v5Log), orgID: orgID, save: entry.save, createdAt: entry.createdAt ?? Clock.now())
        log.place(projectID: nil, configID: nil, experimentID: nil, sessionID: nil, parentID: judged?.id)
        log.attribute(source: entry.source, user: entry.user, sourceDatapointID: entry.sourceDatapointID, provider: nil)
        log.measure(
            promptTokens: nil, outputTokens: nil, providerLatency: entry.providerLatency, duration: entry.duration,
            error: entry.error)
        log.join(trace)
        log.columns.environment = entry.environment ?? entry.versionEnvironment
        log.columns.fileID = file.id
        log.columns.versionID = version.id
        log.columns.logStatus = logStatus
        log.columns.markedCompleted = entry.markedCompleted
        if let judgment = entry.judgment, judgment != .null { log.columns.judgment = judgment.serialized() }
        log.payload = LogPayload(
            inputs: entry.inputs, metadata: entry.metadata, messages: entry.messages, output: entry.output,
            rawOutput: entry.output, outputMessage: entry.outputMessage,
            providerRequest: entry.providerRequest?.serialized(), providerResponse: entry.providerResponse?.serialized()
        )
        let record = try log.build()
        _ = try await logWriter.write(GenerationWrite(orgID: orgID, sessionReferenceID: nil, logs: [record]))

        if let judged, judged.projectID != nil, let judgment = entry.judgment, judgment != .null {
            try await mirrorJudgment(judgment, by: file, on: judged.id, orgID: orgID)
        }
        return RecordedFileLog(id: record.id, file: file, version: version, logStatus: logStatus, parentID: judged?.id)
    }

    /// The version a log names: inline, by id, deployed in an environment, or the newest (a file without
    /// versions gets the empty definition's, so a Tool or Flow logged by path alone has one).
    func version(for entry: FileLogEntry, of file: FileRecord, orgID: String) async throws -> FileVersionRecord {
        if let definition = entry.definition {
            return try await files.addVersion(definition, to: file, name: nil, description: nil, orgID: orgID)
        }
        if entry.versionID != nil || entry.versionEnvironment != nil {
            return try await files.version(
                of: file, versionID: entry.versionID, environment: entry.versionEnvironment, orgID: orgID)
        }
        if let newest = try await store.fileVersions(fileID: file.id, orgID: orgID).first { return newest }
        guard file.kind != .evaluator else {
            throw GatewayError.notFound("Evaluator with id '\(file.id)' has no version")
        }
        return try await files.addVersion(
            file.kind == .flow ? JSONObject(["attributes": .object(JSONObject())]) : JSONObject(), to: file,
            name: nil, description: nil, orgID: orgID)
    }

    /// A judgment on a Prompt log is v4 feedback too: its type the evaluator's name, its value the
    /// judgment (a string as is, anything else as compact JSON). CONTRACT-v5.md, "Judgments".
    func mirrorJudgment(_ judgment: JSONValue, by evaluator: FileRecord, on logID: String, orgID: String) async throws {
        let feedback = Self.feedback(judgment: judgment, byEvaluatorAt: evaluator.path)
        _ = try await FeedbackService(store: store).submit(
            .one(FeedbackRequest(type: feedback.type, value: feedback.value, dataID: logID)), orgID: orgID)
    }

    /// A judgment as v4 feedback: the type is the evaluator's name, the value the judgment as text
    /// (`true`, `0.5`, `good`).
    public static func feedback(judgment: JSONValue, byEvaluatorAt path: String) -> (type: String, value: JSONValue) {
        (PromptPath.name(of: path), .string(judgment.stringValue ?? judgment.serialized()))
    }

    // MARK: Updating

    /// `PATCH /flows/logs/{id}`: the given fields replace the stored ones; a complete log cannot go back
    /// to `incomplete` (422). Answers the log as it now is.
    public func updateFlowLog(id: String, _ update: FileLogUpdate, orgID: String) async throws -> FileLog {
        guard let record = try await store.log(id: id, orgID: orgID), record.fileID.map(Self.isFlow) == true else {
            throw GatewayError.notFound("Flow log with id '\(id)' not found")
        }
        return try await apply(update, to: record, orgID: orgID)
    }

    /// `PATCH /tools/{id}/log/{log_id}`: as for a Flow log, for a log of that file.
    public func updateLog(of kind: FileKind, fileID: String, logID: String, _ update: FileLogUpdate, orgID: String)
        async throws -> FileLog
    {
        let file = try await files.file(kind, id: fileID, orgID: orgID)
        guard let record = try await store.log(id: logID, orgID: orgID), record.fileID == file.id else {
            throw GatewayError.notFound("Log with id '\(logID)' of \(kind.rawValue) '\(file.path)' not found")
        }
        return try await apply(update, to: record, orgID: orgID)
    }

    /// Writes an update over a log: a complete log cannot go back to `incomplete` (422), a run it joins
    /// must exist (404). Answers the log as it now is.
    func apply(_ update: FileLogUpdate, to record: LogRecord, orgID: String) async throws -> FileLog {
        if update.logStatus == "incomplete", (record.logStatus ?? "complete") == "complete" {
            throw GatewayError.invalid(["body", "log_status"], "a complete log cannot become incomplete again")
        }
        _ = try await placement(traceParentID: nil, runID: update.runID, orgID: orgID)
        _ = try await store.updateLog(id: record.id, orgID: orgID, changes: try update.changes())
        return try await log(id: record.id, orgID: orgID)
    }

    // MARK: Reading

    /// `GET /logs/{id}`: any log with a file, with its judgments and trace; 404 for a v4 log without a
    /// project, or whose file is gone.
    public func log(id: String, orgID: String) async throws -> FileLog {
        guard let record = try await store.log(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Log with id '\(id)' not found")
        }
        var reader = Reader(service: self, orgID: orgID)
        guard let log = try await reader.views(of: [record], withTraceChildren: true).first else {
            throw GatewayError.notFound("Log with id '\(id)' not found")
        }
        return log
    }

    /// `GET /logs?file_id=`: a page (1-based) of a file's logs, newest first, optionally of one version
    /// (a prompt's v4 logs included); trace children only when asked for.
    public func logs(
        fileID: String?, versionID: String?, page: Int, size: Int, includeTraceChildren: Bool, orgID: String
    ) async throws -> (records: [FileLog], total: Int) {
        guard let fileID else { throw GatewayError.invalid([.missing(["query", "file_id"])]) }
        var reader = Reader(service: self, orgID: orgID)
        if let kind = FileKind(id: fileID) {
            let file = try await files.file(kind, id: fileID, orgID: orgID)
            // A version by the id it is stored under, or by one that names it (an imported export's).
            var storedVersionID = versionID
            if let versionID {
                storedVersionID = try await store.fileVersion(id: versionID, orgID: orgID)?.id ?? versionID
            }
            let (records, total) = try await store.listLogs(
                orgID: orgID, fileID: file.id, versionID: storedVersionID, page: page - 1, size: size)
            return (try await reader.views(of: records, withTraceChildren: includeTraceChildren), total)
        }
        let file = try await prompts.file(id: fileID, orgID: orgID)
        var configID = versionID.map(PromptVersionID.config(of:))
        if let id = configID { configID = try await prompts.configs.config(id: id, orgID: orgID)?.id ?? id }
        let filter = LogFilter(configID: configID)
        let (records, total) = try await store.listLogs(
            orgID: orgID, projectID: file.id, page: page - 1, size: size, filter: filter)
        return (try await reader.views(of: records, withTraceChildren: includeTraceChildren), total)
    }

    /// `DELETE /logs?id=…`: unknown ids are ignored.
    public func delete(ids: [String], orgID: String) async throws {
        guard !ids.isEmpty else { throw GatewayError.invalid([.missing(["query", "id"])]) }
        _ = try await store.deleteLogs(ids: ids, orgID: orgID)
    }

    /// Reads logs' files, judgments and traces, each file version once per request.
    struct Reader {
        let service: FileLogService
        let orgID: String
        var prompts: [String: Prompt] = [:]
        var promptFiles: [String: ProjectRecord] = [:]
        var versions: [String: VersionedFile] = [:]
        var rootFlows: [String: String] = [:]

        init(service: FileLogService, orgID: String) {
            self.service = service
            self.orgID = orgID
        }

        /// The logs that have a file, in order, with their evaluator logs and (when asked) trace children.
        mutating func views(of records: [LogRecord], withTraceChildren: Bool, depth: Int = 0) async throws
            -> [FileLog]
        {
            var logs: [FileLog] = []
            for record in records {
                guard let file = try await file(of: record) else { continue }
                var log = FileLog(log: StoredLog(record), file: file)
                if let traceID = record.traceID { log.traceFlowID = try await rootFlow(traceID) }
                logs.append(log)
            }
            let ids = logs.map(\.log.id)
            let judgments = try await service.store.evaluatorLogs(on: ids, orgID: orgID)
            if !judgments.isEmpty {
                let judgmentViews = try await views(of: judgments, withTraceChildren: false, depth: depth + 1)
                for index in logs.indices {
                    logs[index].evaluatorLogs = judgmentViews.filter { $0.log.parentID == logs[index].log.id }
                }
            }
            // A trace is a tree of Flow logs; 32 levels is deeper than any real one and bounds a cycle.
            guard withTraceChildren, depth < 32 else { return logs }
            let children = try await service.store.traceChildren(of: ids, orgID: orgID)
            let childViews =
                children.isEmpty ? [] : try await views(of: children, withTraceChildren: true, depth: depth + 1)
            for index in logs.indices {
                logs[index].traceChildren = childViews.filter { $0.log.traceParentID == logs[index].log.id }
            }
            return logs
        }

        mutating func file(of record: LogRecord) async throws -> LoggedFile? {
            if let projectID = record.projectID {
                if promptFiles[projectID] == nil {
                    promptFiles[projectID] = try await service.store.project(id: projectID, orgID: orgID)
                }
                guard let project = promptFiles[projectID],
                    let prompt = try await service.prompts.prompt(
                        for: record, in: project, cache: &prompts, orgID: orgID)
                else { return nil }
                return .prompt(prompt)
            }
            guard let fileID = record.fileID, let versionID = record.versionID else { return nil }
            let key = fileID + " " + versionID
            if let cached = versions[key] { return .file(cached) }
            guard let file = try await service.store.file(id: fileID, orgID: orgID),
                let version = try await service.store.fileVersion(id: versionID, orgID: orgID)
            else { return nil }
            let view = try await service.files.view(file, version: version, orgID: orgID)
            versions[key] = view
            return .file(view)
        }

        mutating func rootFlow(_ traceID: String) async throws -> String? {
            if let cached = rootFlows[traceID] { return cached }
            let flowID = try await service.store.log(id: traceID, orgID: orgID)?.fileID
            rootFlows[traceID] = flowID
            return flowID
        }
    }
}
