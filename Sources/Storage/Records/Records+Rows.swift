import HumanloopAPI
import SQLKit

extension SQLRow {
    func timestamp(_ column: String) throws -> Timestamp {
        Timestamp(microsecondsSinceEpoch: try decode(column: column, as: Int64.self))
    }

    func optional<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        try decode(column: column, as: T?.self)
    }
}

extension OrganizationRecord {
    init(row: any SQLRow) throws {
        self.id = try row.decode(column: "id", as: String.self)
        self.name = try row.decode(column: "name", as: String.self)
        self.teamID = try row.decode(column: "team_id", as: String.self)
        self.createdAt = try row.timestamp("created_at")
    }
}

extension ProjectRecord {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self),
            orgID: try row.decode(column: "org_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            createdAt: try row.timestamp("created_at"),
            updatedAt: try row.timestamp("updated_at"),
            dataCount: try row.decode(column: "data_count", as: Int.self)
        )
    }
}

extension LogRecord {
    /// The columns of `logs`, in the order of `bindings`.
    static let columns = [
        "id", "org_id", "project_id", "config_id", "session_id", "parent_id", "reference_id", "trial_id",
        "experiment_id", "environment", "source", "end_user", "source_datapoint_id", "saved", "inputs", "metadata",
        "messages", "output", "raw_output", "finish_reason", "output_message", "tool_choice", "provider",
        "provider_request", "provider_response", "prompt_tokens", "output_tokens", "provider_latency", "duration",
        "error", "created_at", "updated_at",
    ]

    /// v5's columns, written only by batches that carry them (`LogInsertStatement`): a v4 generation's
    /// insert binds no more than it did before v5.
    static let v5Columns = [
        "file_id", "version_id", "trace_parent_id", "trace_id", "run_id", "log_status", "judgment",
        "marked_completed",
    ]

    /// Whether any of `v5Columns` has a value.
    var hasV5Fields: Bool {
        fileID != nil || versionID != nil || traceParentID != nil || traceID != nil || runID != nil
            || logStatus != nil || judgment != nil || markedCompleted != nil
    }

    /// The values of `v5Columns`, in their order.
    var v5Bindings: [any Encodable & Sendable] {
        [
            fileID, versionID, traceParentID, traceID, runID, logStatus, judgment,
            markedCompleted.map { $0 ? 1 : 0 },
        ]
    }

    /// The row's values, in the order of `columns`.
    var bindings: [any Encodable & Sendable] {
        [
            id, orgID, projectID, configID, sessionID, parentID, referenceID, trialID,
            experimentID, environment, source, endUser, sourceDatapointID, saved ? 1 : 0, inputs, metadata,
            messages, output, rawOutput, finishReason, outputMessage, toolChoice, provider,
            providerRequest, providerResponse, promptTokens, outputTokens, providerLatency, duration,
            error, createdAt.microsecondsSinceEpoch, updatedAt.microsecondsSinceEpoch,
        ]
    }

    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self),
            orgID: try row.decode(column: "org_id", as: String.self),
            saved: try row.decode(column: "saved", as: Int.self) != 0,
            createdAt: try row.timestamp("created_at")
        )
        projectID = try row.optional("project_id")
        configID = try row.optional("config_id")
        sessionID = try row.optional("session_id")
        parentID = try row.optional("parent_id")
        referenceID = try row.optional("reference_id")
        trialID = try row.optional("trial_id")
        experimentID = try row.optional("experiment_id")
        environment = try row.optional("environment")
        source = try row.optional("source")
        endUser = try row.optional("end_user")
        sourceDatapointID = try row.optional("source_datapoint_id")
        inputs = try row.optional("inputs")
        metadata = try row.optional("metadata")
        messages = try row.optional("messages")
        output = try row.optional("output")
        rawOutput = try row.optional("raw_output")
        finishReason = try row.optional("finish_reason")
        outputMessage = try row.optional("output_message")
        toolChoice = try row.optional("tool_choice")
        provider = try row.optional("provider")
        providerRequest = try row.optional("provider_request")
        providerResponse = try row.optional("provider_response")
        promptTokens = try row.optional("prompt_tokens")
        outputTokens = try row.optional("output_tokens")
        providerLatency = try row.optional("provider_latency")
        duration = try row.optional("duration")
        error = try row.optional("error")
        updatedAt = try row.timestamp("updated_at")
        fileID = try row.optional("file_id")
        versionID = try row.optional("version_id")
        traceParentID = try row.optional("trace_parent_id")
        traceID = try row.optional("trace_id")
        runID = try row.optional("run_id")
        logStatus = try row.optional("log_status")
        judgment = try row.optional("judgment")
        markedCompleted = try row.optional("marked_completed", as: Int.self).map { $0 != 0 }
    }
}
