// Serves the tRPC handler over real HTTP on a free port, as the editor's production server does, for tests
// that need what only HTTP has: cookies, batches, headers, status codes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '@claimline/db';
import { serveTrpcRequest } from '../node-http.ts';

export interface HttpServer {
  base: string;
  close: () => Promise<void>;
}

export async function serveTrpc(db: Db): Promise<HttpServer> {
  const server = createServer((req, res) => void serveTrpcRequest(req, res, db));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export interface Call {
  path: string;
  input: unknown;
}

/** One raw tRPC request (a batch when given several calls), as a browser or a script could send it. */
export async function post(
  base: string,
  calls: Call[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; setCookies: string[] }> {
  const batch = calls.length > 1;
  const url = `${base}/api/trpc/${calls.map((c) => c.path).join(',')}${batch ? '?batch=1' : ''}`;
  const body = batch ? Object.fromEntries(calls.map((c, i) => [i, c.input])) : calls[0]!.input;
  const res = await fetch(url, { method: 'POST', headers: { origin: base, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, setCookies: res.headers.getSetCookie() };
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a browser would send them back. */
export function cookieJar(setCookies: string[], jar: Map<string, string> = new Map()): Map<string, string> {
  for (const c of setCookies) {
    const pair = c.split(';')[0]!;
    const i = pair.indexOf('=');
    const name = pair.slice(0, i);
    const value = pair.slice(i + 1);
    if (value && !/Max-Age=0\b/i.test(c)) jar.set(name, value);
    else jar.delete(name);
  }
  return jar;
}

export const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
