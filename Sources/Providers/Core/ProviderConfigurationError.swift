/// A provider setting that cannot be used as given.
public struct ProviderConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The environment variable at fault.
    public var variable: String
    public var message: String

    public var description: String { "\(variable): \(message)" }
}
