import HumanloopAPI
import Storage

/// `POST /feedback`: judgements on logs, which also move the experiments' success counters.
public final class FeedbackService: Sendable {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    /// Validates every item first (an unknown log is a 404 and nothing is written, so a retry is safe),
    /// then records them all in one transaction and answers once it is committed.
    public func submit(_ body: OneOrMany<FeedbackRequest>, orgID: String) async throws -> [FeedbackResponse] {
        let items = body.items
        let isList: Bool
        if case .many = body { isList = true } else { isList = false }
        var issues: [ValidationIssue] = []
        for (index, item) in items.enumerated() {
            let path: [LocationComponent] = isList ? ["body", .index(index)] : ["body"]
            if item.dataID == nil { issues.append(.missing(path + ["data_id"])) }
            if item.unset != true, item.value == nil || item.value == .null {
                issues.append(.missing(path + ["value"]))
            }
            if item.type.isEmpty {
                issues.append(ValidationIssue(loc: path + ["type"], msg: "type must not be empty", type: "value_error"))
            }
        }
        guard issues.isEmpty else { throw GatewayError.invalid(issues) }

        var logs: [String: LogRecord] = [:]
        var experiments: [String: [PositiveLabel]] = [:]
        for item in items {
            let logID = item.dataID ?? ""
            if logs[logID] != nil { continue }
            guard let log = try await store.log(id: logID, orgID: orgID) else {
                throw GatewayError.notFound("Log with id '\(logID)' not found")
            }
            logs[logID] = log
            if let experimentID = log.experimentID, experiments[experimentID] == nil {
                let labels = try await store.experiment(id: experimentID, orgID: orgID)?.positiveLabels
                experiments[experimentID] = Coding.decodeIfPresent([PositiveLabel].self, fromText: labels) ?? []
            }
        }

        let now = Clock.now()
        var writes: [FeedbackWrite] = []
        var responses: [FeedbackResponse] = []
        for item in items {
            let log = logs[item.dataID ?? ""]!
            let unset = item.unset == true
            let value = unset ? JSONValue.null : (item.value ?? .null)
            let record = FeedbackRecord(
                id: ResourceID.make(.feedback), orgID: orgID, logID: log.id, type: item.type,
                value: unset ? nil : value.serialized(), user: item.user, createdAt: item.createdAt ?? now)
            var effect: ExperimentEffect?
            if let experimentID = log.experimentID, let configID = log.configID,
                let success = Self.outcome(
                    of: item.type, value: unset ? nil : value, labels: experiments[experimentID] ?? [])
            {
                effect = ExperimentEffect(experimentID: experimentID, configID: configID, success: success)
            }
            writes.append(FeedbackWrite(record: record, unset: unset, experimentEffect: effect))
            responses.append(
                FeedbackResponse(
                    id: record.id, type: item.type, value: value, dataID: log.id, user: item.user,
                    createdAt: record.createdAt))
        }
        try await store.recordFeedback(writes)
        return responses
    }

    /// What feedback means for an experiment's log: `true` when (type, value) is a positive label,
    /// `false` when it is another value (or an unset) of a type that has positive labels, `nil` otherwise.
    static func outcome(of type: String, value: JSONValue?, labels: [PositiveLabel]) -> Bool? {
        let labelsOfType = labels.filter { $0.type == type }
        guard !labelsOfType.isEmpty else { return nil }
        guard let value else { return false }
        let text = value.stringValue ?? value.serialized()
        return labelsOfType.contains { $0.value == text }
    }
}
