import HumanloopAPI

/// Request bodies the suites share.
enum Requests {
    /// The offline mock provider with a prompt template.
    static func mockCompletionConfig(_ template: String = "Say {{word}} now") -> ModelConfigRequest {
        ModelConfigRequest(model: "mock-1", promptTemplate: template, provider: "mock")
    }

    /// The offline mock provider for chat.
    static var mockChatConfig: ModelConfigRequest {
        ModelConfigRequest(model: "mock-1", provider: "mock", endpoint: "chat")
    }

    /// The scripted `openai` stand-in with the given behaviour (see ``TestProvider``).
    static func scripted(_ model: String) -> ModelConfigRequest {
        ModelConfigRequest(model: model, promptTemplate: "scripted", provider: "openai")
    }

    static func completion(
        _ config: ModelConfigRequest = mockCompletionConfig(), project: String? = "client-tests",
        inputs: JSONObject = ["word": "hello"], keys: ProviderAPIKeys? = nil
    ) -> CompletionRequest {
        CompletionRequest(
            config: InlineConfig(modelConfig: config),
            options: GenerationOptions(project: project, inputs: inputs, providerAPIKeys: keys))
    }

    static func userMessages(_ text: String) -> ChatOptions {
        ChatOptions(messages: [ChatMessage(role: .user, content: .text(text))])
    }

    static func chat(
        _ text: String = "Hello there", config: ModelConfigRequest = mockChatConfig, project: String? = "client-tests",
        keys: ProviderAPIKeys? = nil
    ) -> ChatRequest {
        ChatRequest(
            config: InlineConfig(modelConfig: config), chat: userMessages(text),
            options: GenerationOptions(project: project, providerAPIKeys: keys))
    }
}
