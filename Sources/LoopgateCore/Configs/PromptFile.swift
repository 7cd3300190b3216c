import Foundation
import HumanloopAPI

/// The `.prompt` file format of `POST /model-configs/serialize`, `/deserialize` and `/{id}/export`:
/// YAML front matter with the config's parameters, then the template — the prompt text itself, or the
/// chat template as `<role>` blocks.
///
/// Values in the front matter are written as JSON (a subset of YAML flow values), so any YAML reader
/// reads them and this codec reads them back exactly.
public enum PromptFile {
    static let roles = ChatRole.allCases.map(\.rawValue)

    /// The `.prompt` text of a config.
    public static func serialize(_ config: ModelConfigRequest) throws -> String {
        var fields = try Coding.jsonValue(config).objectValue ?? [:]
        let chatTemplate = config.chatTemplate
        let promptTemplate = config.promptTemplate
        fields["chat_template"] = nil
        fields["prompt_template"] = nil
        var lines = ["---"]
        for key in fields.keys.sorted() where fields[key]?.isNull == false {
            lines.append("\(key): \(fields[key]!.serialized(sortedKeys: true))")
        }
        lines.append("---")
        var text = lines.joined(separator: "\n") + "\n"
        if let chatTemplate {
            for message in chatTemplate {
                text += "<\(message.role.rawValue)>\n\(message.text)\n</\(message.role.rawValue)>\n"
            }
        } else if let promptTemplate {
            text += promptTemplate
        }
        return text
    }

    /// The config a `.prompt` text describes; a malformed text is a 422 at `body.config`.
    public static func deserialize(_ text: String) throws -> ModelConfigRequest {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else { throw invalid("a .prompt file starts with front matter between two '---' lines") }
        var fields: [String: JSONValue] = [:]
        for line in lines[1..<end] where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw invalid("front matter line without 'key: value': \(line)")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let raw = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[key] = (try? JSONValue(parsing: raw)) ?? .string(raw)
        }
        let body = lines[(end + 1)...].joined(separator: "\n")
        if let messages = chatMessages(in: body) {
            fields["chat_template"] = try Coding.jsonValue(messages)
        } else if !body.isEmpty {
            fields["prompt_template"] = .string(body)
        }
        guard fields["model"]?.stringValue != nil else { throw invalid("the front matter names no model") }
        do {
            return try JSONDecoder().decode(
                ModelConfigRequest.self, from: Data(JSONValue.object(fields).serialized().utf8))
        } catch {
            throw invalid("the front matter does not describe a model config: \(error)")
        }
    }

    /// `<role>\ncontent\n</role>` blocks, or `nil` when the body is not made of them.
    static func chatMessages(in body: String) -> [ChatMessage]? {
        var messages: [ChatMessage] = []
        var rest = Substring(body)
        while true {
            rest = rest.drop(while: \.isWhitespace)
            if rest.isEmpty { break }
            guard let role = roles.first(where: { rest.hasPrefix("<\($0)>") }),
                let close = rest.range(of: "</\(role)>")
            else { return nil }
            var content = rest[rest.index(rest.startIndex, offsetBy: role.count + 2)..<close.lowerBound]
            if content.hasPrefix("\n") { content = content.dropFirst() }
            if content.hasSuffix("\n") { content = content.dropLast() }
            messages.append(ChatMessage(role: ChatRole(rawValue: role)!, content: .text(String(content))))
            rest = rest[close.upperBound...]
        }
        return messages.isEmpty ? nil : messages
    }

    static func invalid(_ message: String) -> GatewayError {
        .invalid(["body", "config"], message)
    }
}
