import NIOSSL

/// Where and how the server reaches the model providers: base URLs, deadline, pool size, retries.
///
/// It comes from server configuration only (`LOOPGATE_*` variables), never from a request, so a caller
/// can never point the server at an address of their choosing.
public struct ProviderConfiguration: Sendable, Hashable {
    /// `LOOPGATE_OPENAI_BASE_URL`: the API root of OpenAI or of any OpenAI-compatible server.
    public var openAIBaseURL: String
    /// `LOOPGATE_ANTHROPIC_BASE_URL`: Loopgate appends `/v1/messages`.
    public var anthropicBaseURL: String
    /// `LOOPGATE_COHERE_BASE_URL`: Loopgate appends `/v2/chat`.
    public var cohereBaseURL: String
    /// `LOOPGATE_AI21_BASE_URL`: Loopgate appends `/chat/completions`.
    public var ai21BaseURL: String
    /// `LOOPGATE_AZURE_OPENAI_ENDPOINT`: the resource endpoint; Azure has no default, so `nil` until set.
    public var azureEndpoint: String?
    /// `LOOPGATE_AZURE_OPENAI_API_VERSION`.
    public var azureAPIVersion: String
    /// `LOOPGATE_GOOGLE_BASE_URL`: Loopgate appends `/models/{model}:generateContent`.
    public var googleBaseURL: String
    /// `LOOPGATE_GROQ_BASE_URL`: an OpenAI-compatible root.
    public var groqBaseURL: String
    /// `LOOPGATE_PROVIDER_TIMEOUT`: bounds every provider call, retries included (for a stream: until
    /// its headers, then between two reads).
    public var timeout: Duration
    /// `LOOPGATE_PROVIDER_MAX_CONNECTIONS`: the shared client's connections per host at most (each carries
    /// one call at a time, so this bounds the concurrent calls to one provider; more wait in line).
    public var maxConnectionsPerHost: Int
    /// `LOOPGATE_ANTHROPIC_MAX_TOKENS`: sent when a config says `-1`, because Anthropic requires a limit.
    public var anthropicMaxTokens: Int
    /// Models served by OpenAI's legacy `/completions` API: the known ones plus
    /// `LOOPGATE_OPENAI_COMPLETION_MODELS` (comma-separated), for compatible servers and Azure deployments.
    public var completionModels: Set<String>
    /// How failed upstream calls are retried (`LOOPGATE_PROVIDER_MAX_RETRIES` sets the count).
    public var retry: RetryPolicy
    /// `LOOPGATE_PROVIDER_CA_FILE`: a PEM file of certificates trusted for provider calls besides the
    /// system's, for an OpenAI-compatible server behind a private certificate authority.
    public var trustedCertificatesFile: String?

    /// The legacy completion models OpenAI still serves.
    public static let knownCompletionModels: Set<String> = ["gpt-3.5-turbo-instruct", "davinci-002", "babbage-002"]

    public init(
        openAIBaseURL: String = "https://api.openai.com/v1",
        anthropicBaseURL: String = "https://api.anthropic.com",
        cohereBaseURL: String = "https://api.cohere.com",
        ai21BaseURL: String = "https://api.ai21.com/studio/v1",
        azureEndpoint: String? = nil,
        azureAPIVersion: String = "2024-10-21",
        googleBaseURL: String = "https://generativelanguage.googleapis.com/v1beta",
        groqBaseURL: String = "https://api.groq.com/openai/v1",
        timeout: Duration = .seconds(120),
        maxConnectionsPerHost: Int = 1024,
        anthropicMaxTokens: Int = 4096,
        completionModels: Set<String> = ProviderConfiguration.knownCompletionModels,
        retry: RetryPolicy = RetryPolicy(),
        trustedCertificatesFile: String? = nil
    ) {
        self.openAIBaseURL = Self.trimmingTrailingSlashes(openAIBaseURL)
        self.anthropicBaseURL = Self.trimmingTrailingSlashes(anthropicBaseURL)
        self.cohereBaseURL = Self.trimmingTrailingSlashes(cohereBaseURL)
        self.ai21BaseURL = Self.trimmingTrailingSlashes(ai21BaseURL)
        self.azureEndpoint = azureEndpoint.map(Self.trimmingTrailingSlashes)
        self.azureAPIVersion = azureAPIVersion
        self.googleBaseURL = Self.trimmingTrailingSlashes(googleBaseURL)
        self.groqBaseURL = Self.trimmingTrailingSlashes(groqBaseURL)
        self.timeout = timeout
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.anthropicMaxTokens = anthropicMaxTokens
        self.completionModels = completionModels
        self.retry = retry
        self.trustedCertificatesFile = trustedCertificatesFile
    }

    /// Reads the `LOOPGATE_*` provider settings; unset variables keep their defaults.
    ///
    /// - Throws: `ProviderConfigurationError` naming the variable when a value is unusable, so a typo stops the
    ///   server at start instead of silently falling back to a default.
    public init(environment: [String: String]) throws(ProviderConfigurationError) {
        let defaults = ProviderConfiguration()
        let reader = EnvironmentReader(environment: environment)
        self.init(
            openAIBaseURL: try reader.url("LOOPGATE_OPENAI_BASE_URL") ?? defaults.openAIBaseURL,
            anthropicBaseURL: try reader.url("LOOPGATE_ANTHROPIC_BASE_URL") ?? defaults.anthropicBaseURL,
            cohereBaseURL: try reader.url("LOOPGATE_COHERE_BASE_URL") ?? defaults.cohereBaseURL,
            ai21BaseURL: try reader.url("LOOPGATE_AI21_BASE_URL") ?? defaults.ai21BaseURL,
            azureEndpoint: try reader.url("LOOPGATE_AZURE_OPENAI_ENDPOINT"),
            azureAPIVersion: reader.string("LOOPGATE_AZURE_OPENAI_API_VERSION") ?? defaults.azureAPIVersion,
            googleBaseURL: try reader.url("LOOPGATE_GOOGLE_BASE_URL") ?? defaults.googleBaseURL,
            groqBaseURL: try reader.url("LOOPGATE_GROQ_BASE_URL") ?? defaults.groqBaseURL,
            timeout: try reader.seconds("LOOPGATE_PROVIDER_TIMEOUT") ?? defaults.timeout,
            maxConnectionsPerHost: try reader.positiveInteger("LOOPGATE_PROVIDER_MAX_CONNECTIONS")
                ?? defaults.maxConnectionsPerHost,
            anthropicMaxTokens: try reader.positiveInteger("LOOPGATE_ANTHROPIC_MAX_TOKENS")
                ?? defaults.anthropicMaxTokens,
            completionModels: defaults.completionModels.union(reader.list("LOOPGATE_OPENAI_COMPLETION_MODELS")),
            retry: RetryPolicy(
                maxRetries: try reader.nonNegativeInteger("LOOPGATE_PROVIDER_MAX_RETRIES")
                    ?? defaults.retry.maxRetries),
            trustedCertificatesFile: try reader.certificatesFile("LOOPGATE_PROVIDER_CA_FILE")
        )
    }

    /// Whether `model` is served by the legacy completions API rather than chat.
    public func isCompletionModel(_ model: String) -> Bool {
        completionModels.contains(model)
    }

    static func trimmingTrailingSlashes(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

/// Reads typed values out of the environment, naming the variable when one is unusable.
private struct EnvironmentReader {
    let environment: [String: String]

    /// The trimmed value; an empty value counts as unset.
    func string(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    /// An absolute `http` or `https` URL.
    func url(_ name: String) throws(ProviderConfigurationError) -> String? {
        guard let value = string(name) else { return nil }
        let lowercased = value.lowercased()
        guard lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://"), value.count > "https://".count
        else {
            throw ProviderConfigurationError(variable: name, message: "must be an http(s) URL, got '\(value)'")
        }
        return value
    }

    func seconds(_ name: String) throws(ProviderConfigurationError) -> Duration? {
        guard let value = string(name) else { return nil }
        guard let seconds = Double(value), seconds.isFinite, seconds > 0 else {
            throw ProviderConfigurationError(
                variable: name, message: "must be a positive number of seconds, got '\(value)'")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    func positiveInteger(_ name: String) throws(ProviderConfigurationError) -> Int? {
        guard let value = string(name) else { return nil }
        guard let number = Int(value), number > 0 else {
            throw ProviderConfigurationError(variable: name, message: "must be a positive integer, got '\(value)'")
        }
        return number
    }

    func nonNegativeInteger(_ name: String) throws(ProviderConfigurationError) -> Int? {
        guard let value = string(name) else { return nil }
        guard let number = Int(value), number >= 0 else {
            throw ProviderConfigurationError(variable: name, message: "must be an integer of 0 or more, got '\(value)'")
        }
        return number
    }

    /// The path of a readable PEM file holding at least one certificate (checked now, so a wrong path
    /// stops the server at start rather than failing its first TLS call).
    func certificatesFile(_ name: String) throws(ProviderConfigurationError) -> String? {
        guard let path = string(name) else { return nil }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw ProviderConfigurationError(
                variable: name, message: "must name a readable PEM file of certificates, got '\(path)'")
        }
        guard !certificates.isEmpty else {
            throw ProviderConfigurationError(variable: name, message: "holds no PEM certificate: '\(path)'")
        }
        return path
    }

    /// Comma-separated names, blanks dropped.
    func list(_ name: String) -> Set<String> {
        guard let value = string(name) else { return [] }
        return Set(value.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty })
    }
}
