// The play page itself: one self-contained HTML document (no build step, no
// external assets). It builds the command form from the same command JSON
// Discord is given, and renders replies, embeds and buttons like Discord.
// Its inline style and script are constants so that the CSP can name them by
// hash (PLAY_HEADERS); the markup carries no style or handler attributes.
import { pageSecurityHeaders } from '../../runtime/index.ts';

const PLAY_STYLE = `
:root{--bg:#313338;--panel:#2b2d31;--side:#1e1f22;--text:#dbdee1;--muted:#949ba4;--accent:#5865f2;--ok:#248046;--bad:#da373c;--grey:#4e5058}
*{box-sizing:border-box}body{margin:0;font:15px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);color:var(--text);display:grid;grid-template-columns:250px 1fr 360px;height:100vh}
aside,section{overflow:auto;padding:14px}aside{background:var(--side)}#feed{background:var(--panel)}
h1{font-size:17px;margin:0 0 12px}h2{font-size:12px;text-transform:uppercase;color:var(--muted);margin:16px 0 6px;letter-spacing:.04em}
select,input,button{font:inherit;color:var(--text);background:#383a40;border:1px solid #1e1f22;border-radius:4px;padding:6px 8px;width:100%}
button{cursor:pointer;width:auto}button.primary{background:var(--accent);border-color:var(--accent)}
label{display:block;font-size:13px;color:var(--muted);margin:8px 0 3px}.row{display:flex;gap:6px;align-items:center}.row>*{flex:1}
.check{display:flex;gap:6px;align-items:center;font-size:13px;margin-top:8px}.check input{width:auto}
#composer{background:var(--panel);border-radius:8px;padding:12px;margin-bottom:14px}
.msg{margin:0 0 14px}.who{font-size:13px;color:var(--muted)}.who b{color:#f2f3f5}
.bubble{margin-top:3px}.eph{font-size:12px;color:var(--muted);font-style:italic}
.embed{border-left:4px solid var(--accent);background:#2b2d31;border-radius:4px;padding:8px 12px;margin:6px 0;max-width:560px}
.embed .t{font-weight:600;margin-bottom:4px}.embed .d{white-space:pre-wrap}.fields{display:flex;flex-wrap:wrap;gap:6px 16px;margin-top:6px}
.field{flex:1 1 100%}.field.inline{flex:1 1 28%}.field .n{font-weight:600;font-size:13px}.footer{font-size:12px;color:var(--muted);margin-top:6px}
.buttons{display:flex;gap:8px;margin:6px 0}.buttons button{border:none;padding:6px 14px}
.s1{background:var(--accent)}.s2{background:var(--grey)}.s3{background:var(--ok)}.s4{background:var(--bad)}button:disabled{opacity:.45;cursor:default}
code{background:#1e1f22;padding:0 4px;border-radius:3px;font-size:13px}.muted{color:var(--muted);font-size:13px}
.gap{margin-top:6px}.gap-l{margin-top:10px}
`;

const PLAY_SCRIPT = `
const $ = (id) => document.getElementById(id);
let world = { guilds: [], users: [] }, commands = [], seen = { channel: 0, dms: 0 };
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const userName = (id) => (world.users.find((u) => u.id === id) || {}).name || id;
function rel(sec) { const d = sec * 1000 - Date.now(), a = Math.abs(d), m = 60e3, h = 60 * m, day = 24 * h;
  const t = a < m ? Math.round(a / 1000) + ' s' : a < h ? Math.round(a / m) + ' min' : a < day ? Math.round(a / h) + ' h' : Math.round(a / day) + ' days';
  return d >= 0 ? 'in ' + t : t + ' ago'; }
// Like Discord, a backslash before punctuation shows that character as plain text (player text is escaped: bot/embeds.ts plain()).
function md(text) {
  const kept = [];
  const marked = String(text ?? '').replace(/\\\\([^0-9A-Za-z\\s])/gu, (_, c) => '\\u0000' + (kept.push(c) - 1) + '\\u0000');
  return esc(marked).replace(/&lt;t:(\\d+):(\\w)&gt;/g, (_, s, st) => st === 'R' ? rel(Number(s)) : new Date(Number(s) * 1000).toLocaleString())
    .replace(/&lt;@(\\d+)&gt;/g, (_, id) => '@' + esc(userName(id))).replace(/&lt;#(\\d+)&gt;/g, '#general')
    .replace(/\\*\\*([^*]+)\\*\\*/g, '<b>$1</b>').replace(/\`([^\`]+)\`/g, '<code>$1</code>').replace(/\\n/g, '<br>')
    .replace(/\\u0000(\\d+)\\u0000/g, (_, i) => esc(kept[Number(i)]));
}
function renderReply(reply, onClick) {
  const box = document.createElement('div'); box.className = 'bubble';
  if (!reply) { box.innerHTML = '<span class="eph">(no visible answer)</span>'; return box; }
  if (reply.content) { const p = document.createElement('div'); p.innerHTML = md(reply.content); box.appendChild(p); }
  for (const e of reply.embeds || []) {
    const d = document.createElement('div'); d.className = 'embed';
    if (e.color !== undefined) d.style.borderLeftColor = '#' + e.color.toString(16).padStart(6, '0');
    d.innerHTML = (e.title ? '<div class="t">' + md(e.title) + '</div>' : '') + (e.description ? '<div class="d">' + md(e.description) + '</div>' : '') +
      (e.fields && e.fields.length ? '<div class="fields">' + e.fields.map((f) => '<div class="field' + (f.inline ? ' inline' : '') + '"><div class="n">' + md(f.name) + '</div><div>' + md(f.value) + '</div></div>').join('') + '</div>' : '') +
      (e.footer ? '<div class="footer">' + md(e.footer.text) + '</div>' : '');
    box.appendChild(d);
  }
  for (const row of reply.components || []) {
    const r = document.createElement('div'); r.className = 'buttons';
    for (const b of row.components || []) {
      const btn = document.createElement('button'); btn.textContent = b.label; btn.className = 's' + b.style; btn.disabled = !!b.disabled;
      btn.dataset.customId = b.custom_id; btn.onclick = () => onClick(b.custom_id, box); r.appendChild(btn);
    }
    box.appendChild(r);
  }
  if (reply.ephemeral) { const e = document.createElement('div'); e.className = 'eph'; e.textContent = 'Only you can see this'; box.appendChild(e); }
  return box;
}
async function api(path, body) {
  const res = await fetch('/play/api/' + path, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {});
  const data = await res.json(); if (!res.ok) throw new Error(data.error || res.statusText); return data;
}
function actor() { return { guildId: $('guild').value, userId: $('user').value, manageGuild: $('manage').checked }; }
function logEntry(who, text, answer) {
  const m = document.createElement('div'); m.className = 'msg';
  m.innerHTML = '<div class="who"><b>' + esc(who) + '</b> ' + esc(text) + (answer && answer.deferred ? ' <i>(deferred, then edited)</i>' : '') + '</div>';
  m.appendChild(renderReply(answer ? answer.reply : null, click)); $('log').prepend(m);
}
async function click(customId, box) {
  const answer = await api('interact', { ...actor(), kind: 'button', customId });
  if (answer.updated && box) { box.replaceWith(renderReply(answer.reply, click)); return; }
  logEntry(userName($('user').value), 'clicked a button', answer);
}
function options() { const c = commands.find((x) => x.name === $('command').value); if (!c) return [];
  const subs = (c.options || []).filter((o) => o.type === 1); if (!subs.length) return c.options || [];
  const s = subs.find((o) => o.name === $('sub').value); return (s && s.options) || []; }
function renderSubs() { const c = commands.find((x) => x.name === $('command').value); const subs = ((c && c.options) || []).filter((o) => o.type === 1);
  $('sub').innerHTML = subs.map((s) => '<option>' + esc(s.name) + '</option>').join(''); $('sub').disabled = !subs.length; renderOptions(); }
function renderOptions() {
  $('opts').innerHTML = '';
  for (const o of options()) {
    const wrap = document.createElement('div'); const id = 'opt-' + o.name;
    let input = '<input id="' + id + '" data-type="' + o.type + '" ' + (o.autocomplete ? 'list="dl-' + o.name + '" autocomplete="off"' : '') + (o.type === 4 || o.type === 10 ? ' type="number"' : '') + '>';
    if (o.choices) input = '<select id="' + id + '" data-type="' + o.type + '"><option value=""></option>' + o.choices.map((ch) => '<option value="' + esc(ch.value) + '">' + esc(ch.name) + '</option>').join('') + '</select>';
    if (o.type === 5) input = '<select id="' + id + '" data-type="5"><option value=""></option><option>true</option><option>false</option></select>';
    if (o.type === 6) input = '<select id="' + id + '" data-type="6"><option value=""></option>' + world.users.map((u) => '<option value="' + u.id + '">' + esc(u.name) + '</option>').join('') + '</select>';
    if (o.type === 7) input = '<select id="' + id + '" data-type="7"><option value=""></option>' + world.guilds.map((g) => '<option value="' + g.channelId + '">#general (' + esc(g.name) + ')</option>').join('') + '</select>';
    wrap.innerHTML = '<label>' + esc(o.name) + (o.required ? ' *' : '') + ' — ' + esc(o.description) + '</label>' + input + (o.autocomplete ? '<datalist id="dl-' + o.name + '"></datalist>' : '');
    $('opts').appendChild(wrap);
    if (o.autocomplete) $(id).addEventListener('input', async (ev) => {
      const answer = await api('interact', { ...actor(), kind: 'autocomplete', command: $('command').value, subcommand: $('sub').value, options: values(), focused: { name: o.name, value: ev.target.value } });
      $('dl-' + o.name).innerHTML = answer.choices.map((ch) => '<option value="' + esc(ch.value) + '">' + esc(ch.name) + '</option>').join('');
    });
  }
}
function values() { const out = {}; for (const o of options()) { const el = $('opt-' + o.name); if (!el || el.value === '') continue;
  out[o.name] = o.type === 4 || o.type === 10 ? Number(el.value) : o.type === 5 ? el.value === 'true' : el.value; } return out; }
async function run() {
  const vals = values(), sub = $('sub').disabled ? '' : $('sub').value;
  $('status').textContent = 'sending…';
  try { const answer = await api('interact', { ...actor(), kind: 'command', command: $('command').value, subcommand: sub, options: vals });
    logEntry(userName($('user').value), '/' + $('command').value + (sub ? ' ' + sub : '') + ' ' + Object.entries(vals).map(([k, v]) => k + ':' + v).join(' '), answer); $('status').textContent = ''; }
  catch (e) { $('status').textContent = e.message; }
}
function fillWorld() {
  const g = $('guild').value, u = $('user').value;
  $('guild').innerHTML = world.guilds.map((x) => '<option value="' + x.id + '">' + esc(x.name) + '</option>').join('');
  $('user').innerHTML = world.users.map((x) => '<option value="' + x.id + '">' + esc(x.name) + '</option>').join('');
  if (g) $('guild').value = g; if (u) $('user').value = u; syncManage(); renderOptions();
}
function syncManage() { const g = world.guilds.find((x) => x.id === $('guild').value); $('manage').checked = !!g && g.ownerId === $('user').value;
  seen = { channel: 0, dms: 0 }; $('channel').innerHTML = ''; $('dms').innerHTML = ''; $('feedTitle').textContent = '# general — ' + (g ? g.name : ''); }
async function poll() {
  const g = world.guilds.find((x) => x.id === $('guild').value); if (!g) return;
  for (const [key, channel, el] of [['channel', g.channelId, $('channel')], ['dms', 'dm:' + $('user').value, $('dms')]]) {
    const list = await api('messages?channel=' + encodeURIComponent(channel) + '&after=' + seen[key]);
    for (const m of list) { seen[key] = m.id; const d = document.createElement('div'); d.className = 'msg';
      d.innerHTML = '<div class="who"><b>Server Wars</b> ' + new Date(m.at).toLocaleTimeString() + '</div>'; d.appendChild(renderReply(m.reply, click)); el.prepend(d); }
  }
}
$('command').onchange = renderSubs; $('sub').onchange = renderOptions; $('run').onclick = run;
$('guild').onchange = syncManage; $('user').onchange = syncManage;
$('addUser').onclick = async () => { if (!$('newUser').value) return; const u = await api('users', { name: $('newUser').value }); world.users.push(u); $('newUser').value = ''; fillWorld(); $('user').value = u.id; syncManage(); };
$('addGuild').onclick = async () => { if (!$('newGuild').value) return; const g = await api('guilds', { name: $('newGuild').value, ownerId: $('user').value }); world.guilds.push(g); $('newGuild').value = ''; fillWorld(); $('guild').value = g.id; syncManage(); };
(async () => { world = await api('world'); commands = await api('commands');
  $('command').innerHTML = commands.map((c) => '<option>' + esc(c.name) + '</option>').join(''); fillWorld(); renderSubs(); setInterval(() => poll().catch(() => {}), 1500); })();
`;

/** Security headers of the page: no framing, only its own inline style and script. */
export const PLAY_HEADERS = pageSecurityHeaders({ scripts: [PLAY_SCRIPT], styles: [PLAY_STYLE] });

export function playPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Server Wars — play</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${PLAY_STYLE}</style></head><body>
<aside>
  <h1>⚔️ Server Wars — play</h1>
  <p class="muted">The same commands as Discord, through the same router. Pick a server and a user.</p>
  <h2>Server</h2><select id="guild"></select>
  <div class="row gap"><input id="newGuild" placeholder="new server name"><button id="addGuild">Add</button></div>
  <h2>User</h2><select id="user"></select>
  <div class="row gap"><input id="newUser" placeholder="new user name"><button id="addUser">Add</button></div>
  <div class="check"><input type="checkbox" id="manage"><span>has <b>Manage Server</b></span></div>
</aside>
<section>
  <div id="composer">
    <div class="row"><div><label>Command</label><select id="command"></select></div><div><label>Subcommand</label><select id="sub"></select></div></div>
    <div id="opts"></div>
    <div class="gap-l"><button class="primary" id="run">Run</button> <span id="status" class="muted"></span></div>
  </div>
  <div id="log"></div>
</section>
<section id="feed"><h2 id="feedTitle"># general</h2><div id="channel"></div><h2>Your DMs</h2><div id="dms"></div></section>
<script>${PLAY_SCRIPT}</script></body></html>`;
}
