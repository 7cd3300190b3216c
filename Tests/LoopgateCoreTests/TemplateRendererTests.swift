import HumanloopAPI
import LoopgateCore
import Testing

@Suite("Template rendering")
struct TemplateRendererTests {
    @Test func replacesVariablesWithOptionalSpaces() throws {
        let rendered = try TemplateRenderer.render(
            "Hi {{name}}, {{ name }} and {{  other_1 }}!", inputs: ["name": "Ada", "other_1": "Bob"])
        #expect(rendered == "Hi Ada, Ada and Bob!")
    }

    @Test func nonStringValuesAreSerialisedAsJSON() throws {
        let rendered = try TemplateRenderer.render(
            "{{n}} {{f}} {{b}} {{list}} {{obj}} {{nothing}}",
            inputs: ["n": 3, "f": 1.5, "b": true, "list": [1, "a"], "obj": ["k": "v"], "nothing": nil])
        #expect(rendered == #"3 1.5 true [1,"a"] {"k":"v"} null"#)
    }

    @Test func missingVariablesAreAllNamedOnce() {
        #expect(throws: TemplateRenderer.MissingVariables(names: ["a", "b"])) {
            try TemplateRenderer.render("{{a}} {{b}} {{a}} {{c}}", inputs: ["c": "x"])
        }
    }

    @Test func textThatIsNotAPlaceholderIsLeftAlone() throws {
        let template = "{ {x}} {{ }} {{x y}} {{x} {{-x}} }} {{"
        #expect(try TemplateRenderer.render(template, inputs: ["x": "X"]) == template)
        #expect(TemplateRenderer.variables(in: "{{a}} {{ b }} {{a}}") == ["a", "b"])
    }

    @Test func substitutedValuesAreNotRenderedAgain() throws {
        #expect(try TemplateRenderer.render("{{a}}", inputs: ["a": "{{b}}"]) == "{{b}}")
    }

    @Test func unicodeSurvives() throws {
        #expect(try TemplateRenderer.render("Grüße {{wer}} 🎉", inputs: ["wer": "Zoë"]) == "Grüße Zoë 🎉")
    }
}
