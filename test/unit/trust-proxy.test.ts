import { parseTrustProxy } from '../../src/server/config';

describe('TRUST_PROXY', () => {
  test('unset, empty or "false": no proxy is believed', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
  });
  test('names, addresses and subnets as express takes them', () => {
    expect(parseTrustProxy('loopback, 10.0.0.0/8')).toEqual(['loopback', '10.0.0.0/8']);
    expect(parseTrustProxy('fd00::/8,192.168.1.7')).toEqual(['fd00::/8', '192.168.1.7']);
  });
  test('anything else is refused at start with the variable named', () => {
    expect(() => parseTrustProxy('yes please')).toThrow(/TRUST_PROXY names no address or subnet: yes please/);
    expect(() => parseTrustProxy('loopback, proxy.bank.example')).toThrow(/proxy\.bank\.example/);
    expect(() => parseTrustProxy('true')).toThrow(/TRUST_PROXY names no address/);
  });
  test('a hop count is refused: it would believe a client that reaches the server directly', () => {
    expect(() => parseTrustProxy('1')).toThrow(/TRUST_PROXY takes the proxies' addresses, not a hop count \(1\)/);
  });
});
