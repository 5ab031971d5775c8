// The dashboard's HTML: a shell with no data in it. The script asks for the token and fills it in.

export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Queue dashboard · inflio-jobs</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/app.css">
<script src="/dashboard/app.js" defer></script>
</head>
<body>
<header>
<h1>Klap job queue</h1>
<span id="mode" class="badge" hidden>read-only</span>
<span id="updated" class="muted"></span>
<button id="refresh" type="button" hidden>Refresh</button>
<button id="logout" type="button" hidden>Sign out</button>
</header>
<main>
<form id="login">
<h2>Sign in</h2>
<label for="token">Queue API token (<code>QUEUE_API_TOKEN</code>)</label>
<input id="token" type="password" autocomplete="off" required>
<button type="submit" class="action">Open dashboard</button>
<p id="login-error" class="error" role="alert"></p>
</form>
<section id="board" hidden>
<div id="counts" class="counts"></div>
<div class="strip">
<span id="oldest"></span>
<svg id="spark" viewBox="0 0 120 30" preserveAspectRatio="none" role="img" aria-label="Jobs per minute, last hour"></svg>
<span id="throughput"></span>
</div>
<p id="flash" role="status"></p>
<div class="panes">
<div id="jobs"></div>
<aside id="detail" hidden></aside>
</div>
</section>
</main>
</body>
</html>
`;
