import HumanloopAPI

extension HumanloopClient {
    /// Generates a completion with the model config given inline (`POST /completion`).
    ///
    /// The config is stored on first use and its id returned in each sample's `model_config_id`; the
    /// project named by `project` is created on first use.
    /// - Parameter request: The config, the inputs for its `prompt_template`, and the shared options.
    /// - Returns: One sample per `num_samples`, with the ids of their logs.
    /// - Throws: ``HumanloopError``; `CancellationError` when the calling task is cancelled.
    public func complete(_ request: CompletionRequest) async throws -> CompletionResponse {
        try await generate(request, at: "completion")
    }

    /// Generates a completion with the config (or experiment) deployed to an environment of the project
    /// (`POST /completion-deployed`); the default environment when the request names none.
    /// - Parameter request: The project (`project` or `project_id`), the environment and the inputs.
    /// - Returns: One sample per `num_samples`.
    /// - Throws: ``HumanloopError``; `.notFound` when the project has nothing deployed there.
    public func completeDeployed(_ request: CompletionDeployedRequest) async throws -> CompletionResponse {
        try await generate(request, at: "completion-deployed")
    }

    /// Generates a completion with a config sampled, per sample, from an experiment
    /// (`POST /completion-experiment`).
    /// - Parameter request: The experiment id and the inputs.
    /// - Returns: One sample per `num_samples`, each naming the config it drew.
    /// - Throws: ``HumanloopError``.
    public func completeExperiment(_ request: CompletionExperimentRequest) async throws -> CompletionResponse {
        try await generate(request, at: "completion-experiment")
    }

    /// Generates a completion with a stored model config (`POST /completion-model-config`).
    /// - Parameter request: The config id and the inputs.
    /// - Returns: One sample per `num_samples`.
    /// - Throws: ``HumanloopError``.
    public func completeModelConfiguration(_ request: CompletionModelConfigRequest) async throws
        -> CompletionResponse
    {
        try await generate(request, at: "completion-model-config")
    }

    /// Streams a completion with an inline model config: ``complete(_:)`` with `stream: true`.
    ///
    /// Each chunk is a `CompletionResponse` holding one sample's delta in `data[0].output`; concatenate
    /// the outputs of one `index`. A sample's last chunk has its `finish_reason`; the stream's last chunk
    /// has the `usage`. Cancelling the task that iterates (or dropping the stream) closes the connection,
    /// and the server stops the generation.
    /// - Parameter request: As for ``complete(_:)``; its `stream` flag is set for you.
    /// - Returns: The chunks, once the server has accepted the request.
    /// - Throws: Before the first chunk, the ``HumanloopError`` of a refused request; while iterating, the
    ///   ``HumanloopError`` of a failure after the stream began (its chunks so far are a partial output).
    public func completeStream(_ request: CompletionRequest) async throws
        -> AsyncThrowingStream<CompletionResponse, any Error>
    {
        try await generateStream(request, at: "completion")
    }

    /// Streams a completion with the deployed config: ``completeDeployed(_:)`` with `stream: true`.
    /// See ``completeStream(_:)`` for the chunks and cancellation.
    public func completeDeployedStream(_ request: CompletionDeployedRequest) async throws
        -> AsyncThrowingStream<CompletionResponse, any Error>
    {
        try await generateStream(request, at: "completion-deployed")
    }

    /// Streams a completion sampled from an experiment: ``completeExperiment(_:)`` with `stream: true`.
    /// See ``completeStream(_:)`` for the chunks and cancellation.
    public func completeExperimentStream(_ request: CompletionExperimentRequest) async throws
        -> AsyncThrowingStream<CompletionResponse, any Error>
    {
        try await generateStream(request, at: "completion-experiment")
    }

    /// Streams a completion with a stored config: ``completeModelConfiguration(_:)`` with `stream: true`.
    /// See ``completeStream(_:)`` for the chunks and cancellation.
    public func completeModelConfigurationStream(_ request: CompletionModelConfigRequest) async throws
        -> AsyncThrowingStream<CompletionResponse, any Error>
    {
        try await generateStream(request, at: "completion-model-config")
    }
}
