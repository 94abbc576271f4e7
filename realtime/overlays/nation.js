// Nation card (?nation=<id>&token=…, a private link from /overlay): the
// nation's power, military, territory, reputation and record, and its wars.
// Numbers flash green or red as they move.
'use strict';
(function () {
  const { params, stage, el, compact, fatal, start, icon, hue } = window.Overlay;
  const id = (params.get('nation') || '').replace(/^nation:/, '');
  if (!/^\d{1,25}$/.test(id)) return fatal('add ?nation=<Discord server id> and the token from /overlay to this link.');
  const token = params.get('token');
  if (!token) return fatal('the nation card is private: use the link /overlay gives in your Discord server.');
  const nation = `nation:${id}`;

  const card = el('section', 'panel nation-card');
  const crest = el('div', 'crest big');
  crest.append(icon('shield'));
  const title = el('div', 'nation-name');
  const sub = el('div', 'nation-sub');
  const head = el('header', 'nation-head');
  const titles = el('div', '');
  titles.append(title, sub);
  head.append(crest, titles);
  const power = el('div', 'nation-power');
  const powerValue = el('span', 'stat-value');
  power.append(el('span', 'stat-label', 'Power'), powerValue);
  const grid = el('div', 'nation-stats');
  const stats = {};
  for (const [key, label] of [['military', 'Military'], ['territory', 'Territory'], ['reputation', 'Reputation'], ['record', 'Wars W–L']]) {
    const cell = el('div', 'stat');
    const value = el('span', 'stat-value');
    cell.append(el('span', 'stat-label', label), value);
    grid.append(cell);
    stats[key] = value;
  }
  const wars = el('div', 'nation-wars');
  card.append(head, power, grid, wars);
  stage.append(card);

  const last = {};
  function set(node, key, value, text) {
    const before = last[key];
    node.textContent = text ?? compact(value);
    if (before !== undefined && before !== value && typeof value === 'number') {
      node.classList.remove('rise', 'fall');
      void node.offsetWidth;
      node.classList.add(value > before ? 'rise' : 'fall');
    }
    last[key] = value;
  }

  function render(view) {
    title.textContent = view.registered ? view.name : `Nation ${id}`;
    sub.textContent = view.registered ? `${compact(view.citizens)} citizens · ${compact(view.alliances)} alliance${view.alliances === 1 ? '' : 's'}` : 'not registered yet';
    crest.style.color = `hsl(${hue(nation)} 70% 60%)`;
    set(powerValue, 'power', view.power);
    set(stats.military, 'military', view.military);
    set(stats.territory, 'territory', view.territory);
    set(stats.reputation, 'reputation', view.reputation, `${view.reputation > 0 ? '+' : ''}${compact(view.reputation)}`);
    stats.reputation.classList.toggle('negative', view.reputation < 0);
    set(stats.record, 'record', view.warsWon * 1000 + view.warsLost, `${view.warsWon}–${view.warsLost}`);
    wars.replaceChildren();
    const open = view.wars.filter((war) => !['concluded', 'declined', 'expired'].includes(war.phase));
    if (open.length === 0) wars.append(el('div', 'wars-none', 'At peace'));
    for (const war of open.slice(0, 4)) {
      const chip = el('div', `war-chip role-${war.role}`);
      const enemy = war.enemy ? `vs ${war.enemyName || war.enemy.replace('nation:', '#')}` : 'joining an ally’s war';
      chip.append(icon('swords'), el('span', '', war.role === 'supporter' && war.enemy ? `ally ${enemy}` : enemy), el('span', 'war-phase', war.phase));
      wars.append(chip);
    }
  }

  let view = null;
  start({
    token,
    rooms: [{ room: nation }],
    onView(room, next) {
      view = next;
      render(view);
    },
    onEvent(wire) {
      if (wire.type === 'nationStats' && view) {
        const e = wire.event;
        render({ ...view, name: e.name, power: e.power, military: e.military, territory: e.territory, reputation: e.reputation, warsWon: e.wars_won });
      }
    },
  });
})();
