import HumanloopAPI
import LoopgateCore

// A v5 Prompt kernel is a v4 model config (CONTRACT-v5.md, "Ids"): the one place the two are mapped.

extension ModelConfigRequest {
    /// The config of a kernel: a string template is `prompt_template`, a list `chat_template`;
    /// `version_name`/`version_description` are `name`/`description`; the v5-only fields keep their
    /// names (`template_language` left out when `default`).
    package init(v5 kernel: PromptKernelRequest) {
        var promptTemplate: String?
        var chatTemplate: [ChatMessage]?
        switch kernel.template {
        case .text(let text): promptTemplate = text
        case .messages(let messages): chatTemplate = messages
        case nil: break
        }
        self.init(
            model: kernel.model, promptTemplate: promptTemplate, chatTemplate: chatTemplate,
            description: kernel.versionDescription, name: kernel.versionName, provider: kernel.provider,
            maxTokens: kernel.maxTokens, temperature: kernel.temperature, topP: kernel.topP, stop: kernel.stop,
            presencePenalty: kernel.presencePenalty, frequencyPenalty: kernel.frequencyPenalty, other: kernel.other,
            endpoint: kernel.endpoint, tools: kernel.tools, seed: kernel.seed, responseFormat: kernel.responseFormat)
        templateLanguage = kernel.templateLanguage == "default" ? nil : kernel.templateLanguage
        reasoningEffort = kernel.reasoningEffort
        attributes = kernel.attributes
        linkedTools = kernel.linkedTools
    }
}

extension PromptKernelRequest {
    /// The kernel of a stored config, as a Prompt version shows it.
    init(v5 config: ModelConfigRequest) {
        var template: PromptTemplate?
        if let text = config.promptTemplate {
            template = .text(text)
        } else if let messages = config.chatTemplate {
            template = .messages(messages)
        }
        self.init(model: config.model, template: template, provider: config.provider)
        endpoint = config.endpoint
        templateLanguage = config.templateLanguage
        maxTokens = config.maxTokens
        temperature = config.temperature
        topP = config.topP
        stop = config.stop
        presencePenalty = config.presencePenalty
        frequencyPenalty = config.frequencyPenalty
        other = config.other
        seed = config.seed
        responseFormat = config.responseFormat
        reasoningEffort = config.reasoningEffort
        tools = config.tools
        attributes = config.attributes
        versionName = config.name
        versionDescription = config.description
    }
}

extension PromptResponse {
    init(v5 prompt: Prompt) {
        self.init(
            path: prompt.path, id: prompt.id, kernel: PromptKernelRequest(v5: prompt.version.config),
            name: prompt.name, versionID: prompt.versionID,
            environments: prompt.environments.map(EnvironmentResponseV5.init(v5:)), createdAt: prompt.joinedAt,
            updatedAt: prompt.updatedAt, lastUsedAt: prompt.lastUsed, versionLogsCount: prompt.versionLogCount,
            totalLogsCount: prompt.totalLogCount, inputs: prompt.inputNames)
        directoryID = prompt.directoryID
    }
}

extension EnvironmentResponseV5 {
    init(v5 environment: Environment) {
        self.init(id: environment.id, createdAt: environment.createdAt, name: environment.name, tag: environment.tag)
    }
}
