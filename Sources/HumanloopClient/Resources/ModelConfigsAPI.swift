import HumanloopAPI

/// The model config calls (`client.modelConfigs`). Configs are content-addressed: the same settings
/// always have the same `config_…` id.
public struct ModelConfigsAPI: Sendable {
    let transport: APITransport

    /// Registers a config to a project (`POST /model-configs`); the project's first config becomes its
    /// active one.
    /// - Parameter request: The config and the project (by name, created if missing, or by id), and
    ///   optionally the name of an experiment of the project to add the config to.
    /// - Returns: The config as the project uses it.
    public func register(_ request: ProjectModelConfigRequest) async throws -> ProjectConfigResponse {
        try await transport.decode(ProjectConfigResponse.self, APIRequest(.POST, ["model-configs"], json: request))
    }

    /// Reads a config (`GET /model-configs/{id}`).
    /// - Parameter id: The config id (`config_…`).
    public func get(id: String) async throws -> ModelConfigResponse {
        try await transport.decode(ModelConfigResponse.self, APIRequest(.GET, ["model-configs", id]))
    }

    /// Exports a stored config as the text of a `.prompt` file (`POST /model-configs/{id}/export`).
    /// - Parameter id: The config id.
    public func export(id: String) async throws -> String {
        try await transport.text(APIRequest(.POST, ["model-configs", id, "export"]))
    }

    /// Writes a config as the text of a `.prompt` file, without storing it (`POST /model-configs/serialize`).
    /// - Parameter config: The config.
    public func serialize(_ config: ModelConfigRequest) async throws -> String {
        try await transport.text(APIRequest(.POST, ["model-configs", "serialize"], json: config))
    }

    /// Reads the text of a `.prompt` file as a config, without storing it (`POST /model-configs/deserialize`).
    /// - Parameter config: The `.prompt` file's text.
    /// - Returns: The config, with the id it has (or would have) when stored.
    public func deserialize(_ config: String) async throws -> ModelConfigResponse {
        try await transport.decode(
            ModelConfigResponse.self,
            APIRequest(.POST, ["model-configs", "deserialize"], json: PromptFileBody(config: config)))
    }

    /// The body of `POST /model-configs/deserialize`.
    struct PromptFileBody: Encodable {
        var config: String
    }
}
