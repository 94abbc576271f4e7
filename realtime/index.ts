// The realtime gateway and its overlays (DESIGN §7).
export { Gateway, DEFAULT_POLICY, MAX_PACKET_BYTES, type GatewayOptions } from './gateway.ts';
export { gatewayRole, type GatewayRoleOptions } from './role.ts';
export { nationLinks, nationId, DEFAULT_LINK_TTL_MS, OVERLAY_KINDS, type NationLinks, type OverlayLink, type OverlayKind } from './links.ts';
export { signToken, verifyToken, type Grant } from './tokens.ts';
export { gatewaySecret, overlayBaseUrl } from './secret.ts';
export { parseRoom, isPrivate, BOARDS, type Room, type Board } from './rooms.ts';
export { RealtimeError, RealtimeErrorCodes, type RealtimeErrorCode } from './errors.ts';
export type { Cursor, JoinAnswer, WireEvent, WireView } from './protocol.ts';
export type { RoomView, WarView, NationView, BoardView } from './views.ts';
