import Foundation
import PodbotInference

/// A chat model that replies with a fixed text, a few characters at a time, or fails: it drives the branches of
/// the ask and enrichment pipelines without a real model (the real small models drive the integration tests).
public struct ScriptedGenerator: TextGenerator {
    /// The reply to every conversation.
    public var reply: String
    /// When set, the reply stops with this error after its text.
    public var failure: (any Error & Sendable)?
    public var modelName: String { "scripted" }
    /// The conversations it was asked, in order.
    public let asked = Asked()

    public init(reply: String, failure: (any Error & Sendable)? = nil) {
        self.reply = reply
        self.failure = failure
    }

    public func chat(_ messages: [ChatMessage], options: GenerationOptions)
        -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        asked.append(messages)
        return complete("", options: options)
    }

    public func complete(_ prompt: String, options: GenerationOptions) -> AsyncThrowingStream<
        GenerationEvent, any Error
    > {
        let pieces = stride(from: 0, to: reply.count, by: 5).map { start in
            String(reply.dropFirst(start).prefix(5))
        }
        let failure = self.failure
        return AsyncThrowingStream { continuation in
            for piece in pieces { continuation.yield(.token(piece)) }
            continuation.finish(throwing: failure)
        }
    }

    public func countTokens(_ text: String) async throws -> Int { text.split(separator: " ").count }

    /// The conversations a scripted model was given.
    public final class Asked: @unchecked Sendable {
        private let lock = NSLock()
        private var conversations: [[ChatMessage]] = []
        func append(_ messages: [ChatMessage]) { lock.withLock { conversations.append(messages) } }
        public var all: [[ChatMessage]] { lock.withLock { conversations } }
    }
}

/// Collects text streamed to a callback from another task.
public final class Shown: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    public init() {}
    public func append(_ piece: String) { lock.withLock { text += piece } }
    public var value: String { lock.withLock { text } }
}
