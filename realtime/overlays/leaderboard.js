// Leaderboard overlay (?board=power&limit=10): the top N, rows sliding to
// their new places, an arrow (and how many places) on each rank change that
// stays a minute, NEW for a nation that just entered.
'use strict';
(function () {
  const { params, stage, el, compact, fatal, start, icon, hue } = window.Overlay;
  const BOARDS = { power: 'Power', military: 'Military', resources: 'Resources', territory: 'Territory', reputation: 'Reputation', wars_won: 'Wars won' };
  const board = params.get('board') || 'power';
  if (!BOARDS[board]) return fatal(`board= is one of ${Object.keys(BOARDS).join(', ')}.`);
  const limit = Math.min(25, Math.max(1, Number(params.get('limit')) || 10));
  const MOVE_SHOWN_MS = 60_000;

  const panel = el('section', 'panel board');
  const head = el('header', 'board-head');
  head.append(icon('crown'), el('span', 'board-title', BOARDS[board]), el('span', 'board-sub', `Top ${limit}`));
  const list = el('ol', 'board-rows');
  const empty = el('div', 'board-empty', 'No nations ranked yet');
  panel.append(head, list, empty);
  stage.append(panel);

  const rows = new Map(); // member → { node, rank, moved, movedAt }
  let first = true;

  function render(view) {
    const top = view.rows.slice(0, limit);
    empty.classList.toggle('shown', top.length === 0);
    const before = new Map([...rows].map(([member, row]) => [member, row.node.getBoundingClientRect().top]));
    const keep = new Set(top.map((row) => row.member));
    for (const [member, row] of rows) {
      if (!keep.has(member)) {
        row.node.remove();
        rows.delete(member);
      }
    }
    const nowMs = Date.now();
    top.forEach((entry, index) => {
      let row = rows.get(entry.member);
      if (!row) {
        const node = el('li', 'board-row');
        node.append(el('span', 'rank'), el('span', 'dot'), el('span', 'name'), el('span', 'move'), el('span', 'score'));
        row = { node, rank: null, moved: first ? 0 : null, movedAt: nowMs };
        rows.set(entry.member, row);
      } else if (row.rank !== entry.rank) {
        row.moved = row.rank - entry.rank;
        row.movedAt = nowMs;
      }
      row.rank = entry.rank;
      const [rank, dot, name, move, score] = row.node.children;
      rank.textContent = entry.rank;
      dot.style.background = `hsl(${hue(entry.member)} 70% 55%)`;
      name.textContent = entry.name;
      score.textContent = compact(entry.score);
      row.node.dataset.rank = entry.rank;
      row.node.classList.toggle('podium', entry.rank <= 3);
      paintMove(move, row, nowMs);
      if (list.children[index] !== row.node) list.insertBefore(row.node, list.children[index] || null);
    });
    // Slide each row from where it was to where it is now.
    for (const [member, top0] of before) {
      const row = rows.get(member);
      if (!row) continue;
      const delta = top0 - row.node.getBoundingClientRect().top;
      if (delta === 0) continue;
      row.node.animate([{ transform: `translateY(${delta}px)` }, { transform: 'translateY(0)' }], { duration: 700, easing: 'cubic-bezier(.2,.8,.2,1)' });
    }
    first = false;
  }

  function paintMove(move, row, nowMs) {
    move.replaceChildren();
    move.className = 'move';
    const fresh = nowMs - row.movedAt < MOVE_SHOWN_MS;
    if (row.moved === null && fresh) {
      move.classList.add('new');
      move.textContent = 'NEW';
    } else if (row.moved > 0 && fresh) {
      move.classList.add('up');
      move.append(icon('up'), el('span', '', String(row.moved)));
    } else if (row.moved < 0 && fresh) {
      move.classList.add('down');
      move.append(icon('down'), el('span', '', String(-row.moved)));
    }
  }

  setInterval(() => {
    const nowMs = Date.now();
    for (const row of rows.values()) paintMove(row.node.children[3], row, nowMs);
  }, 5000);

  start({
    rooms: [{ room: `leaderboard:${board}`, limit: Math.max(limit, 10) }],
    onView(room, view) {
      if (view && view.kind === 'board') render(view);
    },
    onEvent() {},
  });
})();
