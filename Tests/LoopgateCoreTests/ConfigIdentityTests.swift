import HumanloopAPI
import LoopgateCore
import Testing

@Suite("Content-addressed config ids")
struct ConfigIdentityTests {
    func id(_ config: ModelConfigRequest) throws -> String {
        try ConfigIdentity.identify(config).id
    }

    @Test func sameContentSameIDWithDefaultsFilledIn() throws {
        let explicit = ModelConfigRequest(
            model: "gpt-4", promptTemplate: "Hi", provider: "openai", maxTokens: -1, temperature: 1, topP: 1,
            presencePenalty: 0, frequencyPenalty: 0, other: [:])
        let implicit = ModelConfigRequest(model: "gpt-4", promptTemplate: "Hi")
        #expect(try id(explicit) == (try id(implicit)))
        let identified = try ConfigIdentity.identify(implicit)
        #expect(identified.id.hasPrefix("config_"))
        #expect(identified.id.count == "config_".count + 21)
        #expect(identified.config.temperature == 1)
    }

    @Test func everyFieldChangesTheID() throws {
        let base = ModelConfigRequest(model: "gpt-4", promptTemplate: "Hi")
        var variants: [ModelConfigRequest] = []
        func variant(_ change: (inout ModelConfigRequest) -> Void) {
            var copy = base
            change(&copy)
            variants.append(copy)
        }
        variant { $0.model = "gpt-4o" }
        variant { $0.promptTemplate = "Hello" }
        variant { $0.temperature = 0.5 }
        variant { $0.topP = 0.9 }
        variant { $0.maxTokens = 10 }
        variant { $0.name = "named" }
        variant { $0.description = "described" }
        variant { $0.endpoint = "chat" }
        variant { $0.provider = "mock" }
        variant { $0.stop = .one("\n") }
        variant { $0.presencePenalty = 0.1 }
        variant { $0.frequencyPenalty = 0.1 }
        variant { $0.seed = 7 }
        variant { $0.other = ["x": 1] }
        variant { $0.chatTemplate = [ChatMessage(role: .system, content: .text("s"))] }
        variant { $0.tools = [ToolDefinition(name: "f")] }
        variant { $0.responseFormat = ["type": "json_object"] }
        let ids = try Set(([base] + variants).map(id))
        #expect(ids.count == variants.count + 1)
    }

    @Test func theIDIsStableAcrossReleases() throws {
        // Ids end up in users' code: this value must never change without a migration.
        let config = ModelConfigRequest(model: "gpt-4", promptTemplate: "Say {{word}}", temperature: 0.5)
        let identified = try ConfigIdentity.identify(config)
        #expect(
            identified.canonicalJSON
                == #"{"frequency_penalty":0,"max_tokens":-1,"model":"gpt-4","other":{},"presence_penalty":0,"prompt_template":"Say {{word}}","provider":"openai","temperature":0.5,"top_p":1}"#
        )
        #expect(identified.id == "config_DjyERp0KIfJjUR9uBbzAu")
    }

    @Test func integralNumbersHashTheSameWhateverTheirSpelling() throws {
        let asInteger = ModelConfigRequest(model: "m", other: ["n": .integer(2)])
        let asDouble = ModelConfigRequest(model: "m", other: ["n": .number(2.0)])
        #expect(try id(asInteger) == (try id(asDouble)))
    }
}
