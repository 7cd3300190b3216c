import Foundation
import HumanloopAPI

extension HumanloopClient {
    /// What a ``HumanloopClient`` connects to and how.
    public struct Configuration: Sendable {
        /// The environment variable read for the base URL when none is given.
        public static let baseURLVariable = "HUMANLOOP_BASE_URL"
        /// The environment variable read for the API key when none is given.
        public static let apiKeyVariable = "HUMANLOOP_API_KEY"

        /// The key sent as `X-API-KEY` on every call.
        public var apiKey: String
        /// The API root, including the `/v4` path, e.g. `http://127.0.0.1:8080/v4`; no trailing slash.
        public private(set) var baseURL: String
        /// Provider keys written into `provider_api_keys` of every generation body, for the providers the
        /// call does not name a key for itself (the per-call key wins), as the official SDKs do.
        public var providerAPIKeys: ProviderAPIKeys
        /// How long a call may wait for the answer's status and headers. A non-streamed generation answers
        /// only when it is complete, so this bounds it whole; a stream is bounded until its first byte and
        /// then runs until the server ends it or the consuming task is cancelled.
        public var timeout: Duration
        /// How long to keep trying to connect (a refused connection is retried until then) before a call
        /// fails with ``HumanloopError/connection(_:)``.
        public var connectTimeout: Duration
        /// Connections kept per host: each open stream holds one, so this caps concurrent streams before
        /// further calls wait for a free connection.
        public var maximumConnectionsPerHost: Int
        /// The largest non-streamed answer read, in bytes; a larger one fails with
        /// ``HumanloopError/invalidResponse(message:requestID:)``.
        public var maximumResponseSize: Int

        /// Creates a configuration; the base URL and the API key fall back to `HUMANLOOP_BASE_URL` and
        /// `HUMANLOOP_API_KEY`. There is no default host: a client never calls a server it was not pointed at.
        ///
        /// - Parameters:
        ///   - apiKey: The API key; `nil` reads `HUMANLOOP_API_KEY`.
        ///   - baseURL: The API root with its `/v4` path (`http://127.0.0.1:8080/v4`); `nil` reads
        ///     `HUMANLOOP_BASE_URL`.
        ///   - providerAPIKeys: Keys injected into generation bodies that lack them.
        ///   - timeout: The longest wait for an answer to begin.
        ///   - connectTimeout: The longest wait for a connection.
        ///   - maximumConnectionsPerHost: Connections kept open to the server.
        ///   - maximumResponseSize: The largest answer read, in bytes.
        ///   - environment: Where the fallbacks are read; the process environment by default.
        /// - Throws: ``HumanloopError/invalidConfiguration(_:)`` when there is no base URL or API key, or the
        ///   base URL is not an absolute `http` or `https` URL.
        public init(
            apiKey: String? = nil,
            baseURL: String? = nil,
            providerAPIKeys: ProviderAPIKeys = ProviderAPIKeys(),
            timeout: Duration = .seconds(60),
            connectTimeout: Duration = .seconds(10),
            maximumConnectionsPerHost: Int = 32,
            maximumResponseSize: Int = 64 * 1024 * 1024,
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) throws {
            guard let baseURL = baseURL ?? environment[Self.baseURLVariable], !baseURL.isEmpty else {
                throw HumanloopError.invalidConfiguration(
                    "no base URL: pass baseURL or set \(Self.baseURLVariable) (e.g. http://127.0.0.1:8080/v4)")
            }
            guard let apiKey = apiKey ?? environment[Self.apiKeyVariable], !apiKey.isEmpty else {
                throw HumanloopError.invalidConfiguration("no API key: pass apiKey or set \(Self.apiKeyVariable)")
            }
            guard timeout > .zero, connectTimeout > .zero else {
                throw HumanloopError.invalidConfiguration("timeouts must be positive")
            }
            guard maximumConnectionsPerHost > 0 else {
                throw HumanloopError.invalidConfiguration("maximumConnectionsPerHost must be positive")
            }
            self.apiKey = apiKey
            self.baseURL = try Self.normalize(baseURL: baseURL)
            self.providerAPIKeys = providerAPIKeys
            self.timeout = timeout
            self.connectTimeout = connectTimeout
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
            self.maximumResponseSize = maximumResponseSize
        }

        /// Checks that the URL is absolute `http(s)` with a host and no query, and drops trailing slashes.
        static func normalize(baseURL text: String) throws -> String {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https",
                let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
            else {
                throw HumanloopError.invalidConfiguration(
                    "base URL \"\(text)\" is not an absolute http(s) URL such as http://127.0.0.1:8080/v4")
            }
            var normalized = text
            while normalized.hasSuffix("/") { normalized.removeLast() }
            return normalized
        }
    }
}
