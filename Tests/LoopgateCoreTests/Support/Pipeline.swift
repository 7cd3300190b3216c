import HumanloopAPI
import Logging
import LoopgateCore
import Providers
import Storage
import Synchronization

/// The gateway over an `InMemoryStore` and the mock provider (plus any test providers): the whole
/// pipeline with no database, network or server, so its rules are tested in microseconds.
struct Pipeline {
    let store = InMemoryStore()
    let orgID: String
    let gateway: Gateway

    init(providers: [any Provider] = [], providerKeys: ProviderKeys = ProviderKeys()) async throws {
        orgID = try await store.ensureOrganization(named: "acme").id
        var logger = Logger(label: "core-tests")
        logger.logLevel = .critical
        let configs = ConfigCatalog(store: store)
        gateway = Gateway(
            store: store, logWriter: LogWriter(store: store, logger: logger),
            providers: ProviderRegistry([MockProvider()] + providers), providerKeys: providerKeys, configs: configs,
            projects: ProjectDirectory(store: store), logger: logger)
    }

    /// A chat body of any selection, from its JSON text (as the server decodes it).
    static func chatBody<Config: ConfigSelection>(_ config: Config.Type, _ json: String) throws -> ChatBody<Config> {
        try JSONTreeDecoder().decode(ChatBody<Config>.self, from: try JSONValue(parsing: json))
    }

    /// A chat body with an inline config.
    static func chatBody(_ json: String) throws -> ChatBody<InlineConfig> {
        try chatBody(InlineConfig.self, json)
    }

    static func completionBody(_ json: String) throws -> CompletionBody<InlineConfig> {
        try JSONTreeDecoder().decode(CompletionBody<InlineConfig>.self, from: try JSONValue(parsing: json))
    }

    static let mockConfig = #"{"provider":"mock","model":"mock-1"}"#
    /// A second config of the mock, with its own content id.
    static let secondMockConfig = #"{"provider":"mock","model":"mock-2"}"#

    /// An inline chat (the mock's first config unless `config` says); `extra` is more members of the body
    /// (`,"project":"p"`).
    func chat(_ message: String = "Hello there", config: String = mockConfig, extra: String = "") async throws
        -> ChatResponse
    {
        try await gateway.chat(
            try Self.chatBody(
                #"{"model_config":\#(config),"messages":[{"role":"user","content":"\#(message)"}]\#(extra)}"#),
            orgID: orgID
        ).response
    }

    /// Every log the store holds for a project.
    func logs(projectID: String) async throws -> [LogRecord] {
        try await store.listLogs(orgID: orgID, projectID: projectID, page: 0, size: 1000).records
    }
}

/// A provider that answers like the mock under another provider's name and remembers the key of each call.
final class KeyRecordingProvider: Provider {
    let name: ModelProvider
    private let keys = Mutex<[String?]>([])

    init(name: ModelProvider) {
        self.name = name
    }

    var keysSeen: [String?] { keys.withLock { $0 } }

    func generate(_ request: ProviderRequest) async throws -> ProviderResult {
        keys.withLock { $0.append(request.apiKey) }
        return try await MockProvider().generate(request)
    }

    func stream(_ request: ProviderRequest) async throws -> ProviderStream {
        keys.withLock { $0.append(request.apiKey) }
        return try await MockProvider().stream(request)
    }
}
