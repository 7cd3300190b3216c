import HumanloopAPI
import Storage

/// Logs as resources: read, list, record from elsewhere (`POST /logs`), update and delete.
public final class LogService: Sendable {
    let store: any Store
    let configs: ConfigCatalog
    let projects: ProjectDirectory
    let logWriter: LogWriter

    public init(store: any Store, configs: ConfigCatalog, projects: ProjectDirectory, logWriter: LogWriter) {
        self.store = store
        self.configs = configs
        self.projects = projects
        self.logWriter = logWriter
    }

    /// `GET /logs/{id}`. v5's Tool, Flow and Evaluator logs have no v4 form (CONTRACT-v5.md, "Logs").
    public func log(id: String, orgID: String) async throws -> LogResponse {
        guard let record = try await v4Log(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Log with id '\(id)' not found")
        }
        return try await responses(for: [record], orgID: orgID)[0]
    }

    /// A log v4 sees: any but v5's Tool, Flow and Evaluator logs.
    func v4Log(id: String, orgID: String) async throws -> LogRecord? {
        guard let record = try await store.log(id: id, orgID: orgID), record.fileID == nil else { return nil }
        return record
    }

    /// `GET /logs?project_id=…` and `POST /projects/{id}/export`: a 0-based page of the project's logs,
    /// newest first.
    public func list(
        projectID: String, orgID: String, page: Int, size: Int, search: String? = nil, metadataSearch: String? = nil,
        start: Timestamp? = nil, end: Timestamp? = nil
    ) async throws -> Paginated<LogResponse> {
        let filter = LogFilter(search: search, metadataSearch: metadataSearch, start: start, end: end)
        let project = try await projects.project(id: projectID, orgID: orgID)
        let (records, total) = try await store.listLogs(
            orgID: orgID, projectID: project.id, page: page, size: size, filter: filter)
        return Paginated(records: try await responses(for: records, orgID: orgID), page: page, size: size, total: total)
    }

    /// `PATCH /logs/{id}`.
    public func update(id: String, _ request: UpdateLogRequest, orgID: String) async throws -> LogResponse {
        var changes = LogChanges()
        changes.output = request.output
        changes.rawOutput = request.output
        changes.error = request.error
        changes.duration = request.duration
        guard try await v4Log(id: id, orgID: orgID) != nil,
            try await store.updateLog(id: id, orgID: orgID, changes: changes)
        else {
            throw GatewayError.notFound("Log with id '\(id)' not found")
        }
        return try await log(id: id, orgID: orgID)
    }

    /// `PATCH /logs?reference_id=…`.
    public func update(referenceID: String, _ request: UpdateLogRequest, orgID: String) async throws -> LogResponse {
        guard let id = try await store.logID(referenceID: referenceID, orgID: orgID) else {
            throw GatewayError.notFound("No log was recorded with reference_id '\(referenceID)'")
        }
        return try await update(id: id, request, orgID: orgID)
    }

    /// `DELETE /logs?id=…`.
    public func delete(ids: [String], orgID: String) async throws {
        guard !ids.isEmpty else { throw GatewayError.invalid([.missing(["query", "id"])]) }
        _ = try await store.deleteLogs(ids: ids, orgID: orgID)
    }

    /// Records generations made elsewhere (`POST /logs`, `prompts.log`), each with its config, through
    /// the batched writer. Every entry is checked before anything is written; `isList` says whether
    /// errors name an entry by its place in the body.
    public func record(_ entries: [LogEntry], isList: Bool, orgID: String) async throws -> [RecordedLog] {
        var planned: [(GenerationWrite, LogRecord, [FeedbackRequest])] = []
        var referenceIDs = Set<String>()
        for (index, entry) in entries.enumerated() {
            let path: [LocationComponent] = isList ? ["body", .index(index)] : ["body"]
            if let reference = entry.referenceID {
                guard referenceIDs.insert(reference).inserted else {
                    throw GatewayError.conflict("reference_id '\(reference)' is used twice in this request")
                }
            }
            planned.append(try await plan(entry, path: path, orgID: orgID))
        }
        let results = try await withThrowingTaskGroup(of: (Int, GenerationWriteResult).self) { group in
            for (index, entry) in planned.enumerated() {
                group.addTask { (index, try await self.logWriter.write(entry.0)) }
            }
            return try await group.reduce(into: [Int: GenerationWriteResult]()) { $0[$1.0] = $1.1 }
        }
        for (write, _, _) in planned {
            for config in write.configs {
                configs.markStored(
                    IdentifiedConfig(
                        id: config.id, config: try Coding.decode(ModelConfigRequest.self, fromText: config.body),
                        canonicalJSON: config.body), orgID: orgID)
            }
        }
        let feedback = planned.flatMap { _, log, items in
            items.map { item -> FeedbackRequest in
                var item = item
                item.dataID = log.id
                return item
            }
        }
        if !feedback.isEmpty {
            _ = try await FeedbackService(store: store).submit(.many(feedback), orgID: orgID)
        }
        return planned.enumerated().map { index, entry in
            let log = entry.1
            return RecordedLog(
                id: log.id, projectID: log.projectID ?? "", sessionID: results[index]?.sessionID ?? log.sessionID)
        }
    }

    /// Resolves one entry into the write that records it.
    func plan(_ entry: LogEntry, path: [LocationComponent], orgID: String) async throws
        -> (GenerationWrite, LogRecord, [FeedbackRequest])
    {
        let issues = LogLinks.issues(of: entry.links, at: path)
        guard issues.isEmpty else { throw GatewayError.invalid(issues) }
        guard let project = try await projects.resolve(entry.project, orgID: orgID, creating: true, at: path)
        else { throw GatewayError.invalid([.missing(path + ["project"])]) }
        var config: IdentifiedConfig?
        var experimentID: String?
        var trialID: String?
        var newConfigs: [ModelConfigRecord] = []
        switch entry.config {
        case .inline(let inline):
            let identified = try configs.identify(inline)
            config = identified
            if !configs.isStored(identified.id, orgID: orgID) {
                newConfigs.append(ModelConfigRecord(id: identified.id, body: identified.canonicalJSON))
            }
        case .stored(let configID):
            guard let stored = try await configs.config(id: configID, orgID: orgID) else {
                throw GatewayError.notFound("Model config with id '\(configID)' not found")
            }
            config = stored
        case .trial(let id):
            guard let trial = TrialID.parse(id),
                let experiment = try await store.experiment(id: trial.experimentID, orgID: orgID),
                experiment.configs.contains(where: { $0.configID == trial.configID }),
                let stored = try await configs.config(id: trial.configID, orgID: orgID)
            else { throw GatewayError.notFound("Trial '\(id)' not found") }
            config = stored
            experimentID = experiment.id
            trialID = id
        case nil:
            throw GatewayError.invalid([.missing(path + ["config"])])
        }
        if let reference = entry.referenceID, try await store.logID(referenceID: reference, orgID: orgID) != nil {
            throw GatewayError.conflict("A log with reference_id '\(reference)' already exists")
        }
        var log = LogRecordBuilder(
            id: ResourceID.make(entry.idPrefix), orgID: orgID, save: entry.save,
            createdAt: entry.createdAt ?? Clock.now())
        let resolved = try await LogLinks.resolve(in: store, entry.links, orgID: orgID)
        log.place(
            projectID: project.id, configID: config?.id, experimentID: experimentID, sessionID: resolved.sessionID,
            parentID: resolved.parentID)
        log.attribute(
            source: entry.source, user: entry.user, sourceDatapointID: entry.sourceDatapointID,
            provider: config?.config.provider)
        log.measure(
            finishReason: entry.finishReason, promptTokens: entry.promptTokens, outputTokens: entry.outputTokens,
            providerLatency: entry.providerLatency, duration: entry.duration, error: entry.error)
        log.columns.trialID = trialID
        log.columns.referenceID = entry.referenceID
        log.columns.environment = entry.environment
        log.join(entry.trace)
        log.columns.logStatus = entry.logStatus
        log.payload = LogPayload(
            inputs: entry.inputs, metadata: entry.metadata, messages: entry.messages, output: entry.output,
            rawOutput: entry.output, outputMessage: entry.outputMessage, toolChoice: entry.toolChoice,
            providerRequest: entry.providerRequest?.serialized(), providerResponse: entry.providerResponse?.serialized()
        )
        let record = try log.build()
        let write = GenerationWrite(
            orgID: orgID, configs: newConfigs, sessionReferenceID: entry.links.session.referenceID, logs: [record])
        return (write, record, entry.feedback)
    }

    /// The API shape of stored logs, with their configs, project names and feedback.
    func responses(for records: [LogRecord], orgID: String) async throws -> [LogResponse] {
        let feedback = try await store.feedback(logIDs: records.map(\.id), orgID: orgID)
        var projectNames: [String: String] = [:]
        var responses: [LogResponse] = []
        for record in records {
            var projectName: String?
            if let projectID = record.projectID {
                if projectNames[projectID] == nil {
                    projectNames[projectID] = try? await projects.project(id: projectID, orgID: orgID).name
                }
                projectName = projectNames[projectID]
            }
            var log = try await response(for: record, projectName: projectName)
            log.feedback = (feedback[record.id] ?? []).map { item in
                FeedbackResponse(
                    id: item.id, type: item.type,
                    value: Coding.decodeIfPresent(JSONValue.self, fromText: item.value) ?? .null,
                    dataID: item.logID, user: item.user, createdAt: item.createdAt)
            }
            responses.append(log)
        }
        return responses
    }

    func response(for record: LogRecord, projectName: String?) async throws -> LogResponse {
        var log = LogResponse(
            id: record.id, createdAt: record.createdAt, updatedAt: record.updatedAt, save: record.saved)
        if let configID = record.configID, let config = try await configs.config(id: configID, orgID: record.orgID) {
            log.config = ModelConfigResponse(id: config.id, config: config.config)
        }
        log.configID = record.configID
        log.project = projectName
        log.projectID = record.projectID
        log.sessionID = record.sessionID
        log.parentID = record.parentID
        log.referenceID = record.referenceID
        log.trialID = record.trialID
        log.environment = record.environment
        log.source = record.source
        log.user = record.endUser
        log.sourceDatapointID = record.sourceDatapointID
        log.inputs = Coding.decodeIfPresent(JSONObject.self, fromText: record.inputs)
        log.metadata = Coding.decodeIfPresent(JSONObject.self, fromText: record.metadata)
        log.messages = Coding.decodeIfPresent([ChatMessage].self, fromText: record.messages)
        log.output = record.output
        log.rawOutput = record.rawOutput
        log.finishReason = record.finishReason
        log.outputMessage = Coding.decodeIfPresent(ChatMessage.self, fromText: record.outputMessage)
        log.toolChoice = Coding.decodeIfPresent(JSONValue.self, fromText: record.toolChoice)
        log.providerRequest = Coding.decodeIfPresent(JSONValue.self, fromText: record.providerRequest)
        log.providerResponse = Coding.decodeIfPresent(JSONValue.self, fromText: record.providerResponse)
        log.providerLatency = record.providerLatency
        log.duration = record.duration
        log.promptTokens = record.promptTokens
        log.outputTokens = record.outputTokens
        log.error = record.error
        return log
    }
}
