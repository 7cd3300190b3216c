import NIOCore
import NIOEmbedded
import Testing

@testable import LoopgateServer

@Suite("ConnectionCloseWatch")
struct ConnectionCloseWatchTests {
    /// A task that runs until it is cancelled.
    static func waitingTask() -> Task<Void, Never> {
        Task {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    /// Closes a testing channel and waits until its close future has run its callbacks. (The testing
    /// channel, unlike `EmbeddedChannel`, may be used from whichever thread an async test resumes on.)
    static func close(_ channel: NIOAsyncTestingChannel) async throws {
        _ = try await channel.finish()
        try await channel.closeFuture.get()
    }

    @Test func closingAConnectionCancelsOnlyItsStreamsInFlight() async throws {
        let watch = ConnectionCloseWatch()
        let channel = NIOAsyncTestingChannel()
        let other = NIOAsyncTestingChannel()
        let finished = StreamCanceller()
        let inFlight = StreamCanceller()
        let elsewhere = StreamCanceller()
        let finishedTask = Self.waitingTask()
        let inFlightTask = Self.waitingTask()
        let elsewhereTask = Self.waitingTask()
        finished.attach(finishedTask)
        inFlight.attach(inFlightTask)
        elsewhere.attach(elsewhereTask)
        let finishedID = watch.add(finished, on: channel)
        _ = watch.add(inFlight, on: channel)
        _ = watch.add(elsewhere, on: other)
        watch.remove(finishedID, on: channel)
        #expect(watch.counts == (2, 2))

        try await Self.close(channel)
        await inFlightTask.value
        #expect(inFlightTask.isCancelled)
        #expect(!finishedTask.isCancelled)
        #expect(!elsewhereTask.isCancelled)
        #expect(watch.counts == (1, 1))
        finishedTask.cancel()
        elsewhereTask.cancel()
    }

    /// Streams that finish on a keep-alive connection leave nothing behind, however many there are.
    @Test func finishedStreamsLeaveNothingOnTheConnection() async throws {
        let watch = ConnectionCloseWatch()
        let channel = NIOAsyncTestingChannel()
        for _ in 0..<1000 {
            let id = watch.add(StreamCanceller(), on: channel)
            watch.remove(id, on: channel)
        }
        #expect(watch.counts == (1, 0))
        try await Self.close(channel)
        #expect(watch.counts == (0, 0))
    }

    @Test func aCancellationBeforeTheTaskExistsCancelsItOnArrival() async {
        let canceller = StreamCanceller()
        canceller.cancel()
        let task = Self.waitingTask()
        canceller.attach(task)
        await task.value
        #expect(task.isCancelled)
    }
}
