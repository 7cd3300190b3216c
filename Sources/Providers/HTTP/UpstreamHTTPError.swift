/// A failure of the upstream HTTP exchange itself (not an answer the provider gave).
public struct UpstreamHTTPError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The URL is not an absolute `http` or `https` URL with a host.
        case invalidURL
        /// The connection closed before the answer's head arrived.
        case closedBeforeAnswer
        /// The connection closed after the head, before the answer's end.
        case closedMidAnswer
        /// Nothing arrived for the read timeout while the answer was being read.
        case readTimeout
        /// The call's deadline passed before its answer (for a stream: its 2xx head) arrived.
        case deadlineExceeded
        /// The answer is larger than the caller would read.
        case answerTooLarge
        /// The client is shut down.
        case shutDown
    }

    public var kind: Kind

    public var description: String {
        switch kind {
        case .invalidURL: "the provider URL is not an absolute http(s) URL"
        case .closedBeforeAnswer: "the connection closed before the provider answered"
        case .closedMidAnswer: "the connection closed in the middle of the answer"
        case .readTimeout: "nothing arrived within the read timeout"
        case .deadlineExceeded: "no answer before the deadline"
        case .answerTooLarge: "the answer is larger than the limit"
        case .shutDown: "the provider client is shut down"
        }
    }

    static let invalidURL = UpstreamHTTPError(kind: .invalidURL)
    static let closedBeforeAnswer = UpstreamHTTPError(kind: .closedBeforeAnswer)
    static let closedMidAnswer = UpstreamHTTPError(kind: .closedMidAnswer)
    static let readTimeout = UpstreamHTTPError(kind: .readTimeout)
    static let deadlineExceeded = UpstreamHTTPError(kind: .deadlineExceeded)
    static let answerTooLarge = UpstreamHTTPError(kind: .answerTooLarge)
    static let shutDown = UpstreamHTTPError(kind: .shutDown)
}
