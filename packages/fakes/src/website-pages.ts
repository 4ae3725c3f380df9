/** Title and paragraphs of `/article`, exported so tests can check what a reader extracted. */
export const ARTICLE_TITLE = 'How Solar Panels Turn Sunlight into Electricity';
export const ARTICLE_PARAGRAPHS = [
  'Solar panels are made of photovoltaic cells, usually cut from thin wafers of crystalline silicon. When sunlight strikes a cell, photons knock electrons loose from their atoms and set them moving.',
  'Each cell has a positive and a negative layer, which together create an electric field. That field pushes the freed electrons in one direction, producing a direct current that wires on the cell collect.',
  'An inverter converts the direct current into the alternating current used by homes and the grid. Modern inverters also track the point of maximum power as clouds pass and temperatures change.',
  'Typical residential panels convert about twenty percent of incoming sunlight into electricity. Efficiency falls slowly with age, and most manufacturers guarantee at least eighty percent output after twenty-five years.',
];

/**
 * A realistic page: the article sits among navigation, scripts, ads and a footer, the noise a
 * readability extractor must throw away.
 */
export const ARTICLE_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${ARTICLE_TITLE} | Energy Explained</title>
  <meta name="description" content="A plain explanation of photovoltaic cells and inverters.">
  <meta property="og:title" content="${ARTICLE_TITLE}">
  <script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>
  <style>body { font-family: sans-serif; } .ad { display: block; }</style>
</head>
<body>
  <header>
    <nav class="site-nav">
      <a href="/">Home</a> <a href="/topics">Topics</a> <a href="/newsletter">Subscribe to our newsletter</a> <a href="/login">Sign in</a>
    </nav>
  </header>
  <div class="ad">Advertisement: Save 30% on home batteries this week only!</div>
  <main>
    <article>
      <h1>${ARTICLE_TITLE}</h1>
      <p class="byline">By Jane Rivera &middot; March 3, 2025</p>
${ARTICLE_PARAGRAPHS.map((paragraph) => `      <p>${paragraph}</p>`).join('\n')}
    </article>
    <aside class="related">
      <h2>Related</h2>
      <ul><li><a href="/wind">How wind turbines work</a></li><li><a href="/batteries">Choosing a home battery</a></li></ul>
    </aside>
  </main>
  <footer>
    <p>&copy; 2025 Energy Explained. All rights reserved.</p>
    <a href="/privacy">Privacy</a> <a href="/cookies">Cookie settings</a>
  </footer>
  <script src="/static/analytics.js"></script>
  <script>document.querySelectorAll('.ad').forEach((el) => el.remove());</script>
</body>
</html>
`;

export const BIG_PAGE_BYTES = 5 * 1024 * 1024;

let big: string | undefined;

/** A 5 MB page, built once on first use: it exists to test size limits. */
export function bigHtml(): string {
  if (big) return big;
  const head = `<!DOCTYPE html><html><head><title>A very large page</title></head><body><article><h1>A very large page</h1>\n`;
  const tail = '</article></body></html>\n';
  const paragraph = `<p>${ARTICLE_PARAGRAPHS[0]}</p>\n`;
  const count = Math.ceil((BIG_PAGE_BYTES - head.length - tail.length) / paragraph.length);
  big = head + paragraph.repeat(count) + tail;
  return big;
}

/** Bytes that are plainly not a web page: a ZIP header followed by binary noise. */
export const NOT_HTML_BYTES = Buffer.from([
  0x50,
  0x4b,
  0x03,
  0x04,
  0x14,
  0x00,
  0x00,
  0x00,
  0x08,
  0x00,
  ...Array.from({ length: 246 }, (_, i) => (i * 37) % 256),
]);
