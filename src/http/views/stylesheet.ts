// The one stylesheet of the server-rendered pages, served from a route (no inline styles: the pages' CSP forbids them).
export const STYLESHEET = `
:root { color-scheme: light dark; --accent: #4752c4; --accent-text: #fff; --muted: #6b7280; --border: #d1d5db; --panel: rgba(127,127,127,.06); --danger: #c52222; --ok: #15803d; }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 16px/1.5 system-ui, sans-serif; background: Canvas; color: CanvasText; }
body.portal { display: block; place-items: normal; }
a { color: var(--accent); }
@media (prefers-color-scheme: dark) { :root { --accent: #8b93f8; --accent-text: #111; --muted: #9ca3af; --border: #4b5563; --danger: #f87171; --ok: #4ade80; } }
.card { width: min(28rem, 100% - 2rem); margin: 2rem 0; padding: 2rem; border: 1px solid var(--border); border-radius: 12px; }
.page { width: min(60rem, 100% - 2rem); margin: 1.5rem auto 3rem; }
.site-header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .75rem 1.5rem; border-bottom: 1px solid var(--border); }
.site-header .brand { font-weight: 700; font-size: 1.1rem; text-decoration: none; color: inherit; }
.site-header nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; }
.site-header nav a { text-decoration: none; color: inherit; padding: .25rem 0; }
.site-header nav a[aria-current=page] { border-bottom: 2px solid var(--accent); font-weight: 600; }
.site-header .signout { margin-left: auto; display: flex; gap: .5rem; align-items: center; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
.card h2 { margin-top: 1.5rem; }
.muted, .hint { color: var(--muted); font-size: .9rem; }
.hint { margin: 0 0 .35rem; }
.panel { border: 1px solid var(--border); border-radius: 10px; padding: 1.25rem 1.5rem; margin: 1.25rem 0; background: var(--panel); }
.panel > :last-child { margin-bottom: 0; }
.panel.danger { border-color: var(--danger); }
.app { display: flex; gap: 1rem; align-items: center; }
.app img, .app .initial, .icon { width: 64px; height: 64px; border-radius: 50%; flex: none; object-fit: cover; }
.icon.small, .initial.small { width: 32px; height: 32px; font-size: .9rem; }
.initial { display: grid; place-items: center; background: var(--accent); color: var(--accent-text); font-size: 1.6rem; font-weight: 600; border-radius: 50%; }
.app .initial { font-size: 1.6rem; }
.app-name { display: flex; gap: .75rem; align-items: center; }
ul.scopes { padding-left: 1.25rem; }
ul.permissions { list-style: none; padding: 0; max-height: 16rem; overflow-y: auto; }
ul.permissions label { display: flex; gap: .5rem; align-items: center; margin: .25rem 0; font-weight: normal; }
ul.links { padding-left: 1.25rem; margin: 0; }
ul.links li { margin: .25rem 0; }
label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
input[type=text], input[type=password], input[type=email], input[type=url], input[type=number], select, textarea { width: 100%; padding: .55rem .6rem; border: 1px solid var(--border); border-radius: 6px; font: inherit; background: Field; color: FieldText; }
textarea { resize: vertical; font-family: ui-monospace, monospace; font-size: .9rem; }
input[type=file] { font: inherit; }
.check { display: grid; grid-template-columns: auto 1fr; gap: 0 .5rem; align-items: start; margin: .6rem 0; }
.check input { margin: .3rem 0 0; width: 1.05rem; height: 1.05rem; }
.check label { margin: 0; font-weight: 500; }
.check .hint { grid-column: 2; margin: 0; }
fieldset { border: 1px solid var(--border); border-radius: 8px; margin: 1rem 0; padding: .5rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.checks { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0 1rem; }
.checks .check { margin: .3rem 0; }
.checks .check label { font-size: .9rem; overflow-wrap: anywhere; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; justify-content: flex-end; margin-top: 1.25rem; }
.page .actions { justify-content: flex-start; }
button { padding: .55rem 1.1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-text); font: inherit; cursor: pointer; }
button.secondary { background: transparent; color: inherit; border-color: var(--border); }
a.button { display: block; margin-top: .75rem; padding: .6rem 1.2rem; border-radius: 6px; border: 1px solid var(--border); color: inherit; text-align: center; text-decoration: none; }
.upstream-logins { margin-top: 1.5rem; border-top: 1px solid var(--border); padding-top: .75rem; }
button.danger { background: transparent; color: var(--danger); border-color: var(--danger); }
button.small { padding: .25rem .7rem; font-size: .9rem; }
form.inline { display: inline; margin: 0; }
button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.error { padding: .75rem 1rem; border-radius: 6px; border: 1px solid var(--danger); color: var(--danger); }
.error p { margin: 0; }
.error ul { margin: .5rem 0 0; padding-left: 1.25rem; }
.notice { padding: .75rem 1rem; border-radius: 6px; border: 1px solid var(--ok); }
.secret { margin: 1rem 0; }
.copy-row { display: flex; gap: .5rem; }
.copy-row input, .copy-row textarea { font-family: ui-monospace, monospace; font-size: .9rem; }
.copy-row button { align-self: flex-start; }
code, .mono { font-family: ui-monospace, monospace; font-size: .9em; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: .5rem 0; font-size: .95rem; }
th, td { text-align: left; padding: .5rem .5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-weight: 600; }
td.actions-cell { text-align: right; white-space: nowrap; }
.subnav ul { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; margin: 1rem 0; padding: 0; border-bottom: 1px solid var(--border); }
.subnav a { display: block; padding: .5rem .9rem; text-decoration: none; color: inherit; border-bottom: 2px solid transparent; }
.subnav a[aria-current=page] { border-bottom-color: var(--accent); font-weight: 600; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 999px; border: 1px solid var(--border); font-size: .8rem; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.url-output { font-family: ui-monospace, monospace; font-size: .85rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
