"""Saved news pages made for the tests: an article with quotes inside the chrome real pages
carry (navigation, a cookie banner, related articles, readers' comments, scripts, styles).
No outlet's page is copied; every name and sentence here is invented."""

from __future__ import annotations

import html

ARTICLE = [
    "The city council voted on Thursday to fund a new pedestrian bridge across the harbour, "
    "ending a dispute that had lasted almost a decade.",
    "\u201cThis is a good day for everyone who walks to work,\u201d said Anna Berg, the council leader. "
    "\u201cWe listened, and we changed the plan.\u201d",
    "Shop owners on the quay said the works would cost them trade for two summers. "
    "\u201cNobody asked us,\u201d said Tom Ames, who runs a caf\u00e9 near the ferry terminal.",
    "A council official, who asked not to be named, said compensation was being discussed. The bridge "
    "is expected to open in 2027 at a cost of \u00a314 million \u2013 about 40% more than the first estimate.",
]
CHROME = {
    "cookie": "We use cookies to improve your experience. Accept all cookies or manage your preferences.",
    "nav": "Subscribe to our weekend newsletter",
    "related": "Ferry fares to rise in spring as fuel costs climb",
    "comment": "Total waste of money, typical council nonsense, they never listen to anyone here.",
    "footer": "All rights reserved. Privacy policy. Terms of use.",
    "script": "window.trackingPixelLoaded",
}


def news_page(
    title: str = "Council backs new bridge plan",
    paragraphs: list[str] = ARTICLE,
    *,
    outlet: str = "The Harbour Gazette",
    author: str | None = "Maria Olsen",
    date: str | None = "2025-03-14",
    canonical: str | None = "https://gazette.example/news/bridge-plan",
    charset: str | None = "utf-8",
    subheading: str | None = "Objections from shop owners",
    extra_head: str = "",
    raw_body: str = "",
) -> str:
    """A whole page; `paragraphs` are escaped, `raw_body` is put into the article as it is."""
    e = html.escape
    head = [
        f'<meta charset="{charset}">' if charset else "",
        f"<title>{e(title)} | {e(outlet)}</title>",
        f'<meta property="og:site_name" content="{e(outlet)}">',
        f'<meta property="og:title" content="{e(title)}">',
    ]
    if author:
        head.append(f'<meta name="author" content="{e(author)}">')
    if date:
        head.append(f'<meta property="article:published_time" content="{date}T09:30:00Z">')
    if canonical:
        head.append(f'<link rel="canonical" href="{e(canonical)}">')
    body = [f"<p>{e(p)}</p>" for p in paragraphs]
    if subheading and len(body) > 2:
        body.insert(2, f"<h2>{e(subheading)}</h2>")
    return f"""<!DOCTYPE html>
<html lang="en"><head>
{chr(10).join(head)}
{extra_head}
<script>{CHROME["script"]} = true; document.write("<p>written by a script</p>");</script>
<style>body {{ font-family: serif }}</style>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>{CHROME["cookie"]}</p><button>Accept</button></div>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/newsletter">{CHROME["nav"]}</a></li></ul></nav>
<main><article>
<h1>{e(title)}</h1>
{chr(10).join(body)}
{raw_body}
</article>
<aside class="related"><h3>Related articles</h3><ul>
<li><a href="/a">{CHROME["related"]}</a></li><li><a href="/b">Harbour festival returns</a></li>
<li><a href="/c">Five things to do this weekend</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>{CHROME["comment"]}</p></div>
<div class="comment"><p>About time! I walk there every day and the road is dangerous.</p></div></section>
</main>
<footer><p>&copy; 2025 {e(outlet)}. {CHROME["footer"]}</p></footer>
<script src="/app.js"></script>
</body></html>
"""


def listing_page() -> str:
    """A section front: headlines and links, no article."""
    items = "".join(f'<li><a href="/n/{i}">Headline number {i} about the harbour</a></li>' for i in range(12))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>News | The Harbour Gazette</title></head>
<body><nav><a href="/">Home</a></nav><h1>Latest news</h1><ul>{items}</ul><footer>&copy; Gazette</footer></body></html>"""
