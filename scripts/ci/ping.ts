// Does Postgres / Redis answer at this URL? Uses bare sockets so CI can ask before (and
// regardless of) any package being installed. Usage: node scripts/ci/ping.ts postgres|redis <url>
import { connect } from 'node:net';

const [kind, rawUrl] = process.argv.slice(2);
if ((kind !== 'postgres' && kind !== 'redis') || !rawUrl) {
  console.error('usage: ping.ts postgres|redis <url>');
  process.exit(2);
}
const url = new URL(rawUrl);
const port = Number(url.port || (kind === 'postgres' ? 5432 : 6379));

function startupMessage(user: string, database: string): Buffer {
  const params = Buffer.from(`user\0${user}\0database\0${database}\0\0`);
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + params.length, 0);
  header.writeInt32BE(196608, 4); // protocol 3.0
  return Buffer.concat([header, params]);
}

const socket = connect({ host: url.hostname, port, timeout: 2_000 });
const done = (ok: boolean) => {
  socket.destroy();
  process.exit(ok ? 0 : 1);
};
socket.on('connect', () => {
  if (kind === 'redis') socket.write('PING\r\n');
  else
    socket.write(
      startupMessage(decodeURIComponent(url.username || 'postgres'), url.pathname.slice(1) || 'postgres'),
    );
});
socket.on('data', (data) => {
  // Postgres: 'R' (authentication request/ok). Redis: "+PONG".
  done(kind === 'redis' ? data.toString().startsWith('+PONG') : data[0] === 0x52);
});
socket.on('timeout', () => done(false));
socket.on('error', () => done(false));
