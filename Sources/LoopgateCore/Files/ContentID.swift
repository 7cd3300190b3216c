import Crypto
import HumanloopAPI

/// Ids that are digests of content: the same content always has the same id without a lookup. Ids end up
/// in users' code, so this function must never change without a migration of the stored ids.
enum ContentID {
    /// `prefix` + 21 characters of the id alphabet derived from the SHA-256 of `text`.
    static func make(_ prefix: ResourceID.Prefix, of text: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let digest = Array(SHA256.hash(data: Array(text.utf8)))
        return prefix.rawValue + String(digest.prefix(21).map { alphabet[Int($0) % alphabet.count] })
    }

    /// A Tool's, Flow's, Evaluator's or Dataset's version: a digest of the file and its definition
    /// (CONTRACT-v5.md, "Ids"), so versions are per file and the same definition is the same version.
    static func version(_ prefix: ResourceID.Prefix, fileID: String, definition: String) -> String {
        make(prefix, of: fileID + "\n" + definition)
    }
}
