import Testing

@testable import Providers

@Suite("Provider configuration from the environment")
struct ProviderConfigurationTests {
    @Test func defaultsAreTheProvidersPublicAPIs() throws {
        let configuration = try ProviderConfiguration(environment: [:])
        #expect(configuration.openAIBaseURL == "https://api.openai.com/v1")
        #expect(configuration.anthropicBaseURL == "https://api.anthropic.com")
        #expect(configuration.cohereBaseURL == "https://api.cohere.com")
        #expect(configuration.ai21BaseURL == "https://api.ai21.com/studio/v1")
        #expect(configuration.googleBaseURL == "https://generativelanguage.googleapis.com/v1beta")
        #expect(configuration.groqBaseURL == "https://api.groq.com/openai/v1")
        #expect(configuration.azureEndpoint == nil)
        #expect(configuration.azureAPIVersion == "2024-10-21")
        #expect(configuration.timeout == .seconds(120))
        #expect(configuration.maxConnectionsPerHost == 1024)
        #expect(configuration.anthropicMaxTokens == 4096)
        #expect(configuration.isCompletionModel("gpt-3.5-turbo-instruct"))
        #expect(configuration.isCompletionModel("davinci-002"))
        #expect(configuration.isCompletionModel("babbage-002"))
        #expect(!configuration.isCompletionModel("gpt-4o"))
    }

    @Test func everyVariableIsRead() throws {
        let configuration = try ProviderConfiguration(environment: [
            "LOOPGATE_OPENAI_BASE_URL": "http://localhost:8000/v1/",
            "LOOPGATE_ANTHROPIC_BASE_URL": "https://anthropic.internal",
            "LOOPGATE_COHERE_BASE_URL": "https://cohere.internal",
            "LOOPGATE_AI21_BASE_URL": "https://ai21.internal/studio/v1",
            "LOOPGATE_AZURE_OPENAI_ENDPOINT": "https://myres.openai.azure.com/",
            "LOOPGATE_AZURE_OPENAI_API_VERSION": "2025-01-01-preview",
            "LOOPGATE_GOOGLE_BASE_URL": "https://gemini.internal/v1beta",
            "LOOPGATE_GROQ_BASE_URL": "https://groq.internal/openai/v1",
            "LOOPGATE_PROVIDER_TIMEOUT": "2.5",
            "LOOPGATE_PROVIDER_MAX_CONNECTIONS": "64",
            "LOOPGATE_ANTHROPIC_MAX_TOKENS": "1024",
            "LOOPGATE_OPENAI_COMPLETION_MODELS": "llama-base, my-completer ,",
            "LOOPGATE_PROVIDER_MAX_RETRIES": "0",
        ])
        // Trailing slashes go, so appended paths never double them.
        #expect(configuration.openAIBaseURL == "http://localhost:8000/v1")
        #expect(configuration.anthropicBaseURL == "https://anthropic.internal")
        #expect(configuration.cohereBaseURL == "https://cohere.internal")
        #expect(configuration.ai21BaseURL == "https://ai21.internal/studio/v1")
        #expect(configuration.azureEndpoint == "https://myres.openai.azure.com")
        #expect(configuration.azureAPIVersion == "2025-01-01-preview")
        #expect(configuration.googleBaseURL == "https://gemini.internal/v1beta")
        #expect(configuration.groqBaseURL == "https://groq.internal/openai/v1")
        #expect(configuration.timeout == .milliseconds(2500))
        #expect(configuration.maxConnectionsPerHost == 64)
        #expect(configuration.anthropicMaxTokens == 1024)
        #expect(configuration.isCompletionModel("llama-base"))
        #expect(configuration.isCompletionModel("my-completer"))
        #expect(configuration.isCompletionModel("davinci-002"))
        #expect(configuration.retry.maxRetries == 0)
    }

    @Test(arguments: [
        ("LOOPGATE_PROVIDER_TIMEOUT", "soon"), ("LOOPGATE_PROVIDER_TIMEOUT", "-1"),
        ("LOOPGATE_PROVIDER_MAX_CONNECTIONS", "0"), ("LOOPGATE_ANTHROPIC_MAX_TOKENS", "lots"),
        ("LOOPGATE_OPENAI_BASE_URL", "api.openai.com/v1"), ("LOOPGATE_AZURE_OPENAI_ENDPOINT", "ftp://azure"),
        ("LOOPGATE_PROVIDER_MAX_RETRIES", "-2"), ("LOOPGATE_PROVIDER_CA_FILE", "/nonexistent/ca.pem"),
        ("LOOPGATE_PROVIDER_CA_FILE", "/etc/hostname"),
    ])
    func anUnusableValueStopsTheServerNamingTheVariable(variable: String, value: String) {
        let error = #expect(throws: ProviderConfigurationError.self) {
            try ProviderConfiguration(environment: [variable: value])
        }
        #expect(error?.variable == variable)
        #expect(error?.description.contains(value) == true)
    }

    @Test func retryDelaysGrowExponentiallyWithJitterAndACap() {
        let policy = RetryPolicy(maxRetries: 5, baseDelay: .milliseconds(100), maxDelay: .milliseconds(1000))
        for _ in 0..<50 {
            let first = policy.delay(beforeRetry: 0)
            #expect(first >= .milliseconds(50) && first <= .milliseconds(100))
            let third = policy.delay(beforeRetry: 2)
            #expect(third >= .milliseconds(200) && third <= .milliseconds(400))
            #expect(policy.delay(beforeRetry: 10) <= .milliseconds(1000))
            // A provider's Retry-After is honoured, within the cap.
            #expect(policy.delay(beforeRetry: 0, retryAfter: .milliseconds(700)) == .milliseconds(700))
            #expect(policy.delay(beforeRetry: 0, retryAfter: .seconds(60)) == .milliseconds(1000))
        }
        let delays = Set((0..<20).map { _ in policy.delay(beforeRetry: 3) })
        #expect(delays.count > 1, "jitter spreads the retries")
    }
}
