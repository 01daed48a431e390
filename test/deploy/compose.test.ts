// docker/: every compose file parses and names only scripts, Dockerfiles, files and settings that
// exist; every Dockerfile starts an entry file of the repository. Also the settings of .env.example
// and of the k8s ConfigMap, Secrets and container env.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { isRecord, loadK8sDocuments, records, repoRoot, type Json } from './manifest-files.ts';

const dockerDir = join(repoRoot, 'docker');
const pkg: unknown = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const scripts = isRecord(pkg) && isRecord(pkg.scripts) ? pkg.scripts : {};
const dependencies = isRecord(pkg) && isRecord(pkg.dependencies) ? pkg.dependencies : {};

/** The configuration's keys, read from the zod object of src/config/config.ts (it exports no key list). */
function settingNames(): Set<string> {
  const source = readFileSync(join(repoRoot, 'src/config/config.ts'), 'utf8');
  const schema = /const configSchema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? '';
  const keys = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] ?? '');
  // Settings that may come from a file named by KEY_FILE (Docker and Kubernetes secrets).
  const fileKeys = [...(/const secretKeys = \[([^\]]*)\]/.exec(source)?.[1]?.matchAll(/'([A-Z0-9_]+)'/g) ?? [])].map((m) => `${m[1]}_FILE`);
  return new Set([...keys, ...fileKeys]);
}
const settings = settingNames();

interface ComposeFile {
  file: string;
  services: [string, Json][];
}
const composeFiles: ComposeFile[] = readdirSync(dockerDir)
  .filter((f) => /^compose.*\.ya?ml$/.test(f))
  .sort()
  .map((f) => {
    // Merge keys (`<<: *env`) as Compose reads them.
    const doc: unknown = parse(readFileSync(join(dockerDir, f), 'utf8'), { merge: true });
    if (!isRecord(doc) || !isRecord(doc.services)) throw new Error(`docker/${f}: no services`);
    return { file: `docker/${f}`, services: Object.entries(doc.services).filter((e): e is [string, Json] => isRecord(e[1])) };
  });

const words = (value: unknown): string => (Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '');
/** The Dockerfile a service builds, relative to the repository root, or null for an image-only service. */
function dockerfileOf(service: Json): string | null {
  const build = service.build;
  if (build === undefined) return null;
  const context = resolve(dockerDir, typeof build === 'string' ? build : isRecord(build) && typeof build.context === 'string' ? build.context : '.');
  const file = isRecord(build) && typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
  return relative(repoRoot, resolve(context, file));
}
const envNames = (env: unknown): string[] => (Array.isArray(env) ? env.map((e) => String(e).split('=')[0] ?? '') : isRecord(env) ? Object.keys(env) : []);

const dockerfiles = readdirSync(dockerDir)
  .filter((f) => f.startsWith('Dockerfile'))
  .map((f) => `docker/${f}`);

describe('docker/ and deployment settings', () => {
  it('finds the compose files and the three Dockerfiles', () => {
    expect(composeFiles.map((c) => c.file)).toEqual(
      expect.arrayContaining(['docker/compose.yml', 'docker/compose.dev.yml', 'docker/compose.prod.yml', 'docker/compose.ha.yml']),
    );
    expect(dockerfiles.sort()).toEqual(['docker/Dockerfile.api', 'docker/Dockerfile.worker', 'docker/Dockerfile.worker-cuda']);
  });

  it.each(composeFiles)('$file runs existing npm scripts, Dockerfiles and files', ({ file, services }) => {
    for (const [name, service] of services) {
      const command = `${words(service.entrypoint)} ${words(service.command)}`;
      for (const [, script] of command.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(scripts), `${file} ${name}: npm run ${script}`).toContain(script);
      const dockerfile = dockerfileOf(service);
      if (dockerfile) expect(existsSync(join(repoRoot, dockerfile)), `${file} ${name}: ${dockerfile}`).toBe(true);
      // Bind mounts of files in the repository (secrets are made at deployment, see compose.prod.yml).
      for (const volume of Array.isArray(service.volumes) ? service.volumes : []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : undefined;
        if (source?.startsWith('.') && !source.includes('secrets')) expect(existsSync(resolve(dockerDir, source)), `${file} ${name}: ${source}`).toBe(true);
      }
    }
  });

  it.each(composeFiles)('$file sets only configuration settings on the app containers', ({ file, services }) => {
    for (const [name, service] of services.filter(([, s]) => dockerfileOf(s) !== null))
      for (const key of envNames(service.environment)) expect(settings, `${file} ${name}: ${key}`).toContain(key);
  });

  it('requires auth in compose.prod.yml: a JWT secret file, issuer and audience, never AUTH_DISABLED', () => {
    const prod = composeFiles.find((c) => c.file === 'docker/compose.prod.yml');
    const api = prod?.services.find(([name]) => name === 'api')?.[1];
    const env = isRecord(api?.environment) ? api.environment : {};
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['AUTH_JWT_SECRET_FILE', 'AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE']));
    for (const [, service] of prod?.services ?? []) expect(envNames(service.environment)).not.toContain('AUTH_DISABLED');
  });

  it('passes WebSockets and video-sized bodies (MAX_VIDEO_BYTES, 500 MiB, and the operation) through the compose.ha.yml load balancer', () => {
    const conf = readFileSync(join(dockerDir, 'nginx/nginx.conf'), 'utf8');
    expect(Number(/client_max_body_size (\d+)m;/.exec(conf)?.[1]) * 1024 * 1024).toBeGreaterThan(loadConfig({}).MAX_VIDEO_BYTES);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
  });

  it.each(dockerfiles)('%s starts an entry file of the repository with production dependencies and probes /health/live', (file) => {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const cmds = [...text.matchAll(/^CMD (\[.*\])$/gm)].map((m) => m[1] ?? '');
    const cmd: unknown = JSON.parse(cmds.at(-1) ?? 'null');
    expect(Array.isArray(cmd), 'CMD in exec form').toBe(true);
    const args = (Array.isArray(cmd) ? cmd : []).map(String);
    const entries = args.filter((a) => /\.(ts|mjs|js)$/.test(a));
    expect(entries.length, 'an entry file').toBe(1);
    for (const entry of entries) expect(existsSync(join(repoRoot, entry)), entry).toBe(true);
    // `--import tsx` must survive `npm prune --omit=dev`.
    for (const [i, arg] of args.entries()) if (arg === '--import') expect(Object.keys(dependencies)).toContain(args[i + 1]);
    expect(text).toMatch(/^HEALTHCHECK [\s\S]*\/health\/live/m);
    expect(text).toMatch(/^USER node$/m);
    // ENV names are settings, but for onnxruntime-node's installer switch (read at npm ci only).
    for (const [, pairs] of text.matchAll(/^ENV (.+)$/gm))
      for (const name of (pairs ?? '').split(' ').map((p) => p.split('=')[0] ?? ''))
        if (name !== 'ONNXRUNTIME_NODE_INSTALL') expect(settings, `${file}: ENV ${name}`).toContain(name);
    for (const [, sources] of text.matchAll(/^COPY (?!--from)(.+) \S+$/gm))
      for (const source of (sources ?? '').split(' ')) expect(existsSync(join(repoRoot, source)), `${file}: COPY ${source}`).toBe(true);
  });

  it('lists only configuration settings in .env.example', () => {
    const names = [...readFileSync(join(repoRoot, '.env.example'), 'utf8').matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(settings, `.env.example: ${name}`).toContain(name);
  });

  it('sets only configuration settings in the k8s ConfigMap, Secrets and container env', () => {
    expect(settings.size, 'settings parsed from config.ts').toBeGreaterThan(50);
    for (const { file, kind, body } of loadK8sDocuments()) {
      const keys: string[] = [];
      if (kind === 'ConfigMap' || kind === 'Secret')
        for (const field of ['data', 'stringData']) keys.push(...(isRecord(body[field]) ? Object.keys(body[field]) : []));
      if (kind === 'Deployment' || kind === 'Job') {
        const template = isRecord(body.spec) && isRecord(body.spec.template) ? body.spec.template : {};
        const containers = isRecord(template.spec) ? records(template.spec.containers) : [];
        // npm's own settings (npm_config_*) are npm's, not the app's.
        keys.push(...containers.flatMap((c) => records(c.env).map((e) => String(e.name))).filter((n) => !n.startsWith('npm_config_')));
      }
      for (const key of keys) expect(settings, `${file} ${kind}: ${key}`).toContain(key);
    }
  });
});
