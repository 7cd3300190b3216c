import Logging
import Providers
import ServiceLifecycle
import Storage

/// Every service of the core, over one store, one log writer and one set of providers: what a server of
/// any API version is built on. The one place the core's parts are put together.
public final class LoopgateServices: Sendable {
    public let gateway: Gateway
    public let projects: ProjectService
    public let configs: ConfigService
    public let deployments: DeploymentService
    public let experiments: ExperimentService
    public let logs: LogService
    public let sessions: SessionService
    public let feedback: FeedbackService
    /// v5's Prompt files, on the same projects and configs.
    public let prompts: PromptService
    public let directories: DirectoryService
    /// v5's Tools, Flows, Evaluators and Datasets, and every v5 log read back with its file and trace.
    public let files: FileService
    /// Every file of every kind, for `/files` and directories.
    public let catalog: FileCatalog
    public let fileLogs: FileLogService
    public let datasets: DatasetService
    public let evaluations: EvaluationService
    /// The OpenTelemetry import the SDK's decorators send their spans to.
    public let traceImport: TraceImportService
    /// What a key can call by a model name (OpenAI's `/v1/models`).
    public let callableModels: CallableModels
    public let authenticator: APIKeyAuthenticator
    /// What runs beside the server, in the order it starts; it shuts down in reverse, after the server
    /// has finished its requests: the log writer commits what they queued, then the database closes.
    public let lifecycle: [any Service]
    private let closeStore: @Sendable () async -> Void

    /// What start-up did about keys, so the caller can print a new key once.
    public typealias StartupKey = KeyManagement.StartupKey

    /// Opens and migrates the database, makes sure a key opens the default organisation, and builds the
    /// services over it.
    public static func open(_ settings: CoreSettings, providers: ProviderRegistry, logger: Logger) async throws
        -> (services: LoopgateServices, startupKey: StartupKey)
    {
        let store = try SQLStore.open(settings.database, options: settings.storage, logger: logger)
        do {
            try await store.migrate()
            let startupKey = try await KeyManagement(store: store).ensureStartupKey(configuredKey: settings.apiKey)
            let logWriter = LogWriter(store: store, logger: logger)
            // Stopped first (the list shuts down in reverse): a pass in progress ends before the store closes.
            let retention = settings.logRetention.map { LogRetention(store: store, maximumAge: $0, logger: logger) }
            let services = LoopgateServices(
                store: store, logWriter: logWriter, settings: settings, providers: providers, logger: logger,
                lifecycle: [StoreService(store: store), logWriter] + (retention.map { [$0] } ?? []),
                closeStore: { await store.shutdown() })
            return (services, startupKey)
        } catch {
            await store.shutdown()
            throw error
        }
    }

    init(
        store: any Store, logWriter: LogWriter, settings: CoreSettings, providers: ProviderRegistry, logger: Logger,
        lifecycle: [any Service], closeStore: @escaping @Sendable () async -> Void
    ) {
        let configs = ConfigCatalog(store: store)
        let projectDirectory = ProjectDirectory(store: store)
        gateway = Gateway(
            store: store, logWriter: logWriter, providers: providers, providerKeys: settings.providerKeys,
            configs: configs, projects: projectDirectory, logger: logger, maxRenderedBytes: settings.maxRenderedBytes)
        self.configs = ConfigService(store: store, configs: configs, projects: projectDirectory)
        experiments = ExperimentService(
            store: store, configs: configs, projects: projectDirectory, configService: self.configs)
        deployments = DeploymentService(
            store: store, configs: configs, projects: projectDirectory, configService: self.configs,
            experiments: experiments)
        projects = ProjectService(
            store: store, organizations: OrganizationDirectory(store: store), projects: projectDirectory,
            configService: self.configs, experiments: experiments)
        logs = LogService(store: store, configs: configs, projects: projectDirectory, logWriter: logWriter)
        sessions = SessionService(store: store, logs: logs, projects: projectDirectory)
        feedback = FeedbackService(store: store)
        prompts = PromptService(store: store, configs: configs, projects: projectDirectory)
        files = FileService(store: store)
        catalog = FileCatalog(store: store, prompts: prompts, files: files)
        directories = DirectoryService(store: store, projects: projectDirectory, catalog: catalog)
        fileLogs = FileLogService(store: store, files: files, prompts: prompts, logWriter: logWriter)
        datasets = DatasetService(store: store, files: files)
        evaluations = EvaluationService(store: store, files: files, prompts: prompts, datasets: datasets)
        traceImport = TraceImportService(fileLogs: fileLogs, prompts: prompts, logs: logs)
        callableModels = CallableModels(store: store, providerKeys: settings.providerKeys)
        authenticator = APIKeyAuthenticator(store: store, ttl: settings.keyCacheTTL)
        self.lifecycle = lifecycle
        self.closeStore = closeStore
    }

    /// Closes the database of services that were opened but never run (their `lifecycle` closes it
    /// otherwise).
    public func close() async {
        await closeStore()
    }
}

/// Closes the database once everything that uses it has stopped.
struct StoreService: Service {
    let store: SQLStore

    func run() async throws {
        try? await gracefulShutdown()
        await store.shutdown()
    }
}
