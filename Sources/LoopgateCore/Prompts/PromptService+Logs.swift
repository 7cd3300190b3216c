import HumanloopAPI
import Storage

/// A Prompt's log, with the version it was made with.
public struct PromptLog: Sendable {
    public var log: StoredLog
    public var prompt: Prompt
}

/// v5's `/logs` over the one log table: a file's logs (v4's of the same project included), one log, and
/// deletion (CONTRACT-v5.md, "Logs").
extension PromptService {
    /// `GET /logs?file_id=`: a page (1-based) of a prompt's logs, newest first, optionally of one version.
    public func logs(fileID: String?, versionID: String?, page: Int, size: Int, orgID: String) async throws
        -> (records: [PromptLog], total: Int)
    {
        guard let fileID else { throw GatewayError.invalid([.missing(["query", "file_id"])]) }
        let file = try await file(id: fileID, orgID: orgID)
        let filter = LogFilter(configID: versionID.map(PromptVersionID.config(of:)))
        let (records, total) = try await store.listLogs(
            orgID: orgID, projectID: file.id, page: page - 1, size: size, filter: filter)
        var prompts: [String: Prompt] = [:]
        var logs: [PromptLog] = []
        for record in records {
            guard let prompt = try await prompt(for: record, in: file, cache: &prompts, orgID: orgID) else { continue }
            logs.append(PromptLog(log: StoredLog(record), prompt: prompt))
        }
        return (logs, total)
    }

    /// `GET /logs/{id}`: any log of a prompt; a log without a project or a config is not one (404).
    public func log(id: String, orgID: String) async throws -> PromptLog {
        guard let record = try await store.log(id: id, orgID: orgID), let projectID = record.projectID,
            let file = try await store.project(id: projectID, orgID: orgID)
        else { throw GatewayError.notFound("Log with id '\(id)' not found") }
        var prompts: [String: Prompt] = [:]
        guard let prompt = try await prompt(for: record, in: file, cache: &prompts, orgID: orgID) else {
            throw GatewayError.notFound("Log with id '\(id)' not found")
        }
        return PromptLog(log: StoredLog(record), prompt: prompt)
    }

    /// `DELETE /logs?id=…`: unknown ids are ignored.
    public func deleteLogs(ids: [String], orgID: String) async throws {
        guard !ids.isEmpty else { throw GatewayError.invalid([.missing(["query", "id"])]) }
        _ = try await store.deleteLogs(ids: ids, orgID: orgID)
    }

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
    /// prompt is a 404. Answers the log as it now is.
    public func updateLog(promptID: String, logID: String, _ update: LogUpdate, orgID: String) async throws
        -> PromptLog
    {
        let file = try await file(id: promptID, orgID: orgID)
        guard let record = try await store.log(id: logID, orgID: orgID), record.projectID == file.id else {
            throw GatewayError.notFound("Log with id '\(logID)' of prompt '\(file.name)' not found")
        }
        _ = try await store.updateLog(id: logID, orgID: orgID, changes: try update.changes(saved: record.saved))
        return try await log(id: logID, orgID: orgID)
    }
}
