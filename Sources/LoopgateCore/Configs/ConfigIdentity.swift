import HumanloopAPI

/// A model config with its defaults filled in and its content id.
public struct IdentifiedConfig: Sendable, Hashable {
    /// `config_` + 21 characters derived from the SHA-256 of `canonicalJSON`.
    public var id: String
    /// The config as it is stored and served: defaults filled in.
    public var config: ModelConfigRequest
    /// The canonical JSON the id was hashed from, also the stored body.
    public var canonicalJSON: String
}

/// Content addressing for model configs (CONTRACT.md, "Config ids").
///
/// The id is a pure function of the config's content: the same config always has the same id without a
/// lookup, and any changed field gives a new one. Ids end up in users' code, so this function must
/// never change without a migration of the stored ids.
public enum ConfigIdentity {
    /// Fills in the documented defaults. `name`, `description` and `endpoint` are left as given.
    public static func normalized(_ config: ModelConfigRequest) -> ModelConfigRequest {
        var config = config
        config.provider = config.provider ?? ModelProvider.openai.rawValue
        config.maxTokens = config.maxTokens ?? -1
        config.temperature = config.temperature ?? 1
        config.topP = config.topP ?? 1
        config.presencePenalty = config.presencePenalty ?? 0
        config.frequencyPenalty = config.frequencyPenalty ?? 0
        // Content-addressed: the same `other` in any order is one config, so it is kept (and returned,
        // and sent) in one order, the canonical one, whichever caller registered it first.
        config.other = (config.other ?? [:]).sortingKeys()
        return config
    }

    /// Normalises a config and computes its id.
    public static func identify(_ config: ModelConfigRequest) throws -> IdentifiedConfig {
        let normalized = normalized(config)
        let canonical = try Coding.jsonValue(normalized).droppingNulls().serialized(sortedKeys: true)
        return IdentifiedConfig(id: id(ofCanonicalJSON: canonical), config: normalized, canonicalJSON: canonical)
    }

    static func id(ofCanonicalJSON canonical: String) -> String {
        ContentID.make(.config, of: canonical)
    }
}

extension JSONValue {
    /// The value with every `null` object member removed, at any depth.
    func droppingNulls() -> JSONValue {
        switch self {
        case .object(let members):
            return .object(members.compactMapValues { $0.isNull ? nil : $0.droppingNulls() })
        case .array(let values):
            return .array(values.map { $0.droppingNulls() })
        default:
            return self
        }
    }
}
