import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PodbotLibrary
import PodbotServer
import Testing

/// The three pages, server-rendered, and the escaping of hostile transcript text.
@Suite struct PageTests {
    @Test func libraryPageListsEpisodesWithShowDateAndDuration() async throws {
        let shared = try await ServerFixture.get()
        let episodes = try shared.backend.library.episodes()
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = response.text
                for episode in episodes where episode.id != shared.hostileID {
                    #expect(html.contains("<a href=\"/episodes/\(episode.id)\">"))
                }
                let lex = try #require(episodes.first { $0.id == shared.lexID })
                #expect(html.contains(">\(lex.words)</td>"))
                #expect(html.contains("id=\"search-q\""))
                #expect(html.contains("<span class=\"count\">\(episodes.count)</span>"))
            }
        }
    }

    @Test func librarySearchWorksWithoutJavaScript() async throws {
        let shared = try await ServerFixture.get()
        let expected = try shared.backend.library.searchBM25("quokka", limit: 10)
        #expect(expected.count >= 1)
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/?q=quokka", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("<mark>quokka</mark>"))
                #expect(
                    html.contains(
                        "href=\"/episodes/\(shared.hostileID)?passage=\(expected[0].passageID)#p-\(expected[0].passageID)\""
                    ))
            }
            try await client.execute(uri: "/?q=qqxzvbq", method: .get) { response in
                #expect(response.text.contains("No passage matches"))
            }
        }
    }

    @Test func episodePageHasTranscriptAnchorsTimestampsAndQuestions() async throws {
        let shared = try await ServerFixture.get()
        let csvEpisode = try #require(
            try shared.backend.library.episodes().first { episode in
                (try? shared.backend.library.episode(episode.id).questions.isEmpty) == false
            })
        let detail = try shared.backend.library.episode(csvEpisode.id)
        let passages = try shared.backend.library.passages(episode: csvEpisode.id)
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/episodes/\(csvEpisode.id)", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("<h1 id=\"episode-title\">"))
                #expect(html.components(separatedBy: "class=\"passage\" id=\"p-").count - 1 >= passages.count)
                #expect(html.components(separatedBy: "<p class=\"line\" id=\"s-").count - 1 == detail.transcript.count)
                let question = try #require(detail.questions.first)
                #expect(html.contains("/ask?q="))
                #expect(html.contains("&amp;episode=\(csvEpisode.id)"))
                #expect(html.contains(question.text.prefix(20).replacingOccurrences(of: "'", with: "&#39;")))
                // Each summary paragraph is a paragraph of the page.
                let paragraphs = (detail.summary ?? "").components(separatedBy: "\n\n").filter {
                    !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                }
                let section =
                    html.components(separatedBy: "<section id=\"summary\">").dropFirst().first?
                    .components(separatedBy: "</section>").first ?? ""
                #expect(!paragraphs.isEmpty)
                #expect(section.components(separatedBy: "<p>").count - 1 == paragraphs.count)
            }
        }
        // The Whisper transcript has timestamps: each line links to its own anchor.
        let whisper = try #require(
            try shared.backend.library.episodes().first { $0.hasTimestamps && $0.id != shared.hostileID })
        let timed = try shared.backend.library.episode(whisper.id)
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/episodes/\(whisper.id)", method: .get) { response in
                let html = response.text
                let second = timed.transcript[1]
                let seconds = Int(second.startSeconds ?? 0)
                let clock = String(format: "%d:%02d", seconds / 60, seconds % 60)
                #expect(html.contains("<a class=\"time\" href=\"#s-1\">\(clock)</a>") || seconds >= 3600)
            }
        }
    }

    /// A transcript holding `<script>` and `<img onerror>` renders as inert text everywhere it appears.
    @Test func hostileTranscriptRendersInert() async throws {
        let shared = try await ServerFixture.get()
        let detail = try shared.backend.library.episode(shared.hostileID)
        #expect(detail.episode.title == ServerFixture.hostileTitle)
        #expect(detail.transcript.contains { $0.text.contains("<script>") || ($0.speaker ?? "").contains("<") })
        try await ServerFixture.application().test(.router) { client in
            for uri in ["/episodes/\(shared.hostileID)", "/", "/?q=quokka", "/?q=zyzzyva"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    let html = response.text
                    #expect(!html.contains("<script>document"), "\(uri) holds a live script")
                    #expect(!html.contains("<img src=x"), "\(uri) holds a live img")
                    #expect(!html.contains("<b>episode</b>"), "\(uri) holds live markup from the title")
                    #expect(!html.contains("javascript:"), "\(uri) links to javascript:")
                    // Only the layout's own script tag.
                    #expect(html.components(separatedBy: "<script").count == 2)
                    #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                }
            }
            try await client.execute(uri: "/episodes/\(shared.hostileID)", method: .get) { response in
                let html = response.text
                #expect(
                    html.contains(
                        "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;Hostile &lt;b&gt;episode&lt;/b&gt;")
                )
                #expect(html.contains("&lt;script&gt;document.body.dataset.pwned"))
                #expect(html.contains("&lt;i&gt;Evil&lt;/i&gt; Show"))
            }
        }
    }

    @Test func askPageWithoutQuestionShowsTheForm() async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/ask", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("id=\"ask-q\""))
                #expect(!response.text.contains("id=\"answer\""))
            }
            try await client.execute(uri: "/ask?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", method: .get) { response in
                let html = response.text
                #expect(html.contains("data-question=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
                #expect(html.contains("data-stream=\"1\""))
                #expect(html.contains("<noscript><meta http-equiv=\"refresh\""))
                #expect(!html.contains("<script>alert"))
            }
        }
    }

    @Test func missingEpisodePageIs404Html() async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/episodes/424242", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.text.contains("no episode 424242"))
            }
        }
    }

    @Test(arguments: [
        "/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/episodes/..%2f..%2fetc%2fpasswd",
    ])
    func noPathTraversal(uri: String) async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(!response.text.contains("root:"))
            }
        }
    }

    @Test func staticAssetsAreServed() async throws {
        try await ServerFixture.application().test(.router) { client in
            try await client.execute(uri: "/static/app.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.text.contains("new EventSource"))
                #expect(!response.text.contains("innerHTML"))
            }
            try await client.execute(uri: "/static/app.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(".passage:target"))
            }
        }
    }
}
