import Foundation
import Hummingbird
import PodbotLibrary
import PodbotRetrieval

/// `/` (library), `/episodes/{id}` (episode), `/ask?q=` (ask), and the two static files.
struct PageRoutes {
    let backend: Backend
    let renderer: PageRenderer

    func register(on router: some RouterMethods<BasicRequestContext>) {
        router.get("/") { request, _ in try await libraryPage(request) }
        router.get("episodes/{id}") { request, context in try await episodePage(context.episodeID(), request) }
        router.get("ask") { request, _ in try await askPage(request) }
        router.get("static/app.js") { _, _ in StaticAssets.response(StaticAssets.script, type: "text/javascript") }
        router.get("static/app.css") { _, _ in StaticAssets.response(StaticAssets.style, type: "text/css") }
    }

    private func libraryPage(_ request: Request) async throws -> Response {
        let query = request.query("q") ?? ""
        let show = request.query("show")
        let speaker = request.query("speaker")
        let (all, feeds) = try await backend.library.reading { try ($0.episodes(), $0.feeds()) }
        let showNames = Set(all.compactMap(\.show)).sorted()
        var episodes = all
        if let show { episodes = episodes.filter { $0.isInShow(show) } }
        if let speaker {
            episodes = episodes.filter { $0.speakers.contains { $0.localizedCaseInsensitiveContains(speaker) } }
        }
        var hits: [SearchHit] = []
        if !query.isEmpty {
            hits = try await backend.search(query, filter: PassageFilter(show: show, speaker: speaker), limit: 10)
        }
        let view = LibraryView(
            query: query, speaker: speaker ?? "",
            shows: showNames.map {
                LibraryView.Show(name: $0, selected: $0.caseInsensitiveCompare(show ?? "") == .orderedSame)
            },
            hasFeeds: !feeds.isEmpty,
            feeds: feeds.map { feed in
                let title = feed.title ?? feed.url
                var facts = ["\(feed.episodes) of \(feed.items) items imported"]
                if feed.withoutTranscript > 0 { facts.append("\(feed.withoutTranscript) without a transcript") }
                if feed.failed > 0 { facts.append("\(feed.failed) failed") }
                let synced = feed.syncedAt.map { String($0.prefix(16)).replacingOccurrences(of: "T", with: " ") }
                facts.append("synced " + (synced ?? "never"))
                return LibraryView.Feed(
                    title: title, url: feed.url, showURL: "/?show=\(HTML.query(title))",
                    facts: facts.joined(separator: " · "))
            },
            episodes: episodes.map {
                LibraryView.Episode(
                    id: $0.id, title: $0.title, show: $0.show, published: $0.published,
                    duration: HTML.clock($0.durationSeconds), words: $0.words)
            },
            episodeCount: episodes.count,
            results: hits.map {
                LibraryView.Hit(
                    episodeID: $0.episodeID, passageID: $0.passageID, title: $0.title, speaker: $0.speaker,
                    time: HTML.clock($0.startSeconds), snippetHTML: HTML.snippet($0.snippet))
            },
            noResults: !query.isEmpty && hits.isEmpty)
        return renderer.page("library", title: query.isEmpty ? "Library" : "Search: \(query)", view: view)
    }

    /// One page of the episode's transcript (``TranscriptPaging``): `?offset=N`, or the page holding `?passage=ID`,
    /// which citation and search links name.
    private func episodePage(_ id: Int64, _ request: Request) async throws -> Response {
        let size = TranscriptPaging.defaultLimit
        let requestedOffset = try request.query("offset", in: TranscriptPaging.offsets, default: 0)
        let passage = request.query("passage").flatMap { Int64($0) }
        // Everything the page shows, from one snapshot: the page, its passages, and the segment each chapter and
        // summary sentence starts at.
        let read = try await backend.library.reading { snapshot in
            var offset = requestedOffset
            if let passage, let first = try snapshot.firstSegment(ofPassage: passage, episode: id) {
                offset = first / size * size
            }
            let page = TranscriptPaging.page(offset: offset, limit: size)
            let detail = try snapshot.episode(id, segments: page)
            let times =
                detail.chapters.compactMap(\.startSeconds) + detail.creatorChapters.map(\.startSeconds)
                + (detail.summarySentences ?? []).compactMap(\.startSeconds)
            var ordinals: [Double: Int] = [:]
            for time in Set(times) { ordinals[time] = try snapshot.segmentOrdinal(episode: id, atOrBefore: time) }
            let anchors = try snapshot.passages(episode: id, segments: page).compactMap(PassageAnchor.init)
            return (offset: offset, page: page, detail: detail, anchors: anchors, ordinals: ordinals)
        }
        let (offset, page, detail, anchors) = (read.offset, read.page, read.detail, read.anchors)
        let summary = detail.episode
        let link = HTML.safeLink(summary.url)
        let lines = detail.transcript.enumerated().map { index, line in
            EpisodeView.Line(
                ordinal: offset + index, speaker: line.speaker, time: HTML.clock(line.startSeconds), text: line.text,
                sourceURL: link.flatMap { _ in
                    line.startSeconds.flatMap { HTML.safeLink(DeepLink.url(link, seconds: $0)) }
                })
        }
        var passages: [EpisodeView.Passage] = []
        var covered = offset
        let end = offset + lines.count
        for anchor in anchors where anchor.firstSegment < end {
            let last = min(anchor.lastSegment, end - 1)
            // Overlapping passages share segments; each segment is shown once, in the first passage that holds it.
            let start = max(anchor.firstSegment, covered)
            passages.append(
                EpisodeView.Passage(
                    id: anchor.id, lines: start <= last ? Array(lines[(start - offset)...(last - offset)]) : []))
            covered = max(covered, last + 1)
        }
        if covered < end {
            passages.append(EpisodeView.Passage(id: 0, lines: Array(lines[(covered - offset)...])))
        }
        /// `#s-N` on this page, else the page that holds segment N.
        func anchor(_ ordinal: Int) -> String {
            page.contains(ordinal) ? "#s-\(ordinal)" : "?offset=\(ordinal / size * size)#s-\(ordinal)"
        }
        func chapter(_ title: String, _ start: Double?) -> EpisodeView.Chapter {
            let ordinal = start.flatMap { read.ordinals[$0] }
            return EpisodeView.Chapter(title: title, time: HTML.clock(start), anchor: ordinal.map(anchor))
        }
        let chapters = detail.chapters.map { chapter($0.title, $0.startSeconds) }
        let creatorChapters = detail.creatorChapters.filter(\.toc).map { chapter($0.title, $0.startSeconds) }
        let summaryParagraphs = Self.summaryParagraphs(detail) { sentence in
            if let start = sentence.startSeconds, let ordinal = read.ordinals[start] {
                return anchor(ordinal)
            }
            let count = summary.segments
            return count == 0 ? nil : anchor(min(count - 1, max(0, Int(sentence.position * Double(count)))))
        }
        let pager = EpisodeView.Pager(
            earlierURL: offset > 0 ? "/episodes/\(id)?offset=\(max(0, offset - size))" : nil,
            laterURL: end < summary.segments ? "/episodes/\(id)?offset=\(end)" : nil,
            range: summary.segments > size ? "segments \(offset + 1)–\(end) of \(summary.segments)" : nil)
        let questions = detail.questions.map {
            EpisodeView.Question(text: $0.text, askURL: "/ask?q=\(HTML.query($0.text))&episode=\(id)")
        }
        func joined(_ names: [String]) -> String? { names.isEmpty ? nil : names.joined(separator: ", ") }
        let view = EpisodeView(
            id: id, title: summary.title, show: summary.show, published: summary.published,
            duration: HTML.clock(summary.durationSeconds), speakers: joined(summary.speakers),
            hosts: joined(detail.hosts), guests: joined(detail.guests), words: summary.words, sourceURL: link,
            summary: summaryParagraphs, hasSummary: !summaryParagraphs.isEmpty,
            hasCreatorChapters: !creatorChapters.isEmpty, creatorChapters: creatorChapters,
            hasChapters: !chapters.isEmpty, chapters: chapters,
            hasQuestions: !questions.isEmpty, questions: questions, passages: passages, pager: pager)
        return renderer.page("episode", title: summary.title, view: view)
    }

    /// The summary as paragraphs of sentences; a generated summary's sentences link (`anchor`) to the transcript
    /// line where their source chunk starts (by time, or by position on an untimed episode).
    static func summaryParagraphs(_ detail: EpisodeDetail, anchor: (SummarySentence) throws -> String?) rethrows
        -> [EpisodeView.SummaryParagraph]
    {
        let paragraphs = (detail.summary ?? "").components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard let sentences = detail.summarySentences, !sentences.isEmpty else {
            return paragraphs.map { .init(sentences: [.init(text: $0)]) }
        }
        func place(_ sentence: SummarySentence) throws -> EpisodeView.SummarySentence {
            let moment =
                sentence.startSeconds.flatMap(HTML.clock) ?? "at \(Int((sentence.position * 100).rounded()))%"
            return .init(text: sentence.text, moment: moment, anchor: try anchor(sentence))
        }
        var remaining = sentences[...]
        var result: [EpisodeView.SummaryParagraph] = []
        for paragraph in paragraphs {
            var placed: [EpisodeView.SummarySentence] = []
            while let next = remaining.first, paragraph.contains(next.text) {
                placed.append(try place(next))
                remaining = remaining.dropFirst()
            }
            result.append(.init(sentences: placed.isEmpty ? [.init(text: paragraph)] : placed))
        }
        return result
    }

    private func askPage(_ request: Request) async throws -> Response {
        let question = request.query("q")
        let episode = request.query("episode")
        let episodeID = try episode.map { text -> Int64 in
            guard let id = Int64(text) else { throw ProblemDetails(.badRequest, "`episode` must be an episode id") }
            return id
        }
        let full = request.query("full") == "1"
        var fullURL = "/ask?q=\(HTML.query(question ?? ""))&full=1"
        if let episode { fullURL += "&episode=\(HTML.query(episode))" }
        var view = AskView(
            question: question, episode: episode, stream: "1", state: "waiting", fullURL: fullURL,
            answerHTML: "", statusLine: "Waiting for the model…", citationsTitle: "Sources", sources: [])
        guard let question else {
            return renderer.page("ask", title: "Ask", view: view)
        }
        guard full else {
            return renderer.page("ask", title: "Ask: \(question)", view: view, refreshURL: fullURL)
        }
        // Without JavaScript: answer in full on the server, then render; a closed tab cancels the ask.
        let backend = self.backend
        let admitted = try await backend.admit(question)
        let result = try await HangUpWatch(request).run {
            try await backend.ask(admitted, filter: PassageFilter(episodeID: episodeID))
        }
        let shown =
            result.covered
            ? result.citations + result.quotedOnly : Array(result.passages.prefix(AskPipeline.closestShown))
        view.stream = "0"
        view.state = "done"
        view.answerHTML = HTML.answer(result.answer, sources: result.citations)
        view.statusLine =
            "Retrieval \(Int(result.timings.retrievalMs)) ms, total \(Int(result.timings.totalMs)) ms"
        view.citationsTitle = result.covered ? "Sources" : "Closest passages"
        // Beneath an answer, the words it rests on; beneath a refusal, each closest passage's words closest to the
        // question stand in place of its opening.
        if result.covered, !result.quotes.isEmpty { view.quotesTitle = "In their words" }
        view.quotes = (result.covered ? result.quotes : []).map { quote in
            let passage = result.passages[quote.n - 1]
            return AskView.Quote(
                n: quote.n, episodeID: passage.episodeID, passageID: passage.passageID, text: quote.text,
                meta: [quote.speaker, HTML.clock(quote.startSeconds)].compactMap { $0 }.joined(separator: " · "))
        }
        let moments = result.covered ? [:] : Dictionary(result.quotes.map { ($0.n, $0) }) { first, _ in first }
        view.sources = shown.map {
            let moment = moments[$0.n]
            return AskView.Source(
                n: $0.n, episodeID: $0.episodeID, passageID: $0.passageID, title: $0.title,
                speaker: moment?.speaker ?? $0.speaker, time: HTML.clock(moment?.startSeconds ?? $0.startSeconds),
                excerpt: moment?.text ?? Self.excerpt($0.text))
        }
        return renderer.page("ask", title: "Ask: \(question)", view: view)
    }

    static func excerpt(_ text: String) -> String {
        let words = text.split(separator: " ")
        return words.prefix(40).joined(separator: " ") + (words.count > 40 ? " …" : "")
    }
}
