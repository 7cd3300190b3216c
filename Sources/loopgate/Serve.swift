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
        // One pooled client for every provider call, shut down once the server has stopped.
        let providerConfiguration = try ProviderConfiguration(environment: ProcessInfo.processInfo.environment)
        let httpClient = ProviderRegistry.makeHTTPClient(configuration: providerConfiguration)
        defer { httpClient.shutdown() }
        let providers = ProviderRegistry.live(
            configuration: providerConfiguration, httpClient: httpClient, logger: logger)
        try await serve(configuration: configuration, providers: providers, logger: logger)
    }

    func serve(configuration: ServerConfiguration, providers: ProviderRegistry, logger: Logger) async throws {
        let (application, startupKey) = try await LoopgateApplication.make(
            configuration: configuration, providers: providers, logger: logger)
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
                "address": "\(configuration.host):\(configuration.port)", "database": "\(configuration.database)",
            ])
        try await application.runService()
    }

    func serverConfiguration() throws -> ServerConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let synchronous: SQLiteConnections.Synchronous =
            Environment.value("LOOPGATE_SQLITE_SYNCHRONOUS")?.uppercased() == "FULL" ? .full : .normal
        let ttlSeconds =
            try Environment.value("LOOPGATE_CACHE_TTL").map { text in
                guard let seconds = Double(text), seconds >= 0 else {
                    throw ValidationError("LOOPGATE_CACHE_TTL must be a number of seconds, got '\(text)'")
                }
                return seconds
            } ?? 1
        let port =
            try self.port ?? Environment.value("LOOPGATE_PORT").map { text in
                guard let port = Int(text), (0...65535).contains(port) else {
                    throw ValidationError("LOOPGATE_PORT must be a port number, got '\(text)'")
                }
                return port
            } ?? 8080
        let poolSize =
            try Environment.value("LOOPGATE_DB_POOL_SIZE").map { text in
                guard let size = Int(text), size > 0 else {
                    throw ValidationError("LOOPGATE_DB_POOL_SIZE must be a positive number, got '\(text)'")
                }
                return size
            } ?? 16
        let poolTimeout =
            try Environment.value("LOOPGATE_DB_POOL_TIMEOUT").map { text in
                guard let seconds = Double(text), seconds > 0 else {
                    throw ValidationError("LOOPGATE_DB_POOL_TIMEOUT must be a number of seconds, got '\(text)'")
                }
                return seconds
            } ?? 2
        return ServerConfiguration(
            host: host ?? Environment.value("LOOPGATE_HOST") ?? "127.0.0.1",
            port: port,
            database: try databaseOptions.url(),
            storage: SQLStore.Options(
                sqliteSynchronous: synchronous, poolSize: poolSize,
                poolTimeout: .milliseconds(Int64(poolTimeout * 1000))),
            apiKey: Environment.value("LOOPGATE_API_KEY"),
            keyCacheTTL: .milliseconds(Int64(ttlSeconds * 1000)),
            providerKeys: ProviderKeys(environment: environment)
        )
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
