/**
 * Serves the built workspace (dist/) on the loopback interface only. Used by
 * `npm start` and by the browser tests. The server sends a Content-Security-Policy
 * that forbids every other origin, so a page that tried to reach one would fail
 * loudly in the browser instead of leaking a request.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sirv from "sirv";

/** Same-origin only: scripts, workers, wasm, styles, images, fetches. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob: data:",
].join("; ");

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function serveDirectory(root: string, port = 0, host = "127.0.0.1"): Promise<RunningServer> {
  const files = sirv(root, { dev: false, etag: true, extensions: ["html"] });
  const server = createServer((req, res) => {
    res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    res.setHeader("Referrer-Policy", "no-referrer");
    files(req, res, () => {
      res.statusCode = 404;
      res.end("Not found");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
