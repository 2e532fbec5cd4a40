// Development: the server in watch mode on :3000 and Vite on :5173 (proxying /api and /socket.io).
import { spawn } from 'node:child_process';
import { root } from './lib.mjs';

const children = [
  spawn('pnpm', ['--filter', '@advocate-hub/server', 'dev'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'development' },
  }),
  spawn('pnpm', ['--filter', '@advocate-hub/web', 'dev'], { cwd: root, stdio: 'inherit' }),
];
console.log('dev: open http://localhost:5173 (API on :3000)');
let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500);
};
for (const c of children) c.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
