import HumanloopAPI

/// A body of one of the eight generation endpoints, as the client prepares it: told whether to stream,
/// and given the client's provider keys.
protocol GenerationBody: Encodable, Sendable {
    /// The fields all eight bodies share.
    var options: GenerationOptions { get set }
}

extension CompletionBody: GenerationBody {}

extension ChatBody: GenerationBody {}
