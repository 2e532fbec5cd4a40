import dns from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { WebhookErrorCode } from '@advocate-hub/shared';
import { AppError } from '../../platform/errors.js';

/** A checked target: the URL and the address the hub will connect to (no second DNS answer is asked). */
export interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
}

const refused = (message: string) => new AppError({ code: WebhookErrorCode.targetRefused, status: 422, message });

/** Why an address may not be a webhook's target (null: a public unicast address). */
export function forbiddenRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  // Only globally routed unicast addresses; everything else (loopback, private, link-local with the
  // cloud metadata address, CGNAT, unique-local, unspecified, multicast, reserved, 6to4/Teredo…) is refused.
  return range === 'unicast' ? null : range;
}

/** `host[:port]` entries of WEBHOOK_ALLOW_HOSTS, lower-cased. */
export function parseAllowHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

function allowed(url: URL, allowHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowHosts.some((a) => a === host || a === `${host}:${port}` || a === url.host.toLowerCase());
}

/**
 * Checks a webhook URL (when it is saved, and again before every send): http(s) only; the host
 * resolved, and every address it resolves to must be public unless `host[:port]` is allowed.
 * Answers the address to connect to, so a second DNS answer (rebinding) cannot change the target.
 */
export async function checkTarget(raw: string, allowHosts: readonly string[]): Promise<Target> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused('The webhook URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused('A webhook URL must be http or https');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (ipaddr.isValid(host)) addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  else {
    try {
      addresses = await dns.lookup(host, { all: true, verbatim: true });
    } catch {
      throw refused(`The host ${host} of the webhook URL could not be resolved`);
    }
    if (!addresses.length) throw refused(`The host ${host} of the webhook URL could not be resolved`);
  }
  if (!allowed(url, allowHosts)) {
    for (const a of addresses) {
      const range = forbiddenRange(a.address);
      if (range)
        throw refused(
          `The webhook URL points to ${a.address}, a ${range} address: private, loopback and link-local targets are refused unless ${url.host} is listed in WEBHOOK_ALLOW_HOSTS`,
        );
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A `lookup` for http.request that answers the checked address, whatever DNS says now. */
export function pinnedLookup(target: Target): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}
