import HumanloopAPI
import Storage

/// Reads of recorded logs in the shapes of the API.
public final class LogService: Sendable {
    let store: SQLStore
    let configs: ConfigCatalog
    let projects: ProjectDirectory

    public init(store: SQLStore, configs: ConfigCatalog, projects: ProjectDirectory) {
        self.store = store
        self.configs = configs
        self.projects = projects
    }

    /// `GET /logs/{id}`.
    public func log(id: String, orgID: String) async throws -> LogResponse {
        guard let record = try await store.log(id: id, orgID: orgID) else {
            throw GatewayError.notFound("Log with id '\(id)' not found")
        }
        let projectName = try await record.projectID.asyncMap { try await projects.project(id: $0, orgID: orgID).name }
        return try await response(for: record, projectName: projectName)
    }

    /// `GET /logs?project_id=…`: a 0-based page of the project's logs, newest first.
    public func list(projectID: String, orgID: String, page: Int, size: Int) async throws -> Paginated<LogResponse> {
        let project = try await projects.project(id: projectID, orgID: orgID)
        let (records, total) = try await store.listLogs(orgID: orgID, projectID: projectID, page: page, size: size)
        var responses: [LogResponse] = []
        for record in records {
            responses.append(try await response(for: record, projectName: project.name))
        }
        return Paginated(records: responses, page: page, size: size, total: total)
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
        log.inputs = Coding.decodeIfPresent([String: JSONValue].self, fromText: record.inputs)
        log.metadata = Coding.decodeIfPresent([String: JSONValue].self, fromText: record.metadata)
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
        log.feedback = []
        return log
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
