import HumanloopAPI

extension HumanloopClient {
    /// Records feedback on a log (`POST /feedback`): a rating, an action, an issue, a correction, a comment
    /// or a custom type; feedback matching an experiment's positive labels counts as a success for it.
    /// - Parameter request: The type, the value (or `unset`), and the log's id as `data_id`.
    /// - Returns: The recorded feedback (`ann_…`).
    public func feedback(_ request: FeedbackRequest) async throws -> FeedbackResponse {
        try await transport.decode(FeedbackResponse.self, APIRequest(.POST, ["feedback"], json: request))
    }

    /// Records several feedback items at once (`POST /feedback` with a list); all are checked before any
    /// is written.
    /// - Parameter requests: The items.
    /// - Returns: The recorded feedback, in order.
    public func feedback(_ requests: [FeedbackRequest]) async throws -> [FeedbackResponse] {
        try await transport.decode([FeedbackResponse].self, APIRequest(.POST, ["feedback"], json: requests))
    }
}
