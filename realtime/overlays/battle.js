// Battle overlay (?war=<id>): the two sides facing each other, a tug-of-war
// strength bar, the phase and a countdown to the battle, and the result —
// winner, casualties, territory and spoils — when it is fought.
'use strict';
(function () {
  const { params, stage, el, compact, countdown, fatal, start, icon } = window.Overlay;
  const war = params.get('war');
  if (!war || !/^[^\s{}:]{1,120}$/.test(war)) return fatal('add ?war=<war id> to this link (the /overlay command gives it).');

  const UNITS = ['infantry', 'armor', 'aircraft', 'naval'];
  const PHASES = {
    unknown: 'Awaiting war',
    opening: 'War declared',
    proposed: 'Declared — awaiting answer',
    preparation: 'Battle in',
    active: 'Battle underway',
    concluded: 'War over',
    declined: 'War declined',
    expired: 'Declaration expired',
  };

  const root = el('section', 'panel battle');
  const banner = el('div', 'battle-banner');
  const sides = { attacker: sidePanel('attacker'), defender: sidePanel('defender') };
  const middle = el('div', 'battle-middle');
  const vs = el('div', 'battle-vs', 'VS');
  const phase = el('div', 'battle-phase');
  const clock = el('div', 'battle-clock');
  middle.append(vs, phase, clock);
  const bar = el('div', 'tug');
  const barAttacker = el('div', 'tug-attacker');
  const barDefender = el('div', 'tug-defender');
  const barMark = el('div', 'tug-mark');
  bar.append(barAttacker, barDefender, barMark);
  const row = el('div', 'battle-row');
  row.append(sides.attacker.root, middle, sides.defender.root);
  root.append(row, bar);
  stage.append(banner, root);

  function sidePanel(role) {
    const rootSide = el('div', `side side-${role}`);
    const crest = el('div', 'crest');
    crest.append(icon('shield'));
    const name = el('div', 'side-name');
    const label = el('div', 'side-label', role === 'attacker' ? 'Attacker' : 'Defender');
    const strength = el('div', 'side-strength');
    const units = el('div', 'units');
    const head = el('div', 'side-head');
    const text = el('div', 'side-text');
    text.append(label, name);
    head.append(crest, text);
    rootSide.append(head, strength, units);
    return { root: rootSide, crest, name, strength, units };
  }

  let view = null;
  let now = () => Date.now();

  function renderSide(target, side, result, role) {
    target.name.textContent = side.name || side.nation || '—';
    const fought = side.strength !== null && side.strength !== undefined;
    target.strength.textContent = fought ? `Strength ${compact(side.strength)}` : `Military ${compact(side.military)}`;
    target.units.replaceChildren();
    if (side.units) {
      for (const unit of UNITS) {
        const count = side.units[unit] || 0;
        const lost = side.casualties ? side.casualties[unit] || 0 : 0;
        if (count === 0) continue;
        const chip = el('div', 'unit');
        chip.append(icon(unit), el('span', 'unit-count', compact(count)));
        if (lost > 0) chip.append(el('span', 'unit-lost', `−${compact(lost)}`));
        target.units.append(chip);
      }
    } else {
      target.units.append(el('div', 'units-hidden', 'Army revealed at the battle'));
    }
    target.root.classList.toggle('winner', Boolean(result && result.winnerRole === role));
    target.root.classList.toggle('loser', Boolean(result && result.winnerRole !== role));
  }

  function render() {
    if (!view) return;
    const result = view.result;
    renderSide(sides.attacker, view.attacker, result, 'attacker');
    renderSide(sides.defender, view.defender, result, 'defender');
    const a = view.attacker.strength ?? view.attacker.military;
    const d = view.defender.strength ?? view.defender.military;
    const share = a + d > 0 ? a / (a + d) : 0.5;
    barAttacker.style.width = `${(share * 100).toFixed(1)}%`;
    barDefender.style.width = `${((1 - share) * 100).toFixed(1)}%`;
    barMark.style.left = `${(share * 100).toFixed(1)}%`;
    phase.textContent = PHASES[view.phase] || view.phase;
    root.dataset.phase = view.phase;
    tick();
    banner.replaceChildren();
    banner.classList.toggle('shown', Boolean(result));
    if (result) {
      const winner = result.winnerRole === 'attacker' ? view.attacker : view.defender;
      const loser = result.winnerRole === 'attacker' ? view.defender : view.attacker;
      const title = el('div', 'banner-title');
      title.append(icon('crown'), el('span', 'winner-name', `${winner.name} wins`));
      const details = el('div', 'banner-details');
      details.append(el('span', '', result.surrendered ? `${loser.name} surrendered` : `on ${String(result.terrain || 'open').replace(/_/g, ' ')} ground`));
      if (result.territory) details.append(el('span', 'gain', `+${compact(result.territory)} territory`));
      if (result.spoils) {
        const total = Object.values(result.spoils).reduce((sum, n) => sum + n, 0);
        if (total > 0) details.append(el('span', 'gain', `+${compact(total)} spoils`));
      }
      const lostWinner = sum(winner.casualties);
      const lostLoser = sum(loser.casualties);
      if (lostWinner + lostLoser > 0) details.append(el('span', 'loss', `casualties ${compact(lostWinner)} / ${compact(lostLoser)}`));
      banner.append(title, details);
    }
  }

  function sum(units) {
    return units ? Object.values(units).reduce((total, n) => total + n, 0) : 0;
  }

  function tick() {
    if (!view) return;
    let due = null;
    if (view.phase === 'preparation') due = view.battleAt;
    else if (view.phase === 'proposed') due = view.proposalDue;
    clock.textContent = due ? countdown(due - now()) : '';
    clock.classList.toggle('shown', Boolean(due));
  }
  setInterval(tick, 250);

  const connection = start({
    rooms: [{ room: `war:${war}` }],
    onView(room, next) {
      view = next;
      render();
    },
    onEvent(wire, { missed }) {
      // The view that follows carries the state; the event drives the moment.
      if (wire.type === 'battleResolved' && !missed) {
        root.classList.remove('clash');
        void root.offsetWidth;
        root.classList.add('clash');
      }
    },
  });
  now = connection.now;
})();
