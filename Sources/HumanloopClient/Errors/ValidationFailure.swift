import HumanloopAPI

/// A `422` whose body is the FastAPI-shaped list of problems (`HTTPValidationError`).
public struct ValidationFailure: Sendable, Hashable {
    /// The problems, one per bad value, each with its location (`["body", "model_config", "model"]`),
    /// message and machine-readable kind: the decoded `detail` list.
    public var detail: [ValidationIssue]
    /// The status, message and request id of the answer.
    public var response: HTTPFailure

    /// Creates a validation failure from the decoded problems and the answer they came in.
    public init(detail: [ValidationIssue], response: HTTPFailure) {
        self.detail = detail
        self.response = response
    }
}
