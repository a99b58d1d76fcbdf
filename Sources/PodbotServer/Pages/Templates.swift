/// The page templates. Mustache escapes every `{{value}}`; the only `{{{raw}}}` values are HTML that
/// ``HTML`` built from escaped text (page content, highlighted snippets, answers with citation links).
enum Templates {
    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · podbot</title>
        <link rel="stylesheet" href="/static/app.css">
        {{#refreshURL}}<noscript><meta http-equiv="refresh" content="0; url={{refreshURL}}"></noscript>{{/refreshURL}}
        </head>
        <body>
        <header class="top">
          <a class="brand" href="/">podbot</a>
          <nav><a href="/">Library</a> <a href="/ask">Ask</a> <a href="/api/v1/openapi.json">API</a></nav>
        </header>
        <main id="main">
        {{{content}}}
        </main>
        <script src="/static/app.js" defer></script>
        </body>
        </html>
        """

    static let library = """
        <h1>Library</h1>
        <form class="filters" action="/" method="get" role="search">
          <input id="search-q" type="search" name="q" value="{{query}}" placeholder="Search every transcript…" autocomplete="off" aria-label="Search passages">
          <select id="show-filter" name="show" aria-label="Show">
            <option value="">All shows</option>
            {{#shows}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/shows}}
          </select>
          <input id="speaker-filter" type="text" name="speaker" value="{{speaker}}" placeholder="Speaker" aria-label="Speaker">
          <button type="submit">Search</button>
        </form>
        <ol id="results" class="results" data-query="{{query}}">
        {{#results}}
          <li class="hit"><a href="/episodes/{{episodeID}}?passage={{passageID}}#p-{{passageID}}">{{title}}</a>
            <span class="meta">{{#speaker}}{{speaker}}{{#time}} · {{/time}}{{/speaker}}{{time}}</span>
            <p class="snippet">{{{snippetHTML}}}</p></li>
        {{/results}}
        </ol>
        {{#noResults}}<p class="empty">No passage matches “{{query}}”.</p>{{/noResults}}
        <h2>Episodes <span class="count">{{episodeCount}}</span></h2>
        <table id="episodes" class="episodes">
          <thead><tr><th>Episode</th><th>Show</th><th>Published</th><th>Duration</th><th>Words</th></tr></thead>
          <tbody>
          {{#episodes}}
            <tr><td><a href="/episodes/{{id}}">{{title}}</a></td><td>{{show}}</td><td>{{published}}</td><td>{{duration}}</td><td>{{words}}</td></tr>
          {{/episodes}}
          </tbody>
        </table>
        {{^episodes}}<p class="empty">No episodes yet: import transcripts with <code>podbot import</code> or <code>POST /api/v1/import</code>, or subscribe to a show with <code>podbot feed add URL</code>.</p>{{/episodes}}
        {{#hasFeeds}}<h2>Feeds</h2><ul id="feeds" class="feeds">
        {{#feeds}}<li><a href="{{showURL}}">{{title}}</a> <span class="meta">{{facts}}</span> <span class="meta feed-url">{{url}}</span></li>{{/feeds}}
        </ul>{{/hasFeeds}}
        """

    static let episode = """
        <article class="episode" data-episode="{{id}}">
        <h1 id="episode-title">{{title}}</h1>
        <dl class="facts">
          {{#show}}<dt>Show</dt><dd>{{show}}</dd>{{/show}}
          {{#published}}<dt>Published</dt><dd>{{published}}</dd>{{/published}}
          {{#duration}}<dt>Duration</dt><dd>{{duration}}</dd>{{/duration}}
          {{#speakers}}<dt>Speakers</dt><dd>{{speakers}}</dd>{{/speakers}}
          {{#hosts}}<dt>Hosts</dt><dd>{{hosts}}</dd>{{/hosts}}
          {{#guests}}<dt>Guests</dt><dd>{{guests}}</dd>{{/guests}}
          <dt>Words</dt><dd>{{words}}</dd>
          {{#sourceURL}}<dt>Source</dt><dd><a href="{{sourceURL}}" rel="noopener noreferrer">{{sourceURL}}</a></dd>{{/sourceURL}}
        </dl>
        {{#hasSummary}}<section id="summary"><h2>Summary</h2>{{#summary}}<p>{{#sentences}}<span class="sentence">{{text}}</span>{{#anchor}} <a class="moment" href="{{anchor}}">{{moment}}</a>{{/anchor}} {{/sentences}}</p>{{/summary}}</section>{{/hasSummary}}
        {{#hasCreatorChapters}}<section id="creator-chapters"><h2>Chapters <small>(the creator's)</small></h2><ol>
          {{#creatorChapters}}<li>{{#anchor}}<a href="{{anchor}}">{{time}}</a> {{/anchor}}{{title}}</li>{{/creatorChapters}}
        </ol></section>{{/hasCreatorChapters}}
        {{#hasChapters}}<section id="chapters"><h2>Chapters <small>(generated)</small></h2><ol>
          {{#chapters}}<li>{{#anchor}}<a href="{{anchor}}">{{time}}</a> {{/anchor}}{{title}}</li>{{/chapters}}
        </ol></section>{{/hasChapters}}
        {{#hasQuestions}}<section id="questions"><h2>Questions</h2><ul>
          {{#questions}}<li><a href="{{askURL}}">{{text}}</a></li>{{/questions}}
        </ul></section>{{/hasQuestions}}
        <section id="transcript"><h2>Transcript</h2>
        {{#pager}}{{#range}}<nav class="pager"><span class="meta">{{range}}</span>{{#earlierURL}} <a rel="prev" href="{{earlierURL}}">Earlier</a>{{/earlierURL}}{{#laterURL}} <a rel="next" href="{{laterURL}}">Later</a>{{/laterURL}}</nav>{{/range}}{{/pager}}
        {{#passages}}
          <section class="passage" id="p-{{id}}">
          {{#lines}}
            <p class="line" id="s-{{ordinal}}">{{#time}}<a class="time" href="#s-{{ordinal}}">{{time}}</a> {{/time}}{{#speaker}}<b class="speaker">{{speaker}}</b> {{/speaker}}<span class="text">{{text}}</span>{{#sourceURL}} <a class="source" href="{{sourceURL}}" rel="noopener noreferrer" title="Open the source here">↗</a>{{/sourceURL}}</p>
          {{/lines}}
          </section>
        {{/passages}}
        {{#pager}}{{#laterURL}}<nav class="pager"><a rel="next" href="{{laterURL}}">Later</a></nav>{{/laterURL}}{{/pager}}
        </section>
        </article>
        """

    static let ask = """
        <h1>Ask</h1>
        <form class="ask-form" action="/ask" method="get">
          <input id="ask-q" type="text" name="q" value="{{question}}" placeholder="What does the library say about…?" aria-label="Question">
          {{#episode}}<input type="hidden" name="episode" value="{{episode}}">{{/episode}}
          <button type="submit">Ask</button>
        </form>
        {{#question}}
        <section class="answer-box">
          <h2>Answer</h2>
          <div id="answer" class="answer" data-question="{{question}}" data-episode="{{episode}}" data-stream="{{stream}}" data-state="{{state}}">{{{answerHTML}}}</div>
          {{#stream}}<noscript><p><a href="{{fullURL}}">Show the answer without JavaScript</a></p></noscript>{{/stream}}
          {{#quotesTitle}}<div id="quotes" class="quotes"><p class="meta">{{quotesTitle}}</p>
          {{#quotes}}<blockquote class="quote">“{{text}}” <span class="meta">{{meta}}</span><a class="cite" href="/episodes/{{episodeID}}?passage={{passageID}}#p-{{passageID}}"> [{{n}}]</a></blockquote>
          {{/quotes}}</div>{{/quotesTitle}}
          <p id="ask-status" class="meta">{{statusLine}}</p>
          <h3 id="citations-title">{{citationsTitle}}</h3>
          <ol id="citations" class="citations">
          {{#sources}}
            <li value="{{n}}"><a href="/episodes/{{episodeID}}?passage={{passageID}}#p-{{passageID}}">{{title}}</a> <span class="meta">{{#speaker}}{{speaker}}{{#time}} · {{/time}}{{/speaker}}{{time}}</span>
              <p>{{excerpt}}</p></li>
          {{/sources}}
          </ol>
        </section>
        {{/question}}
        """

    static let error = """
        <h1>{{title}}</h1>
        <p id="problem">{{detail}}</p>
        <p><a href="/">Back to the library</a></p>
        """
}
