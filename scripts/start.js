// `npm start`: builds the app when there is no build yet, then serves it and the relay on one port.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

const staticDir = process.env.STATIC_DIR ?? 'build';
if (!existsSync(`${staticDir}/200.html`) || !existsSync(`${staticDir}/sw.js`)) {
  console.log('No build found: building the app first (npm run build)…');
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
// The relay runs in this process, so SIGTERM reaches its graceful shutdown directly.
register();
const entry = '../server/main.ts';
await import(entry);
