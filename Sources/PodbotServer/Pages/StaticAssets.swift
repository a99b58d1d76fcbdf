import Hummingbird

/// The one script and one stylesheet; both served from `'self'` so the CSP can forbid inline code.
enum StaticAssets {
    static func response(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "\(type); charset=utf-8", .cacheControl: "max-age=300"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Search as you type on the library page, and the streamed answer on the ask page. Builds every node with
    /// `textContent`, never `innerHTML`, so transcript text stays text.
    static let script = #"""
        "use strict";
        (function () {
          function el(tag, className, text) {
            const node = document.createElement(tag);
            if (className) node.className = className;
            if (text !== undefined && text !== null) node.textContent = text;
            return node;
          }
          function clock(seconds) {
            if (seconds === null || seconds === undefined) return "";
            const t = Math.floor(seconds), h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, s = t % 60;
            const pad = (n) => String(n).padStart(2, "0");
            return h > 0 ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
          }
          function snippet(text) {
            const p = el("p", "snippet");
            text.split(/(«[^»]*»)/).forEach(function (piece) {
              if (piece.startsWith("«") && piece.endsWith("»")) p.appendChild(el("mark", null, piece.slice(1, -1)));
              else if (piece) p.appendChild(document.createTextNode(piece));
            });
            return p;
          }
          function sourceItem(s) {
            const li = el("li");
            if (s.n) li.value = s.n;
            const a = el("a", null, s.title);
            a.href = "/episodes/" + s.episode_id + "?passage=" + s.passage_id + "#p-" + s.passage_id;
            li.appendChild(a);
            li.appendChild(document.createTextNode(" "));
            li.appendChild(el("span", "meta", [s.speaker, clock(s.start_seconds)].filter(Boolean).join(" · ")));
            return li;
          }

          // Library: results as you type.
          const box = document.getElementById("search-q");
          const results = document.getElementById("results");
          if (box && results) {
            let timer = null, latest = 0;
            const run = async function () {
              const q = box.value.trim();
              const ticket = ++latest;
              if (!q) { results.replaceChildren(); results.dataset.query = ""; return; }
              const params = new URLSearchParams({ q: q, limit: "10" });
              const show = document.getElementById("show-filter");
              const speaker = document.getElementById("speaker-filter");
              if (show && show.value) params.set("show", show.value);
              if (speaker && speaker.value.trim()) params.set("speaker", speaker.value.trim());
              const response = await fetch("/api/v1/search?" + params.toString());
              if (!response.ok || ticket !== latest) return;
              const hits = await response.json();
              results.replaceChildren.apply(results, hits.map(function (hit) {
                const li = sourceItem(hit);
                li.className = "hit";
                li.appendChild(snippet(hit.snippet));
                return li;
              }));
              results.dataset.query = q;
              results.dataset.count = String(hits.length);
            };
            box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
          }

          // Ask: stream the answer over server-sent events, then show it checked, with linked citations.
          const answer = document.getElementById("answer");
          if (answer && answer.dataset.question && answer.dataset.stream === "1") {
            const status = document.getElementById("ask-status");
            const citations = document.getElementById("citations");
            const title = document.getElementById("citations-title");
            const params = new URLSearchParams({ q: answer.dataset.question, stream: "true" });
            if (answer.dataset.episode) params.set("episode", answer.dataset.episode);
            const events = new EventSource("/api/v1/ask?" + params.toString());
            answer.dataset.state = "streaming";
            events.addEventListener("token", function (e) {
              if (status.textContent) status.textContent = "";
              answer.appendChild(document.createTextNode(JSON.parse(e.data).text));
            });
            events.addEventListener("result", function (e) {
              events.close();
              const result = JSON.parse(e.data);
              const byNumber = {};
              result.citations.forEach(function (c) { byNumber[c.n] = c; });
              answer.replaceChildren();
              result.answer.split(/(\[\d+\])/).forEach(function (piece) {
                const m = /^\[(\d+)\]$/.exec(piece);
                if (m && byNumber[m[1]]) {
                  const c = byNumber[m[1]];
                  const a = el("a", "cite", piece);
                  a.href = "/episodes/" + c.episode_id + "?passage=" + c.passage_id + "#p-" + c.passage_id;
                  answer.appendChild(a);
                } else if (piece) {
                  answer.appendChild(document.createTextNode(piece));
                }
              });
              // Beneath a covered answer, the words of the passages it rests on.
              let quotes = document.getElementById("quotes");
              if (!quotes) {
                quotes = el("div", "quotes");
                quotes.id = "quotes";
                answer.after(quotes);
              }
              const quoted = result.covered ? (result.quotes || []) : [];
              quotes.replaceChildren.apply(quotes, quoted.map(function (q) {
                const p = result.passages[q.n - 1];
                const block = el("blockquote", "quote", "\u201C" + q.text + "\u201D ");
                block.appendChild(el("span", "meta", [q.speaker, clock(q.start_seconds)].filter(Boolean).join(" · ")));
                const a = el("a", "cite", " [" + q.n + "]");
                a.href = "/episodes/" + p.episode_id + "?passage=" + p.passage_id + "#p-" + p.passage_id;
                block.appendChild(a);
                return block;
              }));
              const extra = quoted.filter(function (q) { return !byNumber[q.n]; })
                .map(function (q) { return result.passages[q.n - 1]; });
              const shown = result.covered ? result.citations.concat(extra) : result.passages.slice(0, 5);
              title.textContent = result.covered ? "Sources" : "Closest passages";
              // Beneath a refusal, each closest passage with its words closest to the question.
              const moments = {};
              if (!result.covered) (result.quotes || []).forEach(function (q) { moments[q.n] = q; });
              citations.replaceChildren.apply(citations, shown.map(function (s) {
                const q = moments[s.n];
                if (!q) return sourceItem(s);
                const li = sourceItem(Object.assign({}, s, {
                  speaker: q.speaker || s.speaker,
                  start_seconds: q.start_seconds == null ? s.start_seconds : q.start_seconds,
                }));
                li.appendChild(el("p", null, q.text));
                return li;
              }));
              status.textContent = "Retrieval " + Math.round(result.timings.retrieval_ms) + " ms, total " +
                Math.round(result.timings.total_ms) + " ms";
              answer.dataset.state = "done";
              answer.dataset.covered = String(result.covered);
            });
            events.addEventListener("problem", function (e) {
              events.close();
              const problem = JSON.parse(e.data);
              status.textContent = problem.detail || problem.title;
              answer.dataset.state = "failed";
            });
            events.onerror = function () {
              if (answer.dataset.state === "streaming") {
                events.close();
                status.textContent = "The connection was lost.";
                answer.dataset.state = "failed";
              }
            };
          }
        })();
        """#

    static let style = """
        :root { --fg: #1d1d1f; --muted: #6e6e73; --accent: #0b5cad; --line: #e3e3e6; --bg: #fbfbfd; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        header.top { display: flex; gap: 1.5rem; align-items: baseline; padding: .8rem 2rem; border-bottom: 1px solid var(--line); background: #fff; }
        .brand { font-weight: 700; font-size: 1.2rem; color: var(--fg); text-decoration: none; }
        nav a { margin-right: 1rem; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem 2rem 3rem; }
        a { color: var(--accent); }
        h1 { font-size: 1.6rem; margin: .6rem 0 1rem; }
        form { display: flex; gap: .5rem; flex-wrap: wrap; margin-bottom: 1rem; }
        input, select, button { font: inherit; padding: .45rem .6rem; border: 1px solid #c7c7cc; border-radius: 6px; }
        #search-q, #ask-q { flex: 1 1 20rem; }
        button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
        table.episodes { width: 100%; border-collapse: collapse; background: #fff; }
        .episodes th, .episodes td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        .episodes th { font-size: .85rem; color: var(--muted); font-weight: 600; }
        .results { padding-left: 1.4rem; }
        .results li, .citations li { margin-bottom: .8rem; }
        .meta, .count { color: var(--muted); font-size: .88rem; }
        .snippet { margin: .2rem 0 0; }
        mark { background: #fff2a8; padding: 0 .1rem; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        .passage { border-left: 3px solid transparent; padding-left: .8rem; margin-left: -.8rem; }
        .passage:target { border-left-color: var(--accent); background: #eef5fd; }
        .line { margin: .35rem 0; }
        .line:target { background: #fff7d6; }
        .time { font-variant-numeric: tabular-nums; font-size: .85rem; text-decoration: none; color: var(--muted); }
        .speaker { font-weight: 600; }
        .source { text-decoration: none; font-size: .85rem; }
        .quote { margin: .6rem 0 0 0; padding-left: .8rem; border-left: 3px solid var(--line); }
        .answer { white-space: pre-wrap; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; min-height: 3rem; }
        .cite { font-size: .85rem; text-decoration: none; }
        .empty { color: var(--muted); }
        """
}
