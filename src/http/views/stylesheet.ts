// The one stylesheet of the server-rendered pages, served from a route (no inline styles: the pages' CSP forbids them).
export const STYLESHEET = `
:root { color-scheme: light dark; --accent: #5865f2; --muted: #6b7280; --border: #d1d5db; }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; font: 16px/1.5 system-ui, sans-serif; background: Canvas; color: CanvasText; }
.card { width: min(28rem, 100% - 2rem); margin: 2rem 0; padding: 2rem; border: 1px solid var(--border); border-radius: 12px; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
.muted { color: var(--muted); font-size: .9rem; }
.app { display: flex; gap: 1rem; align-items: center; }
.app img, .app .initial { width: 64px; height: 64px; border-radius: 50%; flex: none; }
.app .initial { display: grid; place-items: center; background: var(--accent); color: #fff; font-size: 1.6rem; font-weight: 600; }
ul.scopes { padding-left: 1.25rem; }
label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
ul.permissions { list-style: none; padding: 0; max-height: 16rem; overflow-y: auto; }
ul.permissions label { display: flex; gap: .5rem; align-items: center; margin: .25rem 0; font-weight: normal; }
select, input[type=text], input[type=password] { width: 100%; padding: .6rem; border: 1px solid var(--border); border-radius: 6px; font: inherit; }
.actions { display: flex; gap: .75rem; justify-content: flex-end; margin-top: 1.5rem; }
button { padding: .6rem 1.2rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; font: inherit; cursor: pointer; }
button.secondary { background: transparent; color: inherit; border-color: var(--border); }
a.button { display: block; margin-top: .75rem; padding: .6rem 1.2rem; border-radius: 6px; border: 1px solid var(--border); color: inherit; text-align: center; text-decoration: none; }
.upstream-logins { margin-top: 1.5rem; border-top: 1px solid var(--border); padding-top: .75rem; }
button:focus-visible, input:focus-visible, select:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.error { padding: .75rem; border-radius: 6px; border: 1px solid #dc2626; color: #dc2626; }
`;
