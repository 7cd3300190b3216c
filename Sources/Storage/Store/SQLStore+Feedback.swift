import HumanloopAPI
import SQLKit

/// One feedback item to record, with what it does to an experiment's counters.
public struct FeedbackWrite: Sendable {
    public var record: FeedbackRecord
    /// Remove the log's current value of this type instead of adding one.
    public var unset: Bool
    /// The experiment counter this item moves, if the log belongs to an experiment.
    public var experimentEffect: ExperimentEffect?

    public init(record: FeedbackRecord, unset: Bool, experimentEffect: ExperimentEffect?) {
        self.record = record
        self.unset = unset
        self.experimentEffect = experimentEffect
    }
}

/// Feedback on an experiment's log either makes it a success or takes a success back.
public struct ExperimentEffect: Sendable, Hashable {
    public var experimentID: String
    public var configID: String
    /// `true`: the log now counts as a success; `false`: it no longer does.
    public var success: Bool

    public init(experimentID: String, configID: String, success: Bool) {
        self.experimentID = experimentID
        self.configID = configID
        self.success = success
    }
}

extension SQLStore {
    /// Records feedback items in one transaction, moving experiment counters with atomic SQL: a log's
    /// success flag flips only if it was not already in that state, and the counter moves only then,
    /// so each log counts at most once however many replicas record feedback at the same time.
    public func recordFeedback(_ writes: [FeedbackWrite]) async throws {
        try await connections.transaction { database in
            for write in writes {
                let record = write.record
                if write.unset {
                    try await database.raw(
                        "DELETE FROM feedback WHERE log_id = \(bind: record.logID) AND type = \(bind: record.type) AND org_id = \(bind: record.orgID)"
                    ).run()
                } else {
                    try await database.raw(
                        """
                        INSERT INTO feedback (id, org_id, log_id, type, value, end_user, created_at)
                        VALUES (\(bind: record.id), \(bind: record.orgID), \(bind: record.logID), \(bind: record.type),
                                \(bind: record.value), \(bind: record.user), \(bind: record.createdAt.microsecondsSinceEpoch))
                        """
                    ).run()
                }
                guard let effect = write.experimentEffect else { continue }
                let (from, to) = effect.success ? (0, 1) : (1, 0)
                let flipped = try await database.raw(
                    """
                    UPDATE logs SET experiment_success = \(bind: to)
                    WHERE id = \(bind: record.logID) AND experiment_success = \(bind: from) RETURNING id
                    """
                ).all()
                guard !flipped.isEmpty else { continue }
                try await database.raw(
                    """
                    UPDATE experiment_configs SET successes = successes + \(bind: effect.success ? 1 : -1)
                    WHERE experiment_id = \(bind: effect.experimentID) AND config_id = \(bind: effect.configID)
                    """
                ).run()
            }
        }
    }

    /// The feedback given on logs, oldest first, grouped by log id.
    public func feedback(logIDs: [String], orgID: String) async throws -> [String: [FeedbackRecord]] {
        guard !logIDs.isEmpty else { return [:] }
        return try await connections.read { database in
            let rows = try await database.select().column("*").from("feedback")
                .where("org_id", .equal, orgID).where("log_id", .in, logIDs)
                .orderBy("created_at").all()
            var grouped: [String: [FeedbackRecord]] = [:]
            for row in rows {
                let record = FeedbackRecord(
                    id: try row.decode(column: "id", as: String.self), orgID: orgID,
                    logID: try row.decode(column: "log_id", as: String.self),
                    type: try row.decode(column: "type", as: String.self),
                    value: try row.optional("value"), user: try row.optional("end_user"),
                    createdAt: try row.timestamp("created_at"))
                grouped[record.logID, default: []].append(record)
            }
            return grouped
        }
    }

    /// The feedback types a project declared.
    public func feedbackTypes(projectID: String, orgID: String) async throws -> [FeedbackTypeRecord] {
        try await connections.read { database in
            try await database.raw(
                """
                SELECT type, class, label_values FROM feedback_types
                WHERE project_id = \(bind: projectID) AND org_id = \(bind: orgID) ORDER BY created_at, type
                """
            ).all().map { row in
                FeedbackTypeRecord(
                    type: try row.decode(column: "type", as: String.self), feedbackClass: try row.optional("class"),
                    values: try row.decode(column: "label_values", as: String.self))
            }
        }
    }

    /// Creates or replaces feedback types of a project.
    public func upsertFeedbackTypes(_ types: [FeedbackTypeRecord], projectID: String, orgID: String) async throws {
        try await connections.transaction { database in
            let now = Clock.nowMicros()
            for type in types {
                try await database.raw(
                    """
                    INSERT INTO feedback_types (org_id, project_id, type, class, label_values, created_at)
                    VALUES (\(bind: orgID), \(bind: projectID), \(bind: type.type), \(bind: type.feedbackClass),
                            \(bind: type.values), \(bind: now))
                    ON CONFLICT (project_id, type) DO UPDATE SET
                        class = excluded.class, label_values = excluded.label_values
                    """
                ).run()
            }
        }
    }
}
