// Shared by the examples: where the server is and which credential to send, from flags or the environment.
import { parseArgs } from 'node:util';
import { createClient, type FaceSocialClient } from 'facesocial/client';

export interface ExampleArgs {
  client: FaceSocialClient;
  url: string;
  /** The arguments that are not flags. */
  args: string[];
}

/** `--url` (FACESOCIAL_URL), `--token` (FACESOCIAL_TOKEN), `--api-key` (FACESOCIAL_API_KEY), then the positional arguments. */
export function connect(usage: string): ExampleArgs {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string' }, token: { type: 'string' }, 'api-key': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(`usage: ${usage} [--url URL] [--token JWT | --api-key KEY]`);
    process.exit(0);
  }
  const url = values.url ?? process.env.FACESOCIAL_URL ?? 'http://127.0.0.1:4000/graphql';
  const token = values.token ?? process.env.FACESOCIAL_TOKEN;
  const apiKey = values['api-key'] ?? process.env.FACESOCIAL_API_KEY;
  return { client: createClient({ url, token, apiKey }), url, args: positionals };
}
