import HumanloopAPI
import Storage

/// What v5 reads of Prompt logs beyond `FileLogService`: each log's prompt at its version, and updates.
extension PromptService {
    /// The prompt at the version a log was made with, once per version.
    func prompt(for record: LogRecord, in file: ProjectRecord, cache: inout [String: Prompt], orgID: String)
        async throws -> Prompt?
    {
        guard let configID = record.configID else { return nil }
        if let cached = cache[configID] { return cached }
        guard let version = try await configs.config(id: configID, orgID: orgID) else { return nil }
        let prompt = try await prompt(file, version: version, orgID: orgID)
        cache[configID] = prompt
        return prompt
    }
}

extension PromptService {
    /// `PATCH /prompts/{id}/log/{log_id}`: the fields given replace the stored ones; a log of another
    /// prompt is a 404.
    public func updateLog(promptID: String, logID: String, _ update: LogUpdate, orgID: String) async throws {
        let file = try await file(id: promptID, orgID: orgID)
        guard let record = try await store.log(id: logID, orgID: orgID), record.projectID == file.id else {
            throw GatewayError.notFound("Log with id '\(logID)' of prompt '\(file.name)' not found")
        }
        _ = try await store.updateLog(id: logID, orgID: orgID, changes: try update.changes(saved: record.saved))
    }
}
