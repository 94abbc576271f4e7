// Battle overlay (?war=<id>): the two sides facing each other, each with the
// allies fighting beside it, a tug-of-war strength bar, the phase and a
// countdown to the battle, and the result — winner, casualties, territory
// and spoils — when it is fought. An ally that joins shows under its side
// the moment the war announces it (`warJoined`).
'use strict';
(function () {
  const { params, stage, el, compact, countdown, fatal, start, icon } = window.Overlay;
  const war = params.get('war');
  if (!war || !/^[^\s{}:]{1,120}$/.test(war)) return fatal('add ?war=<war id> to this link (the /overlay command gives it).');

  const UNITS = ['infantry', 'armor', 'aircraft', 'naval'];
  const ROLES = ['attacker', 'defender'];
  /** Allies named on a side before the rest are counted ("+3"): the side is ~560 px wide. */
  const ALLIES_NAMED = 3;
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
  // Allies heard of through events (warJoined, battleResolved), by side then nation: they show
  // before the next view arrives, and still show with a view that does not list them.
  const heard = { attacker: new Map(), defender: new Map() };
  // Allies that joined while the overlay watched: their chip enters once.
  const fresh = new Set();
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
    const allies = el('div', 'side-allies');
    rootSide.append(head, strength, units, allies);
    return { root: rootSide, crest, name, strength, units, allies };
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
    renderAllies(target, alliesOf(role));
    target.root.classList.toggle('winner', Boolean(result && result.winnerRole === role));
    target.root.classList.toggle('loser', Boolean(result && result.winnerRole !== role));
  }

  /** A side's allies: the view's list, then any heard of since; losses from whichever knows them. */
  function alliesOf(role) {
    const listed = (view && view[role] && Array.isArray(view[role].supporters) ? view[role].supporters : []).map((ally) => {
      const known = heard[role].get(ally.nation);
      return { nation: ally.nation, name: ally.name || (known && known.name) || ally.nation, casualties: ally.casualties || (known && known.casualties) || null };
    });
    const named = new Set(listed.map((ally) => ally.nation));
    return listed.concat([...heard[role].values()].filter((ally) => !named.has(ally.nation)));
  }

  function renderAllies(target, allies) {
    // Left alone while unchanged, so a view arriving just after the event does not cut a chip's entrance.
    const key = JSON.stringify(allies.map((ally) => [ally.nation, ally.name, sum(ally.casualties)]));
    if (target.alliesKey === key) return;
    target.alliesKey = key;
    target.allies.replaceChildren();
    target.allies.classList.toggle('shown', allies.length > 0);
    if (allies.length === 0) return;
    target.allies.append(icon('handshake'), el('span', 'allies-label', 'with'));
    for (const ally of allies.slice(0, ALLIES_NAMED)) {
      const chip = el('div', 'ally');
      chip.dataset.nation = ally.nation;
      chip.append(el('span', 'ally-name', ally.name));
      const lost = sum(ally.casualties);
      if (lost > 0) chip.append(el('span', 'unit-lost', `−${compact(lost)}`));
      if (fresh.has(ally.nation)) chip.classList.add('ally-new');
      target.allies.append(chip);
    }
    if (allies.length > ALLIES_NAMED) target.allies.append(el('div', 'ally ally-more', `+${allies.length - ALLIES_NAMED}`));
  }

  /** Everything a side lost: the warring nation's own casualties and its allies'. */
  function sideLosses(side, role) {
    return sum(side.casualties) + alliesOf(role).reduce((total, ally) => total + sum(ally.casualties), 0);
  }

  function render() {
    if (!view) return;
    root.classList.toggle('has-allies', ROLES.some((role) => alliesOf(role).length > 0));
    banner.classList.toggle('lifted', root.classList.contains('has-allies'));
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
    fresh.clear();
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
      const lostWinner = sideLosses(winner, result.winnerRole);
      const lostLoser = sideLosses(loser, result.winnerRole === 'attacker' ? 'defender' : 'attacker');
      if (lostWinner + lostLoser > 0) details.append(el('span', 'loss', `casualties ${compact(lostWinner)} / ${compact(lostLoser)}`));
      banner.append(title, details);
    }
  }

  function heardOf(role, ally) {
    if (!ROLES.includes(role) || !ally || typeof ally.nation !== 'string') return;
    const known = heard[role].get(ally.nation);
    heard[role].set(ally.nation, {
      nation: ally.nation,
      name: typeof ally.name === 'string' && ally.name ? ally.name : (known && known.name) || ally.nation,
      casualties: ally.casualties || (known && known.casualties) || null,
    });
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
      const event = wire.event || {};
      if (wire.type === 'warJoined') {
        heardOf(event.side, { nation: event.supporter, name: event.supporterName, casualties: null });
        if (!missed) fresh.add(event.supporter);
        render();
      }
      if (wire.type === 'battleResolved') {
        for (const role of ROLES) {
          const side = event.sides && event.sides[role];
          for (const ally of (side && Array.isArray(side.supporters) ? side.supporters : [])) heardOf(role, ally);
        }
        render();
      }
      if (wire.type === 'battleResolved' && !missed) {
        root.classList.remove('clash');
        void root.offsetWidth;
        root.classList.add('clash');
      }
    },
  });
  now = connection.now;
})();
