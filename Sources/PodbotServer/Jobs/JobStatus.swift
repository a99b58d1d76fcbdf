import Foundation

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
    public var total: Int?
    /// The job's one-line result when it succeeded, or why it failed.
    public var message: String?
    public var createdAt: String
    public var startedAt: String?
    public var finishedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, episodes, state, done, total, message
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(episodes, forKey: .episodes)
        try container.encode(state, forKey: .state)
        try container.encode(done, forKey: .done)
        try container.encode(total, forKey: .total)
        try container.encode(message, forKey: .message)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
    }

    /// True once the job can change no more.
    public var isFinished: Bool { state == .succeeded || state == .failed || state == .cancelled }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}
