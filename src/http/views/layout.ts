// The shared page layout: document shell, the one stylesheet, and a main landmark; no scripts.
import { html, type SafeHtml } from './html.js';

export const STYLESHEET_PATH = '/assets/guildgate.css';

export function layout(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · guildgate</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main class="card">
${body}
</main>
</body>
</html>
`;
}
