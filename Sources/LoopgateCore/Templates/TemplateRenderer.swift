import HumanloopAPI

/// Renders `{{ name }}` placeholders (spaces inside the braces optional, names of `[A-Za-z0-9_]`)
/// with values from `inputs`: strings as they are, other JSON values as compact JSON.
public enum TemplateRenderer {
    /// A placeholder whose variable has no value in `inputs`.
    public struct MissingVariables: Error, Sendable, Hashable {
        public var names: [String]

        public init(names: [String]) {
            self.names = names
        }
    }

    /// A rendering that would be longer than its limit (a few placeholders of a long value can make an
    /// answer thousands of times the request's size): stopped as it passes the limit.
    public struct TooLarge: Error, Sendable, Hashable {
        public var limit: Int
    }

    /// Renders one template; throws `MissingVariables` naming every variable without a value.
    public static func render(_ template: String, inputs: JSONObject) throws(MissingVariables) -> String {
        var missing: [String] = []
        let rendered = render(template, inputs: inputs, missing: &missing, limit: .max) ?? ""
        if !missing.isEmpty { throw MissingVariables(names: missing) }
        return rendered
    }

    /// Renders one template of at most `limit` UTF-8 bytes: `TooLarge` past it, `MissingVariables` for
    /// variables without a value.
    public static func render(_ template: String, inputs: JSONObject, limit: Int) throws -> String {
        var missing: [String] = []
        guard let rendered = render(template, inputs: inputs, missing: &missing, limit: limit) else {
            throw TooLarge(limit: limit)
        }
        if !missing.isEmpty { throw MissingVariables(names: missing) }
        return rendered
    }

    /// Renders the text of every message of a chat template; throws `MissingVariables` naming every
    /// variable without a value, across all the messages.
    public static func render(_ messages: [ChatMessage], inputs: JSONObject) throws(MissingVariables) -> [ChatMessage] {
        do {
            return try render(messages, inputs: inputs, limit: .max)
        } catch let error as MissingVariables {
            throw error
        } catch {
            return messages  // unreachable: no limit to pass
        }
    }

    /// Renders a chat template whose texts together are at most `limit` UTF-8 bytes (`TooLarge` past it).
    public static func render(_ messages: [ChatMessage], inputs: JSONObject, limit: Int) throws -> [ChatMessage] {
        var missing: [String] = []
        var remaining = limit
        func renderText(_ text: String) throws -> String {
            guard let rendered = render(text, inputs: inputs, missing: &missing, limit: remaining) else {
                throw TooLarge(limit: limit)
            }
            remaining -= rendered.utf8.count
            return rendered
        }
        let rendered = try messages.map { message -> ChatMessage in
            var message = message
            switch message.content {
            case .text(let text):
                message.content = .text(try renderText(text))
            case .parts(let parts):
                message.content = .parts(
                    try parts.map { part in
                        var part = part
                        part.text = try part.text.map(renderText)
                        return part
                    })
            case nil:
                break
            }
            return message
        }
        if !missing.isEmpty { throw MissingVariables(names: missing) }
        return rendered
    }

    /// The names of the variables a template uses, in order of first use.
    public static func variables(in template: String) -> [String] {
        var names: [String] = []
        _ = scan(template) { name in
            if !names.contains(name) { names.append(name) }
            return ""
        }
        return names
    }

    static func render(_ template: String, inputs: JSONObject, missing: inout [String], limit: Int) -> String? {
        var unresolved: [String] = []
        let rendered = scan(template, limit: limit) { name in
            guard let value = inputs[name] else {
                if !unresolved.contains(name) { unresolved.append(name) }
                return nil
            }
            return value.stringValue ?? value.serialized()
        }
        for name in unresolved where !missing.contains(name) { missing.append(name) }
        return rendered
    }

    /// Walks the template, replacing each placeholder with what `substitute` returns (`nil` leaves the
    /// placeholder as written). Anything that is not a well-formed placeholder is copied unchanged.
    /// `nil` once the output passes `limit` bytes.
    static func scan(_ template: String, limit: Int = .max, substitute: (String) -> String?) -> String? {
        let bytes = Array(template.utf8)
        guard bytes.count >= 4, template.utf8.contains(UInt8(ascii: "{")) else {
            return bytes.count <= limit ? template : nil
        }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{"),
                let (name, end) = placeholder(in: bytes, from: index + 2)
            {
                if let value = substitute(name) {
                    output.append(contentsOf: value.utf8)
                    if output.count > limit { return nil }
                } else {
                    output.append(contentsOf: bytes[index..<end])
                }
                index = end
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output.count <= limit ? String(decoding: output, as: UTF8.self) : nil
    }

    /// Parses `  name  }}` starting after the opening braces; returns the name and the index after `}}`.
    static func placeholder(in bytes: [UInt8], from start: Int) -> (String, Int)? {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        let nameStart = index
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        guard index > nameStart else { return nil }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "}"), bytes[index + 1] == UInt8(ascii: "}")
        else { return nil }
        return (name, index + 2)
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
    }
}
