// War ticker (?nation=<id> to follow one nation): declarations, allies
// joining, battles, alliances, betrayals and peace as they happen, newest first; the nation's
// elections too with &token=… (they are emitted to its private room only).
'use strict';
(function () {
  const { params, stage, el, compact, start, icon, fatal } = window.Overlay;
  const nationParam = params.get('nation');
  if (nationParam !== null && !/^(nation:)?\d{1,25}$/.test(nationParam)) return fatal('nation= takes a Discord server id.');
  const follow = nationParam ? `nation:${nationParam.replace(/^nation:/, '')}` : null;
  const KEEP = 7;

  const bar = el('section', 'panel ticker');
  const live = el('div', 'ticker-live');
  live.append(el('span', 'live-dot'), el('span', '', 'LIVE'));
  const items = el('div', 'ticker-items');
  const idle = el('div', 'ticker-idle', 'Watching every front…');
  items.append(idle);
  bar.append(live, items);
  stage.append(bar);

  const names = new Map();
  const name = (address, fallback) => (fallback ? fallback : names.get(address) || address);

  function describe(e) {
    if (e.aggressorName) names.set(e.aggressor, e.aggressorName);
    if (e.defenderName) names.set(e.defender, e.defenderName);
    const a = name(e.aggressor, e.aggressorName);
    const d = name(e.defender, e.defenderName);
    switch (e.type) {
      case 'warDeclared': {
        // The war says so itself: the aggressor broke an alliance with the defender within the window.
        if (e.betrayal) return ['dagger', 'betrayal', `BETRAYAL — ${a} turns on former ally ${d}`];
        return ['swords', 'war', `${a} declares war on ${d}${e.reason ? ` — “${e.reason}”` : ''}`];
      }
      case 'warAccepted':
        return ['flag', 'war', `${d} accepts the challenge from ${a}`];
      case 'warDeclined':
        return ['flag', 'muted', `${d} declines war with ${a}`];
      case 'battleScheduled':
        return null;
      case 'warJoined': {
        const [ally, enemy] = e.side === 'attacker' ? [a, d] : [d, a];
        return ['shield', 'war', `${name(e.supporter, e.supporterName)} joins ${ally} against ${enemy}`];
      }
      case 'battleResolved': {
        const winner = e.winner === e.aggressor ? a : d;
        const loser = e.winner === e.aggressor ? d : a;
        return ['crown', 'victory', `${winner} defeats ${loser}${e.territory ? ` · +${compact(e.territory)} territory` : ''}`];
      }
      case 'warConcluded':
        if (e.outcome === 'peace') return ['dove', 'peace', `Peace between ${a} and ${d}`];
        if (e.outcome === 'surrender') return ['flag', 'victory', `${e.winner === e.aggressor ? d : a} surrenders to ${e.winner === e.aggressor ? a : d}`];
        return null;
      case 'allianceFormed':
        return ['handshake', 'alliance', `Alliance ${e.name} formed`];
      case 'allianceJoined':
        return ['handshake', 'alliance', `${name(e.nation)} joins ${e.name}`];
      case 'allianceLeft':
        return ['dagger', 'muted', `${name(e.nation)} leaves ${e.name}`];
      case 'allianceDissolved':
        return ['handshake', 'muted', `Alliance ${e.name} dissolved`];
      case 'electionResult':
      case 'electionDecided':
        return ['ballot', 'election', `New leader elected${e.winner ? ` (${e.winner})` : ''}`];
      case 'electionOpened':
        return ['ballot', 'election', 'Elections open'];
      case 'seasonPhase':
        return ['hourglass', 'season', `Season ${e.season ?? ''} — ${e.phase ?? ''}`];
      case 'seasonReset':
        return ['hourglass', 'season', `Season ${e.season} begins${e.theme ? `: ${e.theme}` : ''}`];
      default:
        return null;
    }
  }

  function concerns(e) {
    if (!follow) return true;
    return e.aggressor === follow || e.defender === follow || e.nation === follow || e.supporter === follow || (e.members || []).includes(follow);
  }

  function push(wire, missed) {
    const e = { ...wire.event, at: wire.event.at || wire.at };
    if (!concerns(e)) return;
    const described = describe(e);
    if (!described) return;
    const [glyph, tone, text] = described;
    idle.remove();
    const item = el('div', `ticker-item tone-${tone}${missed ? '' : ' fresh'}`);
    item.append(icon(glyph), el('span', 'ticker-text', text));
    items.prepend(item);
    while (items.children.length > KEEP) items.lastChild.remove();
  }

  const rooms = [{ room: 'global', history: KEEP }];
  const token = params.get('token');
  if (follow && token) rooms.push({ room: follow });
  start({
    rooms,
    token: token || undefined,
    onView() {},
    onEvent(wire, { missed }) {
      push(wire, missed);
    },
  });
})();
