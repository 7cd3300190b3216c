import NIOCore
import Synchronization

/// Cancels a connection's streams when the connection closes, with one close callback per connection.
///
/// A keep-alive connection can carry any number of streams one after another. A callback per stream on
/// the connection's close future would keep every finished stream's task alive (its frames and all)
/// until the connection closes; here a finished stream removes its entry, and the one callback per
/// connection holds nothing but the connection's key.
final class ConnectionCloseWatch: Sendable {
    static let shared = ConnectionCloseWatch()

    /// The open connections that carry streams, and the cancellers of their streams in flight.
    private let connections = Mutex<[ObjectIdentifier: [UInt64: StreamCanceller]]>([:])
    private let lastID = Atomic<UInt64>(0)

    /// Cancels `canceller` if `channel` closes before `remove` is called with the returned id.
    func add(_ canceller: StreamCanceller, on channel: any Channel) -> UInt64 {
        let id = lastID.add(1, ordering: .relaxed).newValue
        let key = ObjectIdentifier(channel)
        let isNewConnection = connections.withLock { connections in
            let isNew = connections[key] == nil
            connections[key, default: [:]][id] = canceller
            return isNew
        }
        if isNewConnection {
            // Runs at once if the connection is already closed.
            channel.closeFuture.whenComplete { _ in self.connectionClosed(key) }
        }
        return id
    }

    func remove(_ id: UInt64, on channel: any Channel) {
        let key = ObjectIdentifier(channel)
        connections.withLock { connections in _ = connections[key]?.removeValue(forKey: id) }
    }

    /// How many connections and streams are watched (for tests).
    var counts: (connections: Int, streams: Int) {
        connections.withLock { ($0.count, $0.values.reduce(0) { $0 + $1.count }) }
    }

    private func connectionClosed(_ key: ObjectIdentifier) {
        guard let streams = connections.withLock({ $0.removeValue(forKey: key) }) else { return }
        for canceller in streams.values { canceller.cancel() }
    }
}

/// Cancels a stream's pump task, whether cancellation comes before or after the task exists.
final class StreamCanceller: Sendable {
    private let state = Mutex<(task: Task<Void, Never>?, isCancelled: Bool)>((nil, false))

    func attach(_ task: Task<Void, Never>) {
        let cancelNow = state.withLock { state in
            state.task = task
            return state.isCancelled
        }
        if cancelNow { task.cancel() }
    }

    func cancel() {
        let task = state.withLock { state in
            state.isCancelled = true
            return state.task
        }
        task?.cancel()
    }
}
