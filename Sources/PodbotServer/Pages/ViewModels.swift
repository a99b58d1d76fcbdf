import PodbotLibrary
import PodbotRetrieval

/// What the templates read. Mustache reads these through reflection, so they are plain stored properties.
struct LibraryView {
    struct Episode {
        var id: Int64
        var title: String
        var show: String?
        var published: String?
        var duration: String?
        var words: Int
    }

    struct Show {
        var name: String
        var selected: Bool
    }

    /// A subscribed feed: its show name links to the show's episodes.
    struct Feed {
        var title: String
        var url: String
        var showURL: String
        /// "2 of 3 items imported · 1 without a transcript · synced 2026-12-01 10:00".
        var facts: String
    }

    struct Hit {
        var episodeID: Int64
        var passageID: Int64
        var title: String
        var speaker: String?
        var time: String?
        var snippetHTML: String
    }

    var query: String
    var speaker: String
    var shows: [Show]
    var hasFeeds: Bool
    var feeds: [Feed]
    var episodes: [Episode]
    var episodeCount: Int
    var results: [Hit]
    var noResults: Bool
}

struct EpisodeView {
    struct Chapter {
        var title: String
        var time: String?
        var anchor: String?
    }

    struct Question {
        var text: String
        var askURL: String
    }

    /// One summary sentence and, for a generated summary, the moment it came from (a time, or "at 35%" on an
    /// untimed episode) linked to that place in the transcript.
    struct SummarySentence {
        var text: String
        var moment: String?
        var anchor: String?
    }

    struct SummaryParagraph {
        var sentences: [SummarySentence]
    }

    struct Line {
        var ordinal: Int
        var speaker: String?
        var time: String?
        var text: String
        var sourceURL: String?
    }

    struct Passage {
        var id: Int64
        var lines: [Line]
    }

    var id: Int64
    var title: String
    var show: String?
    var published: String?
    var duration: String?
    var speakers: String?
    var hosts: String?
    var guests: String?
    var words: Int
    var sourceURL: String?
    /// The summary's paragraphs (blank-line separated), each its own `<p>`; empty when there is no summary.
    var summary: [SummaryParagraph]
    var hasSummary: Bool
    /// The show creator's chapters (from its feed), shown as theirs and never replaced by generated ones.
    var hasCreatorChapters: Bool
    var creatorChapters: [Chapter]
    var hasChapters: Bool
    var chapters: [Chapter]
    var hasQuestions: Bool
    var questions: [Question]
    var passages: [Passage]
    var pager: Pager

    /// Links to the neighbouring pages of a transcript longer than one page (``TranscriptPaging``).
    struct Pager {
        var earlierURL: String?
        var laterURL: String?
        /// "segments 2001–4000 of 9000", or `nil` for a transcript of one page.
        var range: String?
    }
}

struct AskView {
    struct Source {
        var n: Int
        var episodeID: Int64
        var passageID: Int64
        var title: String
        var speaker: String?
        var time: String?
        var excerpt: String
    }

    var question: String?
    var episode: String?
    /// "1" when the page streams the answer with JavaScript.
    var stream: String
    var state: String
    var fullURL: String
    var answerHTML: String
    var statusLine: String
    var citationsTitle: String
    var sources: [Source]
    /// "In their words" beneath an answer with quotes, else `nil` (a refusal's words stand in its sources).
    var quotesTitle: String? = nil
    var quotes: [Quote] = []

    struct Quote {
        var n: Int
        var episodeID: Int64
        var passageID: Int64
        var text: String
        /// Speaker and time.
        var meta: String
    }
}

struct ErrorView {
    var title: String
    var detail: String
}

struct LayoutView {
    var title: String
    var content: String
    var refreshURL: String?
}
