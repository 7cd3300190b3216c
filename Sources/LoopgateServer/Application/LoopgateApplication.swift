import Hummingbird
import HummingbirdCore
import Logging
import LoopgateCore

/// Builds the Loopgate server: the HTTP application and its routes over the core's services.
public enum LoopgateApplication {
    /// The application to run over opened services (`LoopgateServices.open`).
    public static func make(services: LoopgateServices, configuration: ServerConfiguration, logger: Logger)
        -> some ApplicationProtocol
    {
        let router = makeRouter(services: services, configuration: configuration)
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
            // Shut down in reverse: the server finishes in-flight requests, then the core's services stop.
            services: services.lifecycle,
            logger: logger
        )
    }

    /// The routes, each area's controller over the core services it needs.
    static func makeRouter(services: LoopgateServices, configuration: ServerConfiguration)
        -> Router<LoopgateRequestContext>
    {
        PrometheusMetrics.bootstrap()
        let router = Router(context: LoopgateRequestContext.self)
        router.add(middleware: ResponseEnvelopeMiddleware())
        router.add(middleware: BodyLimitMiddleware(maxBodyBytes: configuration.connections.maxBodyBytes))
        SystemRoutes(metricsAccess: MetricsAccess(token: configuration.metricsToken)).addRoutes(to: router)
        let api = router.group("v4").add(middleware: APIKeyMiddleware(authenticator: services.authenticator))
        GenerationRoutes(gateway: services.gateway).addRoutes(to: api)
        ProjectRoutes(
            projects: services.projects, configs: services.configs, deployments: services.deployments,
            logs: services.logs
        )
        .addRoutes(to: api)
        ModelConfigRoutes(configs: services.configs).addRoutes(to: api)
        ExperimentRoutes(experiments: services.experiments).addRoutes(to: api)
        SessionRoutes(sessions: services.sessions).addRoutes(to: api)
        FeedbackRoutes(feedback: services.feedback).addRoutes(to: api)
        LogRoutes(logs: services.logs).addRoutes(to: api)
        NotImplementedRoutes().addRoutes(to: api)
        // v5 beside v4, on the same keys, organisations and data (CONTRACT-v5.md).
        let v5 = router.group("v5").add(middleware: APIKeyMiddleware(authenticator: services.authenticator))
        PromptRoutes(
            prompts: services.prompts, gateway: services.gateway, logs: services.logs, fileLogs: services.fileLogs
        ).addRoutes(to: v5)
        VersionedFileRoutes.tools(files: services.files, logs: services.fileLogs).addRoutes(to: v5)
        VersionedFileRoutes.flows(files: services.files, logs: services.fileLogs).addRoutes(to: v5)
        VersionedFileRoutes.evaluators(files: services.files, logs: services.fileLogs).addRoutes(to: v5)
        DatasetRoutes(datasets: services.datasets, files: services.files, logs: services.fileLogs).addRoutes(to: v5)
        EvaluationRoutes(evaluations: services.evaluations).addRoutes(to: v5)
        FileLogRoutes(logs: services.fileLogs).addRoutes(to: v5)
        TraceImportRoutes(traces: services.traceImport).addRoutes(to: v5)
        FileRoutes(catalog: services.catalog).addRoutes(to: v5)
        DirectoryRoutes(directories: services.directories).addRoutes(to: v5)
        V5NotImplementedRoutes().addRoutes(to: v5)
        // OpenAI's API on the same pipeline, keys and data, its errors in OpenAI's shape (issue 27).
        let v1 = router.group("v1").add(middleware: OpenAIErrorMiddleware())
            .add(middleware: OpenAIAuthenticationMiddleware(authenticator: services.authenticator))
        OpenAIRoutes(gateway: services.gateway, models: OpenAIModelCatalog(models: services.callableModels))
            .addRoutes(to: v1)
        return router
    }
}
