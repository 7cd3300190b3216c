import HumanloopAPI
import Testing

@testable import Providers

@Suite("The mock provider")
struct MockProviderTests {
    let mock = MockProvider()

    func generate(_ input: ProviderInput, maxTokens: Int? = nil, samples: Int = 1) async throws -> ProviderResult {
        try await mock.generate(
            ProviderRequest(
                model: "m", input: input, parameters: SamplingParameters(maxTokens: maxTokens), numSamples: samples))
    }

    @Test func completionEchoesThePromptAsIs() async throws {
        let result = try await generate(.prompt("  Hello   big\nworld "))
        #expect(result.choices.map(\.text) == ["  Hello   big\nworld "])
        #expect(result.choices.first?.finishReason == .stop)
        #expect(result.promptTokens == 3)
        #expect(result.generationTokens == 3)
    }

    @Test func maxTokensCutsToWordsJoinedBySingleSpaces() async throws {
        let result = try await generate(.prompt("a  b\tc d"), maxTokens: 2)
        #expect(result.choices.first?.text == "a b")
        #expect(result.choices.first?.finishReason == .length)
        let exact = try await generate(.prompt("a b"), maxTokens: 2)
        #expect(exact.choices.first?.text == "a b")
        #expect(exact.choices.first?.finishReason == .stop)
        let unlimited = try await generate(.prompt("a b c"), maxTokens: nil)
        #expect(unlimited.choices.first?.finishReason == .stop)
    }

    @Test func chatEchoesTheLastUserMessageAndCountsEveryMessage() async throws {
        let messages = [
            ChatMessage(role: .system, content: .text("Be kind")),
            ChatMessage(role: .user, content: .text("first one")),
            ChatMessage(role: .assistant, content: .text("ok")),
            ChatMessage(
                role: .user, content: .parts([.init(type: "text", text: "last"), .init(type: "text", text: " words")])),
        ]
        let result = try await generate(.messages(messages))
        #expect(result.choices.first?.text == "last words")
        #expect(result.promptTokens == 7)
        #expect(result.generationTokens == 2)
    }

    @Test func samplesAreIndependentAndUsageSumsGeneration() async throws {
        let result = try await generate(.prompt("one two"), samples: 3)
        #expect(result.choices.count == 3)
        #expect(result.promptTokens == 2)
        #expect(result.generationTokens == 6)
        #expect(result.providerResponses.count == 1)
    }

    @Test func theProviderRequestNeverCarriesTheKey() async throws {
        let result = try await mock.generate(
            ProviderRequest(model: "m", input: .prompt("x"), parameters: .init(), apiKey: "secret-key"))
        #expect(!result.providerRequest.text.contains("secret-key"))
    }
}

@Suite("The mock provider's stream")
struct MockStreamTests {
    @Test func chunksAreWordsWithTheWhitespaceBeforeThem() {
        #expect(MockProvider.chunks(of: "Hello big  world ") == ["Hello", " big", "  world "])
        #expect(MockProvider.chunks(of: "  a\nb") == ["  a", "\nb"])
        #expect(MockProvider.chunks(of: "") == [""])
        #expect(MockProvider.chunks(of: "   ") == ["   "])
    }

    @Test func streamedDeltasConcatenateToTheWholeText() async throws {
        let request = ProviderRequest(
            model: "m", input: .prompt(" one two  three "), parameters: SamplingParameters(), numSamples: 2)
        var texts = ["", ""]
        var finishes: [Int: FinishReason?] = [:]
        var usage: (Int, Int)?
        for try await event in try await MockProvider().stream(request) {
            switch event {
            case .text(let index, let delta): texts[index] += delta
            case .finish(let index, let reason): finishes[index] = reason
            case .usage(let prompt, let generation): usage = (prompt, generation)
            case .toolCalls: Issue.record("the mock makes no tool calls")
            }
        }
        #expect(texts == [" one two  three ", " one two  three "])
        #expect(finishes.count == 2)
        #expect(usage?.0 == 3)
        #expect(usage?.1 == 6)
    }
}
