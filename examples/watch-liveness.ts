// Prints every liveness verdict of the tenant as the server decides it, until Ctrl-C.
//   node --import tsx examples/watch-liveness.ts [--url URL] [--token JWT | --api-key KEY]
import { connect } from './options.ts';

const { client, url } = connect('watch-liveness.ts');
const verdicts = client.watchLiveness();
process.once('SIGINT', () => void verdicts.return?.());

console.error(`watching ${url} (Ctrl-C to stop)`);
try {
  // The subscription reconnects by itself if the socket drops (verdicts made meanwhile are not replayed).
  for await (const v of verdicts) {
    console.log(`${v.at}  ${v.verdict.padEnd(9)} ${v.score.toFixed(2)}  face ${v.faceIndex + 1} of session ${v.sessionId}`);
  }
} finally {
  await client.close();
}
