// The console's only stylesheet, served from our origin (CSP: style-src 'self', no inline styles).
export const CONSOLE_CSS = `
:root{--ink:#1c2430;--muted:#5b6675;--line:#dde2e8;--bg:#f5f7fa;--card:#fff;--brand:#1f3a5f;--ok:#1e7b4a;--okbg:#e5f4ec;--warn:#8a5a00;--warnbg:#fdf3dc;--bad:#a3262a;--badbg:#fbe7e7;--info:#23507f;--infobg:#e6eef8}
*{box-sizing:border-box}
html{font-size:15px}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);line-height:1.45}
a{color:var(--info)}
header.top{background:var(--brand);color:#fff;display:flex;align-items:center;gap:1.5rem;padding:.7rem 1.5rem}
header.top .brand{font-weight:700;letter-spacing:.02em;color:#fff;text-decoration:none}
header.top nav{display:flex;gap:1rem;flex:1}
header.top nav a{color:#dbe6f3;text-decoration:none}
header.top .who{color:#dbe6f3;font-size:.9rem;display:flex;align-items:center;gap:.75rem}
header.top form{margin:0}
header.top button{background:transparent;border:1px solid #8fa6c3;color:#fff;padding:.25rem .7rem;border-radius:4px;cursor:pointer}
main{max-width:1280px;margin:0 auto;padding:1.25rem 1.5rem 3rem}
h1{font-size:1.45rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:0 0 .75rem}
h3{font-size:.95rem;margin:1rem 0 .5rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem 1.2rem;margin-bottom:1rem}
.filters{display:flex;flex-wrap:wrap;gap:.4rem;margin-bottom:1rem}
.filters a{padding:.3rem .75rem;border-radius:999px;border:1px solid var(--line);background:#fff;text-decoration:none;color:var(--ink);font-size:.9rem}
.filters a.on{background:var(--brand);border-color:var(--brand);color:#fff}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.55rem .7rem;border-bottom:1px solid var(--line);vertical-align:top;font-size:.92rem;overflow-wrap:anywhere}
th{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:#fafbfc}
tr:hover td{background:#fafcff}
.badge{display:inline-block;padding:.08rem .5rem;border-radius:4px;font-size:.8rem;font-weight:600;white-space:nowrap;margin:0 .2rem .2rem 0}
.ok{background:var(--okbg);color:var(--ok)}.warn{background:var(--warnbg);color:var(--warn)}.bad{background:var(--badbg);color:var(--bad)}.info{background:var(--infobg);color:var(--info)}.neutral{background:#eef0f3;color:var(--muted)}
.grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem}
@media (max-width:900px){.grid{grid-template-columns:1fr}}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:0}
dl.kv dt{color:var(--muted);font-size:.88rem}
dl.kv dd{margin:0;overflow-wrap:anywhere}
table.compare{table-layout:fixed}
table.compare td:first-child{color:var(--muted)}
table.compare th:first-child{width:8.5rem}table.compare th:nth-child(4){width:8.5rem}
pre.mail{white-space:pre-wrap;overflow-wrap:anywhere;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.86rem;background:#fbfcfd;border:1px solid var(--line);border-radius:6px;padding:.8rem;margin:.5rem 0;max-height:32rem;overflow:auto}
details summary{cursor:pointer;color:var(--info);font-size:.9rem}
.meta{color:var(--muted);font-size:.85rem}
.flag{border-left:4px solid var(--bad);background:var(--badbg);padding:.5rem .75rem;border-radius:4px;margin:.4rem 0}
.notice{border-left:4px solid var(--info);background:var(--infobg);padding:.6rem .8rem;border-radius:4px;margin-bottom:1rem}
.error{border-left:4px solid var(--bad);background:var(--badbg);padding:.6rem .8rem;border-radius:4px;margin-bottom:1rem}
.success{border-left:4px solid var(--ok);background:var(--okbg);padding:.6rem .8rem;border-radius:4px;margin-bottom:1rem}
form.action{margin:.5rem 0 1rem}
label{display:block;font-size:.88rem;color:var(--muted);margin:.5rem 0 .2rem}
label.check{display:flex;gap:.5rem;align-items:flex-start;color:var(--ink)}
input[type=text],input[type=email],input[type=password],textarea{width:100%;padding:.5rem .6rem;border:1px solid #c3cbd5;border-radius:5px;font:inherit;background:#fff}
input.code{width:9rem;letter-spacing:.2em;font-family:ui-monospace,monospace}
textarea{min-height:4.5rem}
button,.button{display:inline-block;padding:.5rem 1rem;border-radius:5px;border:1px solid var(--brand);background:var(--brand);color:#fff;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary{background:#fff;color:var(--brand)}
button.danger{background:var(--bad);border-color:var(--bad)}
button.approve{background:var(--ok);border-color:var(--ok)}
ol.timeline{list-style:none;margin:0;padding:0}
ol.timeline li{border-left:2px solid var(--line);padding:.2rem 0 .6rem .9rem;position:relative;font-size:.9rem}
ol.timeline li:before{content:"";position:absolute;left:-5px;top:.55rem;width:8px;height:8px;border-radius:50%;background:#9aa7b6}
ol.timeline li.important:before{background:var(--bad)}
.login{max-width:24rem;margin:4rem auto}
.user{max-width:34rem;margin:0 auto;padding:1.5rem 1.1rem}
.user h1{font-size:1.35rem}
.user button{width:100%;padding:.8rem;font-size:1.05rem}
.empty{color:var(--muted);padding:1.5rem;text-align:center}
.mono{font-family:ui-monospace,monospace;font-size:.85rem;overflow-wrap:anywhere}
`;
