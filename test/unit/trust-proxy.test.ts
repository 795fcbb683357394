import { parseTrustProxy } from '../../src/server/config';

describe('TRUST_PROXY', () => {
  test('unset, empty or "false": no proxy is believed', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
  });
  test('a hop count, names and subnets as express takes them', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('loopback, 10.0.0.0/8')).toEqual(['loopback', '10.0.0.0/8']);
    expect(parseTrustProxy('fd00::/8,192.168.1.7')).toEqual(['fd00::/8', '192.168.1.7']);
  });
  test('anything else is refused at start with the variable named', () => {
    expect(() => parseTrustProxy('yes please')).toThrow(/TRUST_PROXY names no address, subnet or hop count: yes please/);
    expect(() => parseTrustProxy('loopback, proxy.bank.example')).toThrow(/proxy\.bank\.example/);
  });
});
