import { describe, expect, it } from 'vitest';
import { base32, sha1, sha256, toHex } from '../../src/cluster/hash.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const twoBlock = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';

describe('sha1 (FIPS 180-4 / RFC 3174 test vectors)', () => {
  it.each([
    ['empty', '', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['abc', 'abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['two blocks', twoBlock, '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
    ['one million a', 'a'.repeat(1_000_000), '34aa973cd4c4daa4f61eeb2bdbad27316534016f'],
  ])('%s', (_name, input, hex) => {
    expect(toHex(sha1(input))).toBe(hex);
  });
});

describe('sha256 (FIPS 180-4 test vectors)', () => {
  it.each([
    ['empty', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['two blocks', twoBlock, '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['one million a', 'a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ])('%s', (_name, input, hex) => {
    expect(toHex(sha256(input))).toBe(hex);
  });

  it('hashes strings as UTF-8 bytes', () => {
    expect(toHex(sha256('é'))).toBe(toHex(sha256(new Uint8Array([0xc3, 0xa9]))));
  });
});

describe('base32 (RFC 4648 §10 test vectors, Go base32.StdEncoding)', () => {
  it.each([
    ['', ''], ['f', 'MY======'], ['fo', 'MZXQ===='], ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI======'],
  ])('%j → %s', (input, out) => {
    expect(base32(enc(input))).toBe(out);
  });
});

describe('kube-proxy chain names', () => {
  // pkg/proxy/iptables/proxier.go portProtoHash: base32(sha256(servicePortName + protocol))[:16].
  // These chain names appear in the iptables-save output of every kubeadm cluster.
  it.each([
    ['default/kubernetes:https', 'tcp', 'NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'JD5MR3NA4I4DYORP'],
  ])('%s %s → KUBE-SVC-%s', (name, protocol, hash) => {
    expect(base32(sha256(name + protocol)).slice(0, 16)).toBe(hash);
  });
});
