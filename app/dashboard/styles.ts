// The dashboard's stylesheet, served at /dashboard/app.css (the CSP allows no inline styles).

export const DASHBOARD_CSS = `
:root{--fg:#1d2330;--muted:#5d6675;--line:#dde1e7;--bg:#f5f6f8;--card:#fff;--accent:#2f5bd3;
--ok:#1f8a4c;--bad:#c2352b;--warn:#b7791f;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg)}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;background:var(--bg)}
header{display:flex;gap:12px;align-items:center;padding:10px 20px;background:var(--fg);color:#fff}
header h1{font-size:16px;margin:0 auto 0 0}
header .muted{color:#b8c0cc;font-size:12px}
main{padding:16px 20px;max-width:1280px;margin:0 auto}
button{font:inherit;padding:4px 10px;border:1px solid var(--line);border-radius:6px;background:var(--card);cursor:pointer}
button:disabled{opacity:.45;cursor:default}
button.action{background:var(--accent);border-color:var(--accent);color:#fff}
button.danger{color:var(--bad);border-color:var(--bad)}
#login{max-width:360px;margin:60px auto;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px;display:grid;gap:10px}
#login h2{margin:0;font-size:18px}
input{font:inherit;padding:7px 9px;border:1px solid var(--line);border-radius:6px}
.error{color:var(--bad)}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;background:#e6e9ef;font-size:12px;margin-right:8px}
header .badge{background:var(--warn);color:#fff}
.counts{display:grid;grid-template-columns:repeat(6,1fr);gap:10px}
.count{display:grid;text-align:left;padding:10px 12px;border-radius:10px;border-top:3px solid var(--line)}
.count span{color:var(--muted);text-transform:capitalize}
.count strong{font-size:24px}
.count small{color:var(--muted);font-size:11px}
.count[aria-pressed=true]{outline:2px solid var(--accent)}
.count.completed{border-top-color:var(--ok)}.count.dead{border-top-color:var(--bad)}
.count.active{border-top-color:var(--accent)}.count.delayed{border-top-color:var(--warn)}
.strip{display:flex;gap:16px;align-items:center;margin:12px 0;color:var(--muted)}
#spark{width:300px;height:40px;background:var(--card);border:1px solid var(--line);border-radius:6px}
#spark .completed{fill:var(--ok)}#spark .dead{fill:var(--bad)}
#flash{min-height:1.4em;margin:0 0 8px}
.panes{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:16px;align-items:start}
#jobs{overflow-x:auto}
#jobs,#detail{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px}
#detail{width:420px;max-height:80vh;overflow:auto}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);white-space:nowrap}
td.error{max-width:240px;overflow:hidden;text-overflow:ellipsis;font-size:12px}
tbody tr{cursor:pointer}tbody tr:hover,tr.open{background:#eef2fb}
.mono{font-family:ui-monospace,Menlo,monospace;font-size:12px}
.pager{display:flex;gap:10px;align-items:center;margin-top:10px}
.empty{color:var(--muted)}
.detail-head{display:flex;justify-content:space-between;align-items:center}
.detail-head h2{font-size:15px;margin:0}
.actions button{margin-right:6px}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:8px 0}
dt{color:var(--muted)}dd{margin:0}
h3{font-size:13px;margin:14px 0 6px}
.steps{display:flex;gap:4px;padding:0;list-style:none;flex-wrap:wrap}
.steps li{padding:2px 8px;border-radius:10px;background:#eceff4;font-size:12px}
.steps li.done{background:#d8f0e2}.steps li.current{background:var(--accent);color:#fff}
.steps li.failed{background:var(--bad);color:#fff}
pre{background:#f3f4f7;padding:8px;border-radius:6px;overflow:auto;font-size:12px;white-space:pre-wrap;margin:0}
.clips{padding-left:18px;margin:0}
@media (max-width:900px){.counts{grid-template-columns:repeat(3,1fr)}.panes{grid-template-columns:1fr}#detail{width:auto}}
`;
