import Foundation
import PodbotLibrary

/// A job as `GET /api/v1/jobs/{id}` shows it.
public struct JobStatus: Sendable, Encodable, Equatable {
    /// Where a job is in its life.
    public enum State: String, Sendable, Encodable {
        case queued, running, succeeded, failed, cancelled
    }

    public var id: String
    public var kind: String
    /// The episodes it works on; empty for every episode, or a kind that is not per episode.
    public var episodes: [Int64]
    public var state: State
    /// Units done so far and the total (passages, or the model steps of the current episode's task), when the job has reported them.
    public var done: Int
    @Nullable public var total: Int? = nil
    /// The job's one-line result when it succeeded, or why it failed.
    @Nullable public var message: String? = nil
    public var createdAt: String
    @Nullable public var startedAt: String? = nil
    @Nullable public var finishedAt: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, kind, episodes, state, done, total, message
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    /// True once the job can change no more.
    public var isFinished: Bool { state == .succeeded || state == .failed || state == .cancelled }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}
