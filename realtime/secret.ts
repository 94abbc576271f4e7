// The gateway secret and public address, resolved the same way for every role
// of a process: the bot's `/overlay` command signs links with the secret the
// gateway checks them with. Without GATEWAY_TOKEN_SECRET a process makes one
// random secret, shared by its roles (so `npm start` works) and lost with it.
import type { EnvConfig } from '../config/index.ts';
import { ephemeralSecret } from './tokens.ts';

let processSecret: string | undefined;

export function gatewaySecret(env: Pick<EnvConfig, 'GATEWAY_TOKEN_SECRET'>): { readonly secret: string; readonly ephemeral: boolean } {
  if (env.GATEWAY_TOKEN_SECRET !== undefined) return { secret: env.GATEWAY_TOKEN_SECRET, ephemeral: false };
  processSecret ??= ephemeralSecret();
  return { secret: processSecret, ephemeral: true };
}

/** Where streamers reach the overlays: GATEWAY_PUBLIC_URL, or this process's own address. */
export function overlayBaseUrl(env: Pick<EnvConfig, 'GATEWAY_PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  return env.GATEWAY_PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`;
}
