// The gateway's Prometheus metrics, on the process registry (one `/metrics`).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface GatewayMetrics {
  readonly sockets: Gauge;
  readonly rooms: Gauge;
  readonly emitted: Counter<'room_kind'>;
  readonly deliveryLag: Histogram;
  readonly refused: Counter<'reason'>;
  readonly joins: Counter<'room_kind'>;
  readonly feedLeader: Gauge;
}

/** `countRooms` is read at scrape time (rooms come and go with sockets). */
export function createGatewayMetrics(registry: Registry, countRooms: () => number): GatewayMetrics {
  const registers = [registry];
  return {
    sockets: new Gauge({ name: 'gateway_connected_sockets', help: 'Sockets connected to this gateway', registers }),
    rooms: new Gauge({
      name: 'gateway_rooms',
      help: 'Rooms with at least one socket on this gateway',
      registers,
      collect() {
        this.set(countRooms());
      },
    }),
    emitted: new Counter({
      name: 'gateway_events_emitted_total',
      help: 'Public events and view updates this gateway emitted to rooms (reaching sockets on every gateway), by room kind',
      labelNames: ['room_kind'],
      registers,
    }),
    deliveryLag: new Histogram({
      name: 'gateway_delivery_lag_seconds',
      help: 'From the step that produced a public event to its emission to the room',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    refused: new Counter({
      name: 'gateway_refused_total',
      help: 'Handshakes, joins and packets refused, by reason (origin, token, forged, flood, oversized, bad_request, rooms)',
      labelNames: ['reason'],
      registers,
    }),
    joins: new Counter({ name: 'gateway_joins_total', help: 'Rooms joined, by room kind', labelNames: ['room_kind'], registers }),
    feedLeader: new Gauge({ name: 'gateway_feed_leader', help: '1 while this gateway reads the event feed and emits it to every gateway', registers }),
  };
}
