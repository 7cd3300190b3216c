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

    static let mockConfig = ModelConfigRequest(model: "mock-1", provider: "mock")
    /// A second config of the mock, with its own content id.
    static let secondMockConfig = ModelConfigRequest(model: "mock-2", provider: "mock")

    /// A chat of one user message with a config source, changed by `change` (a project, options).
    static func chatRequest(
        _ message: String = "Hello there", config: ConfigSource = .inline(mockConfig),
        _ change: (inout GenerationRequest) -> Void = { _ in }
    ) -> GenerationRequest {
        var request = GenerationRequest(kind: .chat, config: config)
        request.messages = [ChatMessage(role: .user, content: .text(message))]
        change(&request)
        return request
    }

    /// Runs a chat (see `chatRequest`) and returns its result.
    func chat(
        _ message: String = "Hello there", config: ConfigSource = .inline(mockConfig),
        _ change: (inout GenerationRequest) -> Void = { _ in }
    ) async throws -> GenerationResult {
        try await gateway.generate(Self.chatRequest(message, config: config, change), orgID: orgID).response
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
