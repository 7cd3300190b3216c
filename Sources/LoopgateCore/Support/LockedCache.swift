import Synchronization

/// A small thread-safe map for hot-path lookups, dropping everything when it grows past `limit`
/// (the working set of keys, projects and configs is small; a full reset is simpler than LRU and
/// bounds memory).
final class LockedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let storage = Mutex<[Key: Value]>([:])
    private let limit: Int

    init(limit: Int = 10_000) {
        self.limit = limit
    }

    subscript(key: Key) -> Value? {
        storage.withLock { $0[key] }
    }

    func set(_ value: Value, for key: Key) {
        storage.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }

    func remove(_ key: Key) {
        _ = storage.withLock { $0.removeValue(forKey: key) }
    }

    func removeAll(where shouldRemove: (Key, Value) -> Bool) {
        storage.withLock { entries in
            entries = entries.filter { !shouldRemove($0.key, $0.value) }
        }
    }
}
