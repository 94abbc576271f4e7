// Unit and event glyphs as inline SVG, drawn for 24×24 and filled with
// currentColor, so overlays need no icon font or emoji font on the OBS machine.
'use strict';
(function () {
  const paths = {
    infantry: 'M12 2a4 4 0 0 1 4 4v1h2v2h-2.3A4 4 0 0 1 12 12a4 4 0 0 1-3.7-3H6V7h2V6a4 4 0 0 1 4-4Zm-6 20v-3.5C6 15.5 8.7 14 12 14s6 1.5 6 4.5V22Z',
    armor: 'M4 10h10l1-3h4v2h-3l-.6 1H20a2 2 0 0 1 2 2v3H2v-3a2 2 0 0 1 2-2Zm-1 7h18a2.5 2.5 0 0 1 0 5H3a2.5 2.5 0 0 1 0-5Z',
    aircraft: 'M21 16v-2l-8-5V3.5a1.5 1.5 0 0 0-3 0V9l-8 5v2l8-2.5V19l-2 1.5V22l3.5-1 3.5 1v-1.5L13 19v-5.5Z',
    naval: 'M12 2h1v4h3l1 5h3l-2.5 7H5.5L3 11h4l1-5h3V4h-1Zm-9 18c1.5 0 1.5 1 3 1s1.5-1 3-1 1.5 1 3 1 1.5-1 3-1 1.5 1 3 1 1.5-1 3-1v2c-1.5 0-1.5-1-3-1s-1.5 1-3 1-1.5-1-3-1-1.5 1-3 1-1.5-1-3-1-1.5 1-3 1Z',
    swords: 'M3 3h4l8 8-1.5 1.5L6 5v2L3 4Zm18 0v4l-8 8-1.5-1.5L19 6h-2l3-3ZM5 16l3 3-2 2-1-1-1.5 1.5L2 20l1.5-1.5-1-1Zm14 0 2 2-1 1 1.5 1.5-1.5 1.5-1.5-1.5-1 1-2-2Z',
    crown: 'M3 7l4.5 4L12 4l4.5 7L21 7l-2 11H5Zm2 13h14v2H5Z',
    shield: 'M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5Z',
    handshake: 'M2 10l5-5 4 2 2-1 4 1 5 4-3 4-2-1-3 3a1.5 1.5 0 0 1-2 0l-4-3-1 1-3-1Zm9 7 1.5 1.5L11 20l-2-2Z',
    dagger: 'M20 2 9 13l2 2L22 4V2Zm-12 12-4 4 2 2 4-4Zm-5 5 2 2-2 1Z',
    ballot: 'M4 10h16v12H4Zm3-8h10v6H7Zm2 2v2h6V4Zm-1 9v2h8v-2Z',
    flag: 'M5 2h2v20H5Zm3 1h11l-3 4 3 4H8Z',
    dove: 'M3 14c3 0 5-2 7-5l3-6 2 5 6 1-4 3c-1 6-6 9-11 8l2-3c-2 0-4-1-5-3Z',
    hourglass: 'M6 2h12v4l-4 6 4 6v4H6v-4l4-6-4-6Zm2 2v1.4L12 11l4-5.6V4Z',
    up: 'M12 5l7 9H5Z',
    down: 'M12 19 5 10h14Z',
  };
  function icon(name, className) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', `icon ${className || ''}`);
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', paths[name] || paths.flag);
    svg.appendChild(path);
    return svg;
  }
  window.OverlayIcons = { icon, names: Object.keys(paths) };
})();
