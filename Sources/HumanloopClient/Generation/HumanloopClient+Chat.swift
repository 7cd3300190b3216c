import HumanloopAPI

extension HumanloopClient {
    /// Generates the next chat message with the model config given inline (`POST /chat`).
    ///
    /// The rendered `chat_template` comes first, then the request's `messages`. Each sample's
    /// `output_message` is the assistant message ready to append to the conversation.
    /// - Parameter request: The config, the conversation, the template inputs and the shared options.
    /// - Returns: One sample per `num_samples`, with the ids of their logs.
    /// - Throws: ``HumanloopError``; `CancellationError` when the calling task is cancelled.
    public func chat(_ request: ChatRequest) async throws -> ChatResponse {
        try await generate(request, at: "chat")
    }

    /// Generates the next chat message with the config (or experiment) deployed to an environment of the
    /// project (`POST /chat-deployed`); the default environment when the request names none.
    /// - Parameter request: The project, the environment and the conversation.
    /// - Returns: One sample per `num_samples`.
    /// - Throws: ``HumanloopError``; `.notFound` when the project has nothing deployed there.
    public func chatDeployed(_ request: ChatDeployedRequest) async throws -> ChatResponse {
        try await generate(request, at: "chat-deployed")
    }

    /// Generates the next chat message with a config sampled, per sample, from an experiment
    /// (`POST /chat-experiment`).
    /// - Parameter request: The experiment id and the conversation.
    /// - Returns: One sample per `num_samples`, each naming the config it drew.
    /// - Throws: ``HumanloopError``.
    public func chatExperiment(_ request: ChatExperimentRequest) async throws -> ChatResponse {
        try await generate(request, at: "chat-experiment")
    }

    /// Generates the next chat message with a stored model config (`POST /chat-model-config`).
    /// - Parameter request: The config id and the conversation.
    /// - Returns: One sample per `num_samples`.
    /// - Throws: ``HumanloopError``.
    public func chatModelConfiguration(_ request: ChatModelConfigRequest) async throws -> ChatResponse {
        try await generate(request, at: "chat-model-config")
    }

    /// Streams a chat answer with an inline model config: ``chat(_:)`` with `stream: true`.
    ///
    /// Each chunk is a `ChatResponse` holding one sample's delta in `data[0].output` (and in
    /// `output_message.content`); concatenate the outputs of one `index`. A sample's last chunk has its
    /// `finish_reason` and any tool calls; the stream's last chunk has the `usage`. Cancelling the task
    /// that iterates (or dropping the stream) closes the connection, and the server stops the generation.
    /// - Parameter request: As for ``chat(_:)``; its `stream` flag is set for you.
    /// - Returns: The chunks, once the server has accepted the request.
    /// - Throws: Before the first chunk, the ``HumanloopError`` of a refused request; while iterating, the
    ///   ``HumanloopError`` of a failure after the stream began (its chunks so far are a partial output).
    public func chatStream(_ request: ChatRequest) async throws -> AsyncThrowingStream<ChatResponse, any Error> {
        try await generateStream(request, at: "chat")
    }

    /// Streams a chat answer with the deployed config: ``chatDeployed(_:)`` with `stream: true`.
    /// See ``chatStream(_:)`` for the chunks and cancellation.
    public func chatDeployedStream(_ request: ChatDeployedRequest) async throws
        -> AsyncThrowingStream<ChatResponse, any Error>
    {
        try await generateStream(request, at: "chat-deployed")
    }

    /// Streams a chat answer sampled from an experiment: ``chatExperiment(_:)`` with `stream: true`.
    /// See ``chatStream(_:)`` for the chunks and cancellation.
    public func chatExperimentStream(_ request: ChatExperimentRequest) async throws
        -> AsyncThrowingStream<ChatResponse, any Error>
    {
        try await generateStream(request, at: "chat-experiment")
    }

    /// Streams a chat answer with a stored config: ``chatModelConfiguration(_:)`` with `stream: true`.
    /// See ``chatStream(_:)`` for the chunks and cancellation.
    public func chatModelConfigurationStream(_ request: ChatModelConfigRequest) async throws
        -> AsyncThrowingStream<ChatResponse, any Error>
    {
        try await generateStream(request, at: "chat-model-config")
    }
}
