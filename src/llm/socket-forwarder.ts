/**
 * The program run first inside a network-less sandbox (bubblewrap `--unshare-net`): it listens on the
 * sandbox's own loopback and pipes each connection to the model proxy's Unix socket (bound in from
 * outside), then starts the agent and exits with its code. The agent can reach the proxy and nothing else.
 * It is passed to `node -e` (argv: socket, port, agent argv...), so it needs no file of its own that the
 * sandbox would have to be able to read, whether ci-autofix runs from dist/ or from source.
 */
export const FORWARDER_SCRIPT = `
const net = require('node:net');
const { spawn } = require('node:child_process');
const [socket, port, ...argv] = process.argv.slice(1);
const server = net.createServer((c) => {
  const u = net.connect(socket);
  c.pipe(u);
  u.pipe(c);
  c.on('error', () => u.destroy());
  u.on('error', () => c.destroy());
});
server.on('error', (e) => {
  console.error('ci-autofix forwarder: ' + e.message);
  process.exit(125);
});
server.listen(Number(port), '127.0.0.1', () => {
  const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit' });
  child.on('error', (e) => {
    console.error(e.message);
    process.exit(127);
  });
  child.on('exit', (code) => process.exit(code === null ? 1 : code));
});
`;

/** The port the forwarder listens on inside the sandbox (its network namespace is its own). */
export const FORWARDER_PORT = 47_611;
