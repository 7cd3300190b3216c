extension KeyedEncodingContainer {
    /// Encodes an optional as its value or as an explicit JSON `null`.
    ///
    /// The hosted API emitted every declared field, `null` when unset (FastAPI's default), and some
    /// clients read fields without checking for their presence, so responses never leave one out.
    @inlinable
    public mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value {
            try encode(value, forKey: key)
        } else {
            try encodeNil(forKey: key)
        }
    }
}
