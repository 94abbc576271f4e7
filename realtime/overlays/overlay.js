// Shared by every overlay: reads subject and look from the URL, scales the
// 1920×1080 stage to the browser source, connects (Socket.IO reconnects by
// itself; after a gateway restart the rooms are joined again with a cursor,
// so the overlay gets what it missed), and shows a quiet "reconnecting" pill
// meanwhile. Events already seen (same shard and position) are dropped.
'use strict';
(function () {
  const params = new URLSearchParams(location.search);
  const THEMES = ['midnight', 'daylight', 'ember'];
  const SINCE_MARGIN_MS = 5000; // matches realtime/catch-up.ts
  const stage = document.getElementById('stage');
  const status = document.getElementById('status');

  const theme = THEMES.includes(params.get('theme')) ? params.get('theme') : 'midnight';
  document.body.classList.add(`theme-${theme}`);

  function fit() {
    const asked = Number(params.get('scale'));
    const scale = asked >= 0.25 && asked <= 4 ? asked : Math.min(window.innerWidth / 1920, window.innerHeight / 1080) || 1;
    stage.style.transform = `scale(${scale})`;
  }
  window.addEventListener('resize', fit);
  fit();

  // OBS: pause animations while the source is hidden.
  if (window.obsstudio) {
    window.obsstudio.onVisibilityChange = (visible) => document.body.classList.toggle('paused', !visible);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function compact(n) {
    const value = Number(n) || 0;
    const abs = Math.abs(value);
    if (abs >= 1e6) return `${(value / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
    if (abs >= 1e4) return `${(value / 1e3).toFixed(abs >= 1e5 ? 0 : 1)}k`;
    return value.toLocaleString('en-US');
  }

  function countdown(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (v) => String(v).padStart(2, '0');
    return h >= 48 ? `${Math.floor(h / 24)}d ${pad(h % 24)}h` : `${pad(h)}:${pad(m)}:${pad(s % 60)}`;
  }

  function fatal(message) {
    stage.replaceChildren();
    const panel = el('section', 'panel problem-panel');
    panel.append(el('div', 'problem-title', 'Overlay unavailable'), el('div', 'problem-text', message));
    stage.append(panel);
    setStatus('');
  }

  function setStatus(text) {
    status.textContent = text;
    status.classList.toggle('shown', text !== '');
    document.body.classList.toggle('reconnecting', text !== '');
  }

  /**
   * start({ rooms: [{ room, limit? }], token?, onView(room, view), onEvent(wire, { missed }) })
   */
  function start(options) {
    let offset = 0; // gateway clock minus ours: countdowns follow the game's clock
    const seen = new Set();
    const seenOrder = [];
    const storageKey = `sw-cursors:${location.pathname}${location.search}`;
    let stored = {};
    try {
      stored = JSON.parse(sessionStorage.getItem(storageKey) || '{}');
    } catch (error) {
      stored = {};
    }
    const rooms = new Map(options.rooms.map((entry) => [entry.room, { ...entry, cursor: stored[entry.room] }]));
    const save = () => {
      try {
        sessionStorage.setItem(storageKey, JSON.stringify(Object.fromEntries([...rooms].map(([room, entry]) => [room, entry.cursor]))));
      } catch (error) {
        /* storage may be off in a browser source */
      }
    };
    const sync = (now) => {
      if (typeof now === 'number') offset = now - Date.now();
    };

    function deliver(wire, missed) {
      const key = `${wire.room}|${wire.shard}|${wire.position}`;
      if (seen.has(key)) return;
      seen.add(key);
      seenOrder.push(key);
      if (seenOrder.length > 4000) seen.delete(seenOrder.shift());
      const entry = rooms.get(wire.room);
      if (entry && entry.cursor) {
        const shards = entry.cursor.shards;
        const before = shards[wire.shard];
        if (!before || compareIds(wire.position, before) > 0) shards[wire.shard] = wire.position;
        entry.cursor.since = Math.max(entry.cursor.since, (wire.now || 0) - SINCE_MARGIN_MS);
      }
      options.onEvent(wire, { missed });
    }

    const socket = io({
      path: new URL('../socket.io/', location.href).pathname,
      transports: ['websocket', 'polling'],
      auth: options.token ? { token: options.token } : {},
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
    });

    function join(entry) {
      const request = { room: entry.room };
      if (entry.limit) request.limit = entry.limit;
      if (entry.history && !entry.cursor) request.history = entry.history;
      if (options.token) request.token = options.token;
      if (entry.cursor) request.cursor = entry.cursor;
      socket.timeout(10000).emit('join', request, (error, answer) => {
        if (error) return setTimeout(() => socket.connected && join(entry), 2000);
        if (!answer.ok) return fatal(answer.message);
        sync(answer.now);
        entry.cursor = answer.cursor;
        options.onView(entry.room, answer.view, { now: answer.now });
        for (const wire of answer.missed) deliver(wire, true);
        save();
      });
    }

    socket.on('connect', () => {
      setStatus('');
      // A recovered connection has its rooms and missed packets back already.
      if (!socket.recovered) for (const entry of rooms.values()) join(entry);
    });
    socket.on('disconnect', (reason) => {
      setStatus('reconnecting…');
      // The gateway closed it (a restart): socket.io-client leaves that to us.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000 + Math.random() * 1000);
    });
    socket.on('connect_error', (error) => {
      if (!socket.active) return fatal((error && error.message) || 'the gateway refused this overlay');
      setStatus('reconnecting…');
    });
    socket.on('event', (wire) => {
      sync(wire.now);
      deliver(wire, false);
      save();
    });
    socket.on('view', (update) => {
      sync(update.now);
      if (rooms.has(update.room)) options.onView(update.room, update.view, { now: update.now });
    });
    socket.on('expired', (notice) =>
      fatal(
        notice && notice.code === 'REALTIME_TOKEN_REVOKED'
          ? 'this overlay link was revoked by its nation; ask for a new one with /overlay'
          : 'this overlay link has expired; ask for a new one with /overlay',
      ),
    );
    setStatus('connecting…');
    return { socket, now: () => Date.now() + offset };
  }

  function compareIds(a, b) {
    const [am, as] = a.split('-');
    const [bm, bs] = b.split('-');
    return Number(am) - Number(bm) || (BigInt(as) < BigInt(bs) ? -1 : BigInt(as) > BigInt(bs) ? 1 : 0);
  }

  /** A stable hue per name: each nation keeps its colour on every overlay. */
  function hue(text) {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 360;
    return h;
  }

  window.Overlay = { params, stage, el, compact, countdown, fatal, start, hue, icon: window.OverlayIcons.icon };
})();
