import PodbotLibrary
import PodbotRetrieval

extension MCPToolServer {
    /// A passage as the MCP tools return it: where it is (episode, speaker, timestamp) and how to open it.
    struct Passage: Encodable {
        var n: Int?
        var episodeID: Int64
        var title: String
        var show: String?
        var speaker: String?
        var timestamp: String?
        var startSeconds: Double?
        var text: String
        /// The source at that moment (YouTube `t=`), else the episode URL, else the podbot page.
        var link: String?
        /// The passage in podbot's web app, when its base URL is known.
        var page: String?

        enum CodingKeys: String, CodingKey {
            case n, title, show, speaker, timestamp, text, link, page
            case episodeID = "episode_id"
            case startSeconds = "start_seconds"
        }

        init(_ hit: SearchHit, webBase: String?) {
            self.init(
                n: nil, episodeID: hit.episodeID, passageID: hit.passageID, title: hit.title, show: hit.show,
                speaker: hit.speaker, start: hit.startSeconds, text: hit.text, url: hit.url, webBase: webBase)
        }

        init(_ source: AskResult.Source, webBase: String?) {
            self.init(
                n: source.n, episodeID: source.episodeID, passageID: source.passageID, title: source.title,
                show: source.show, speaker: source.speaker, start: source.startSeconds, text: source.text,
                url: source.url, webBase: webBase)
        }

        init(
            n: Int?, episodeID: Int64, passageID: Int64, title: String, show: String?, speaker: String?, start: Double?,
            text: String, url: String?, webBase: String?
        ) {
            self.n = n
            self.episodeID = episodeID
            self.title = title
            self.show = show
            self.speaker = speaker
            self.timestamp = HTML.clock(start)
            self.startSeconds = start
            self.text = text
            self.page = webBase.map { "\($0)/episodes/\(episodeID)?passage=\(passageID)#p-\(passageID)" }
            self.link = url ?? page
        }
    }

    /// `ask`'s result: the answer, whether the library covers it, and its cited passages.
    struct Answer: Encodable {
        var question: String
        var covered: Bool
        var answer: String
        var citations: [Passage]
        /// The words of the passages the answer rests on: `[{n, speaker, start_seconds, text, url}]`, `n` as in the
        /// answer's markers; quoted passages the answer does not cite are added to `citations`. Beneath a refusal,
        /// each closest passage's words closest to the question, `n` as in `closest`.
        var quotes: [AskResult.Quote]
        /// The closest passages, when the library does not cover the question.
        var closest: [Passage]

        init(_ result: AskResult, webBase: String?) {
            question = result.question
            covered = result.covered
            answer = result.answer
            quotes = result.quotes
            citations = (result.citations + result.quotedOnly).map { Passage($0, webBase: webBase) }
            closest =
                result.covered
                ? [] : result.passages.prefix(AskPipeline.closestShown).map { Passage($0, webBase: webBase) }
        }
    }

    /// `get_episode`'s result.
    struct Episode: Encodable {
        struct Line: Encodable {
            var speaker: String?
            var timestamp: String?
            var text: String
        }

        var episode: EpisodeSummary
        var hosts: [String]
        var guests: [String]
        var summary: String?
        /// Each generated summary sentence with its source chunk and moment (`timestamp`, or null when untimed).
        var summarySentences: [SummarySentence]?
        var chapters: [EpisodeDetail.Chapter]
        var creatorChapters: [CreatorChapter]
        var questions: [String]
        var page: String?
        var transcript: [Line]?
        /// The first segment `transcript` holds (a page; `episode.segments` is how many there are).
        var transcriptOffset: Int?

        struct SummarySentence: Encodable {
            var text: String
            var timestamp: String?
            var position: Double
            var chunk: Int
            var support: Double
        }

        enum CodingKeys: String, CodingKey {
            case episode, hosts, guests, summary, chapters, questions, page, transcript
            case transcriptOffset = "transcript_offset"
            case summarySentences = "summary_sentences"
            case creatorChapters = "creator_chapters"
        }

        init(_ detail: EpisodeDetail, transcript: Bool, webBase: String?) {
            episode = detail.episode
            hosts = detail.hosts
            guests = detail.guests
            summary = detail.summary
            summarySentences = detail.summarySentences?.map {
                SummarySentence(
                    text: $0.text, timestamp: HTML.clock($0.startSeconds), position: $0.position, chunk: $0.chunk,
                    support: $0.support)
            }
            chapters = detail.chapters
            creatorChapters = detail.creatorChapters
            questions = detail.questions.map(\.text)
            page = webBase.map { "\($0)/episodes/\(detail.episode.id)" }
            transcriptOffset = transcript ? detail.transcriptOffset : nil
            self.transcript =
                transcript
                ? detail.transcript.map {
                    Line(speaker: $0.speaker, timestamp: HTML.clock($0.startSeconds), text: $0.text)
                }
                : nil
        }
    }
}
