/**
 * `IpAddress` / `NotIpAddress`.
 *
 * IAM: "IpAddress: The specified IP address or range"; "If you specify an IP address without a
 * prefix, the default is /32" (IPv4; /128 for IPv6, "IP address condition operators ... support
 * IPv6 addresses"). An IPv4 request address never falls in an IPv6 range and vice versa; an
 * invalid address or range never matches.
 */
import { memo } from '../memo.js';
import type { Operator } from './operator.js';

/** The bytes of an IPv4 (4) or IPv6 (16) address; undefined when invalid. */
export function parseIp(s: string): number[] | undefined {
  const t = s.trim();
  if (t.includes(':')) return parseIpv6(t);
  const parts = t.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out.push(Number(p));
  }
  return out;
}

function parseIpv6(t: string): number[] | undefined {
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as string;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIp(p);
        if (v4?.length !== 4) return undefined;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

interface Range {
  net: number[];
  bits: number;
}

const parseRange = memo((cidr: string): Range | undefined => {
  const slash = cidr.indexOf('/');
  const net = parseIp(slash < 0 ? cidr : cidr.slice(0, slash));
  if (!net) return undefined;
  const bits =
    slash < 0 ? net.length * 8 : /^\d{1,3}$/.test(cidr.slice(slash + 1).trim()) ? Number(cidr.slice(slash + 1)) : -1;
  return bits < 0 || bits > net.length * 8 ? undefined : { net, bits };
});
const parseAddress = memo(parseIp);

/** True when `address` lies in `cidr` (`10.0.0.0/8`, `2001:db8::/32`, or a single address). */
export function ipInRange(address: string, cidr: string): boolean {
  const ip = parseAddress(address);
  const range = parseRange(cidr);
  if (!ip || !range || ip.length !== range.net.length) return false;
  const { net, bits } = range;
  for (let i = 0; i < net.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    if (keep === 0) break;
    const mask = (0xff << (8 - keep)) & 0xff;
    if (((ip[i] as number) & mask) !== ((net[i] as number) & mask)) return false;
  }
  return true;
}

export const IpAddress: Operator = {
  name: 'IpAddress',
  matches: ipInRange,
  negated: false,
  allowsWildcards: false,
  allowsVariables: false,
};
export const NotIpAddress: Operator = {
  name: 'NotIpAddress',
  matches: ipInRange,
  negated: true,
  allowsWildcards: false,
  allowsVariables: false,
};
