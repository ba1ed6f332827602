// Field checks shared by the kind parsers: strict unknown-field validation, IPv4 addresses,
// CIDRs and IntOrString ports, each reporting the API server's rule in words a student understands.
import { parseCidr, parseIPv4 } from '../model/ip.ts';
import { closest, isIanaSvcName } from './meta.ts';
import type { Fields } from './reader.ts';

/**
 * Reports every key of `f` that is not in `known`. kubectl apply asks the API server for strict
 * field validation, which rejects unknown fields ("strict decoding error: unknown field"), and a
 * misspelt field silently left out would change what the object means (`targetport`, `podselector`).
 */
export function rejectUnknown(f: Fields, known: readonly string[], severity: 'error' | 'warning' = 'error'): void {
  for (const key of Object.keys(f.value)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    f.ctx.report(severity, 'unknown-field', `${f.at(key)} is not a field here${guess ? `: did you mean ${guess}?` : ` (expected one of ${known.join(', ')})`}.`, f.at(key));
  }
}

/**
 * Reports an error at `fields.at(key)` unless `ip` is an IPv4 address, and returns whether it is
 * usable. With `special`, also rejects what the API server refuses for endpoints and external IPs
 * (ValidateEndpointIP, ValidateNonSpecialIP): unspecified, loopback 127/8, link-local 169.254/16 and
 * link-local multicast 224.0.0/24. IPv6 is reported as not simulated.
 */
export function checkIPv4(fields: Fields, key: string, ip: string, opts: { special?: boolean } = {}): boolean {
  const n = parseIPv4(ip);
  if (n === undefined) {
    if (ip.includes(':')) fields.warn(key, 'unsimulated-feature', `${fields.at(key)} "${ip}" is an IPv6 address; the simulator is IPv4-only and ignores it.`);
    else fields.error(key, 'invalid-value', `${fields.at(key)} must be an IPv4 address such as 192.0.2.10, not "${ip}".`);
    return false;
  }
  if (opts.special) {
    const first = n >>> 24;
    const why = n === 0 ? 'the unspecified address' : first === 127 ? 'a loopback address (127.0.0.0/8)'
      : (n >>> 16) === 0xa9fe ? 'a link-local address (169.254.0.0/16)' : (n >>> 8) === 0xe00000 ? 'a link-local multicast address (224.0.0.0/24)' : undefined;
    if (why) {
      fields.error(key, 'invalid-value', `${fields.at(key)} "${ip}" is ${why}, which the API server does not accept here; use an address another machine can reach.`);
      return false;
    }
  }
  return true;
}

/** Reports an error unless `cidr` is an IPv4 CIDR like 10.0.0.0/16 (IPv6 is reported as unsimulated). */
export function checkCidr(fields: Fields, key: string, cidr: string): boolean {
  if (/^\d+\.\d+\.\d+\.\d+\/\d{1,2}$/.test(cidr) && parseCidr(cidr) !== undefined) return true;
  if (cidr.includes(':')) fields.warn(key, 'unsimulated-feature', `${fields.at(key)} "${cidr}" is an IPv6 CIDR; the simulator is IPv4-only and ignores it.`);
  else fields.error(key, 'invalid-value', `${fields.at(key)} must be an IPv4 CIDR such as 10.0.0.0/16, not "${cidr}".`);
  return false;
}

/**
 * An IntOrString port: a number 1–65535 or a container port name (IANA_SVC_NAME). A quoted number
 * ("8080") is a string to the API server and fails the name rules (a name needs a letter), so it is an
 * error here too, with the fix in the message.
 */
export function portOrName(f: Fields, key: string): number | string | undefined {
  const v = f.value[key];
  if (typeof v === 'string' && /^\d+$/.test(v)) {
    f.error(key, 'invalid-value', `${f.at(key)} "${v}" is a quoted number, which Kubernetes reads as a port name; write ${v} without quotes.`);
    return undefined;
  }
  if (typeof v === 'string' && !isIanaSvcName(v)) {
    f.error(key, 'invalid-value', `${f.at(key)} "${v}" is neither a port number nor a valid port name (at most 15 lowercase letters, digits and '-', with at least one letter).`);
    return undefined;
  }
  return f.intOrString(key);
}
