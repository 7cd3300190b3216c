import HumanloopAPI

/// The log calls (`client.logs`): record generations made elsewhere, and read, update and delete logs.
public struct LogsAPI: Sendable {
    let transport: APITransport

    /// Records one log (`POST /logs`).
    /// - Parameter request: The log: its project, config (inline, by id, or an experiment's `trial_id`),
    ///   inputs, output and optional feedback.
    /// - Returns: The new log's id.
    public func log(_ request: LogRequest) async throws -> CreateLogResponse {
        try await transport.decode(CreateLogResponse.self, APIRequest(.POST, ["logs"], json: request))
    }

    /// Records several logs at once (`POST /logs` with a list); all are checked before any is written.
    /// - Parameter requests: The logs.
    /// - Returns: The new logs' ids, in order.
    public func log(_ requests: [LogRequest]) async throws -> [CreateLogResponse] {
        try await transport.decode([CreateLogResponse].self, APIRequest(.POST, ["logs"], json: requests))
    }

    /// Fills in a log's output, error or duration (`PATCH /logs/{id}`).
    /// - Parameters:
    ///   - id: The log id (`data_…`).
    ///   - request: The fields to set.
    /// - Returns: The log as it is now.
    public func update(id: String, _ request: UpdateLogRequest) async throws -> LogResponse {
        try await transport.decode(LogResponse.self, APIRequest(.PATCH, ["logs", id], json: request))
    }

    /// Fills in the output, error or duration of the log recorded with a `reference_id`
    /// (`PATCH /logs?reference_id=`).
    /// - Parameters:
    ///   - referenceID: The caller's key given when the log was recorded.
    ///   - request: The fields to set.
    /// - Returns: The log as it is now.
    public func updateByRef(referenceID: String, _ request: UpdateLogRequest) async throws -> LogResponse {
        try await transport.decode(
            LogResponse.self, APIRequest(.PATCH, ["logs"], query: [("reference_id", referenceID)], json: request))
    }

    /// Lists a project's logs, newest first, a page at a time (`GET /logs`).
    /// - Parameters:
    ///   - projectID: The project id.
    ///   - page: The page, from 0.
    ///   - size: Logs per page (the server's default is 50).
    ///   - search: Only logs whose inputs, output or messages contain this text.
    ///   - metadataSearch: Only logs whose metadata contains this text.
    ///   - startDate: Only logs created at or after this time.
    ///   - endDate: Only logs created at or before this time.
    public func list(
        projectID: String, page: Int? = nil, size: Int? = nil, search: String? = nil, metadataSearch: String? = nil,
        startDate: Timestamp? = nil, endDate: Timestamp? = nil
    ) async throws -> Paginated<LogResponse> {
        let query: [(name: String, value: String?)] = [
            ("project_id", projectID), ("page", page.map(String.init)), ("size", size.map(String.init)),
            ("search", search), ("metadata_search", metadataSearch), ("start_date", startDate?.rfc3339),
            ("end_date", endDate?.rfc3339),
        ]
        return try await transport.decode(Paginated<LogResponse>.self, APIRequest(.GET, ["logs"], query: query))
    }

    /// Reads a log (`GET /logs/{id}`).
    /// - Parameter id: The log id.
    public func get(id: String) async throws -> LogResponse {
        try await transport.decode(LogResponse.self, APIRequest(.GET, ["logs", id]))
    }

    /// Deletes logs (`DELETE /logs?id=…&id=…`).
    /// - Parameter ids: The log ids.
    public func delete(ids: [String]) async throws {
        try await transport.send(APIRequest(.DELETE, ["logs"], query: ids.map { ("id", $0) }))
    }
}
