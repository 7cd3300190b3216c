import Hummingbird
import HummingbirdCore
import Logging
import LoopgateCore
import Providers
import ServiceLifecycle
import Storage

/// Builds the Loopgate server: storage, the log writer, the gateway, and the routes over them.
public enum LoopgateApplication {
    /// What start-up did about keys, so the caller can print a new key once.
    public typealias StartupKey = KeyManagement.StartupKey

    /// Opens and migrates the database, makes sure a key exists, and returns the application to run.
    public static func make(
        configuration: ServerConfiguration,
        providers: ProviderRegistry = .offline,
        logger: Logger
    ) async throws -> (application: some ApplicationProtocol, startupKey: StartupKey) {
        let store = try SQLStore.open(
            configuration.database, options: configuration.storage, logger: logger)
        do {
            try await store.migrate()
            let startupKey = try await KeyManagement(store: store).ensureStartupKey(configuredKey: configuration.apiKey)
            let application = application(
                store: store, configuration: configuration, providers: providers, logger: logger)
            return (application, startupKey)
        } catch {
            await store.shutdown()
            throw error
        }
    }

    static func application(
        store: SQLStore, configuration: ServerConfiguration, providers: ProviderRegistry, logger: Logger
    ) -> some ApplicationProtocol {
        let logWriter = LogWriter(store: store, logger: logger)
        let router = makeRouter(
            store: store, logWriter: logWriter, configuration: configuration, providers: providers, logger: logger)
        let limits = configuration.connections
        return Application(
            router: router,
            server: .http1(
                configuration: HTTP1Channel.Configuration(
                    additionalChannelHandlers: [
                        RequestBodyLimitHandler(maxBodyBytes: limits.maxBodyBytes),
                        ConnectionTimeoutHandler(limits: limits),
                    ])),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "loopgate",
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)),
            // Shut down in reverse: the server finishes in-flight requests, then the log writer commits
            // what they queued, then the database closes.
            services: [DatabaseService(store: store), logWriter],
            logger: logger
        )
    }

    /// The routes, each area's controller over the core services it needs.
    static func makeRouter(
        store: SQLStore, logWriter: LogWriter, configuration: ServerConfiguration, providers: ProviderRegistry,
        logger: Logger
    ) -> Router<LoopgateRequestContext> {
        PrometheusMetrics.bootstrap()
        let configs = ConfigCatalog(store: store)
        let projectDirectory = ProjectDirectory(store: store)
        let organizations = OrganizationDirectory(store: store)
        let gateway = Gateway(
            store: store, logWriter: logWriter, providers: providers, providerKeys: configuration.providerKeys,
            configs: configs, projects: projectDirectory, logger: logger)
        let configService = ConfigService(store: store, configs: configs, projects: projectDirectory)
        let experiments = ExperimentService(
            store: store, configs: configs, projects: projectDirectory, configService: configService)
        let deployments = DeploymentService(
            store: store, configs: configs, projects: projectDirectory, configService: configService,
            experiments: experiments)
        let projects = ProjectService(
            store: store, organizations: organizations, projects: projectDirectory, configService: configService,
            experiments: experiments)
        let logs = LogService(store: store, configs: configs, projects: projectDirectory, logWriter: logWriter)

        let router = Router(context: LoopgateRequestContext.self)
        router.add(middleware: ResponseEnvelopeMiddleware())
        router.add(middleware: BodyLimitMiddleware(maxBodyBytes: configuration.connections.maxBodyBytes))
        SystemRoutes().addRoutes(to: router)
        let api = router.group("v4")
            .add(
                middleware: APIKeyMiddleware(
                    authenticator: APIKeyAuthenticator(store: store, ttl: configuration.keyCacheTTL)))
        GenerationRoutes(gateway: gateway).addRoutes(to: api)
        ProjectRoutes(projects: projects, configs: configService, deployments: deployments, logs: logs)
            .addRoutes(to: api)
        ModelConfigRoutes(configs: configService).addRoutes(to: api)
        ExperimentRoutes(experiments: experiments).addRoutes(to: api)
        SessionRoutes(sessions: SessionService(store: store, logs: logs, projects: projectDirectory)).addRoutes(to: api)
        FeedbackRoutes(feedback: FeedbackService(store: store)).addRoutes(to: api)
        LogRoutes(logs: logs).addRoutes(to: api)
        NotImplementedRoutes().addRoutes(to: api)
        return router
    }
}

/// Closes the database once everything that uses it has stopped.
struct DatabaseService: Service {
    let store: SQLStore

    func run() async throws {
        try? await gracefulShutdown()
        await store.shutdown()
    }
}
