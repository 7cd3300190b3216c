import ArgumentParser
import Foundation
import Hummingbird
import Logging
import LoopgateCore
import LoopgateServer
import Providers
import Storage

/// `loopgate serve`: run the gateway.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Loopgate server.")

    @Option(help: "Address to listen on (env LOOPGATE_HOST).")
    var host: String?

    @Option(help: "Port to listen on (env LOOPGATE_PORT).")
    var port: Int?

    @OptionGroup var databaseOptions: DatabaseOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (env LOOPGATE_LOG_LEVEL).")
    var logLevel: String?

    func run() async throws {
        var logger = Logger(label: "loopgate")
        logger.logLevel = Logger.Level(rawValue: logLevel ?? Environment.value("LOOPGATE_LOG_LEVEL") ?? "info") ?? .info
        let configuration = try serverConfiguration()
        let settings = try coreSettings()
        // One pooled client for every provider call, shut down once the server has stopped.
        let providerConfiguration = try ProviderConfiguration(environment: ProcessInfo.processInfo.environment)
        let httpClient = ProviderRegistry.makeHTTPClient(configuration: providerConfiguration)
        defer { httpClient.shutdown() }
        let providers = ProviderRegistry.live(
            configuration: providerConfiguration, httpClient: httpClient, logger: logger)
        try await serve(configuration: configuration, settings: settings, providers: providers, logger: logger)
    }

    func serve(
        configuration: ServerConfiguration, settings: CoreSettings, providers: ProviderRegistry, logger: Logger
    ) async throws {
        let (services, startupKey) = try await LoopgateServices.open(settings, providers: providers, logger: logger)
        let application = LoopgateApplication.make(services: services, configuration: configuration, logger: logger)
        switch startupKey {
        case .created(let key):
            print(
                """
                Loopgate created the first API key of organisation 'default'. It is shown only this once:

                    \(key)

                Send it in the X-API-KEY header. Make more with `loopgate keys create`.
                """)
        case .configuredButRevoked:
            logger.warning("LOOPGATE_API_KEY was revoked earlier and stays revoked")
        case .configured, .existing:
            break
        }
        logger.info(
            "Loopgate listening",
            metadata: [
                "address": "\(configuration.host):\(configuration.port)", "database": "\(settings.database)",
                "max_connections": "\(configuration.connections.maxConnections)",
                "max_body_bytes": "\(configuration.connections.maxBodyBytes)",
            ])
        try await application.runService()
    }

    func serverConfiguration() throws -> ServerConfiguration {
        let port =
            try self.port ?? Environment.value("LOOPGATE_PORT").map { text in
                guard let port = Int(text), (0...65535).contains(port) else {
                    throw ValidationError("LOOPGATE_PORT must be a port number, got '\(text)'")
                }
                return port
            } ?? 8080
        return ServerConfiguration(
            host: host ?? Environment.value("LOOPGATE_HOST") ?? "127.0.0.1", port: port,
            connections: try connectionLimits(), metricsToken: Environment.value("LOOPGATE_METRICS_TOKEN"))
    }

    /// The database, how to reach it, and the keys.
    func coreSettings() throws -> CoreSettings {
        let synchronous: SQLiteConnections.Synchronous =
            Environment.value("LOOPGATE_SQLITE_SYNCHRONOUS")?.uppercased() == "FULL" ? .full : .normal
        return CoreSettings(
            database: try databaseOptions.url(),
            storage: SQLStore.Options(
                sqliteSynchronous: synchronous,
                poolSize: try Environment.positiveInteger("LOOPGATE_DB_POOL_SIZE") ?? 16,
                poolTimeout: try Environment.seconds("LOOPGATE_DB_POOL_TIMEOUT", default: .seconds(2))),
            apiKey: Environment.value("LOOPGATE_API_KEY"),
            keyCacheTTL: try Environment.seconds("LOOPGATE_CACHE_TTL", default: .seconds(1), allowZero: true),
            providerKeys: ProviderKeys(environment: ProcessInfo.processInfo.environment),
            maxRenderedBytes: try Environment.positiveInteger("LOOPGATE_MAX_RENDERED_BYTES")
                ?? CoreSettings.defaultMaxRenderedBytes,
            logRetention: try Environment.days("LOOPGATE_LOG_RETENTION_DAYS"))
    }

    /// The client connections' limits. The file limit is raised first, and the connection cap, unless
    /// given, is what it leaves after the database's and the provider calls' share.
    func connectionLimits() throws -> ConnectionLimits {
        let fileLimit = FileDescriptorLimit.raiseToHardLimit() ?? 1024
        let defaults = ConnectionLimits()
        return ConnectionLimits(
            headerTimeout: try Environment.seconds("LOOPGATE_HEADER_TIMEOUT", default: defaults.headerTimeout),
            bodyTimeout: try Environment.seconds("LOOPGATE_BODY_TIMEOUT", default: defaults.bodyTimeout),
            idleTimeout: try Environment.seconds("LOOPGATE_IDLE_TIMEOUT", default: defaults.idleTimeout),
            sendTimeout: try Environment.seconds("LOOPGATE_SEND_TIMEOUT", default: defaults.sendTimeout),
            maxBodyBytes: try Environment.positiveInteger("LOOPGATE_MAX_BODY_BYTES") ?? defaults.maxBodyBytes,
            maxConnections: try Environment.positiveInteger("LOOPGATE_MAX_CONNECTIONS")
                ?? ConnectionLimits.maxConnections(forFileLimit: fileLimit))
    }
}

/// `loopgate migrate`: bring the database schema up to date and exit.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        try await databaseOptions.withStore { _ in }
        print("The database schema is at version \(Migrations.latestVersion).")
    }
}
