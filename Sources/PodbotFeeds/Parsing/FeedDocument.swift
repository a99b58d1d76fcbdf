import Foundation

/// An RSS 2.0 podcast feed as podbot reads it: the channel and its items, with the iTunes and Podcasting 2.0
/// (`podcast:`) fields that matter to a listener's library.
public struct FeedDocument: Sendable, Equatable {
    public var channel: FeedChannel
    public var items: [FeedItem]
}

/// The show.
public struct FeedChannel: Sendable, Equatable {
    public var title: String?
    public var author: String?
    public var language: String?
    public var image: String?
    public var link: String?
    /// `<podcast:person>` at channel level: the show's regular people.
    public var persons: [FeedPerson] = []
}

/// One episode of the feed.
public struct FeedItem: Sendable, Equatable {
    /// `<guid>`, else the enclosure URL, else the title and date, else the link: what makes syncs idempotent.
    public var guid: String
    public var title: String?
    /// `pubDate` as `YYYY-MM-DD`, the date as the feed writes it.
    public var published: String?
    /// `itunes:duration`, in seconds.
    public var durationSeconds: Double?
    public var link: String?
    public var description: String?
    public var enclosure: FeedEnclosure?
    public var transcripts: [FeedTranscriptLink] = []
    public var chapters: FeedResourceLink?
    public var persons: [FeedPerson] = []

    /// The transcript to import: WebVTT, then JSON, SRT, HTML and plain text; captions count like any other.
    public var bestTranscript: FeedTranscriptLink? {
        transcripts.filter { $0.kind != nil }.min { $0.kind!.rank < $1.kind!.rank }
    }
}

/// `<enclosure url type length>`.
public struct FeedEnclosure: Sendable, Equatable {
    public var url: String
    public var type: String?
    public var length: Int?
}

/// `<podcast:chapters url type>` and the like.
public struct FeedResourceLink: Sendable, Equatable {
    public var url: String
    public var type: String?
}

/// `<podcast:transcript url type language rel>`.
public struct FeedTranscriptLink: Sendable, Equatable {
    public var url: String
    public var type: String
    public var language: String?
    public var rel: String?

    /// The transcript types podbot reads, best first.
    public enum Kind: Int, Sendable {
        case webvtt, json, srt, html, plainText

        var rank: Int { rawValue }
    }

    /// What `type` names, or `nil` for a type podbot does not read.
    public var kind: Kind? {
        switch type.lowercased().split(separator: ";").first?.trimmingCharacters(in: .whitespaces) ?? "" {
        case "text/vtt": .webvtt
        case "application/json": .json
        case "application/x-subrip", "application/srt", "text/srt": .srt
        case "text/html": .html
        case "text/plain": .plainText
        default: nil
        }
    }
}

/// `<podcast:person role group img href>Name</podcast:person>`.
public struct FeedPerson: Sendable, Equatable {
    public var name: String
    /// `host`, `guest`, … (lower case); `host` when the feed gives none, as the namespace says.
    public var role: String
}
