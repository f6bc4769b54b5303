// `npm start` ends here: serves dist/ on http://127.0.0.1:PORT (PORT env, default 3000).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serveDirectory } from "./static-server.js";

const root = fileURLToPath(new URL("../../dist/", import.meta.url));
if (!existsSync(`${root}index.html`)) {
  console.error("dist/index.html not found: run `npm run build` first.");
  process.exit(1);
}
const port = Number(process.env.PORT ?? 3000);
const running = await serveDirectory(root, port);
console.log(`LOT-LuCA workspace: ${running.url}/  (Ctrl-C to stop)`);
