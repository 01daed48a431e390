import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { metricCatalog } from '../../src/observability/metric-catalog.ts';

// monitoring/ (alert and recording rules, Grafana dashboards) may name only metrics something
// registers: a renamed metric otherwise leaves an alert that never fires and an empty panel.
// promtool (scripts/check-monitoring.sh) checks syntax and alert behaviour; this checks names.

const root = fileURLToPath(new URL('../../', import.meta.url));
const monitoring = join(root, 'monitoring');
const ruleFiles = readdirSync(join(monitoring, 'rules'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => join(monitoring, 'rules', f));
const dashboardFiles = ['service_overview.json', 'biometric_metrics.json'].map((f) => join(monitoring, 'grafana', 'dashboards', f));

// ---- What the code (and the exporters) register: name -> label names, or null where not tracked.

/** Labels every scraped series has: Prometheus' target labels and metrics.ts's default label. */
const targetLabels = ['job', 'instance', 'role'];
const known = new Map<string, readonly string[] | null>();
function register(name: string, type: string, labels: readonly string[] | null): void {
  known.set(name, labels);
  if (type === 'histogram') known.set(`${name}_bucket`, labels && [...labels, 'le']);
  if (type === 'histogram' || type === 'summary') {
    known.set(`${name}_sum`, labels);
    known.set(`${name}_count`, labels);
  }
}
for (const [name, spec] of Object.entries(metricCatalog)) register(name, spec.type, spec.labels);

// prom-client's process_* and nodejs_* defaults, read from prom-client itself.
const defaults = new Registry();
collectDefaultMetrics({ register: defaults });
for (const m of await defaults.getMetricsAsJSON()) register(m.name, String(m.type), null);

// @graphql-yoga/plugin-prometheus (and @envelop/prometheus under it): their default metric names.
const operation = ['operationType', 'operationName'];
for (const h of ['parse', 'validate', 'context', 'execute', 'subscribe']) register(`graphql_envelop_phase_${h}`, 'histogram', operation);
register('graphql_envelop_request_duration', 'histogram', operation);
register('graphql_envelop_execute_resolver', 'histogram', [...operation, 'fieldName', 'typeName', 'returnType']);
register('graphql_envelop_request_time_summary', 'summary', operation);
register('graphql_envelop_request', 'counter', operation);
register('graphql_envelop_error_result', 'counter', [...operation, 'path', 'phase']);
register('graphql_envelop_deprecated_field', 'counter', [...operation, 'fieldName', 'typeName']);
register('graphql_envelop_schema_change', 'counter', []);
register('graphql_yoga_http_duration', 'histogram', [...operation, 'method', 'statusCode', 'url']);
register('up', 'gauge', []);

/** Exporter metrics the rules and dashboards use (postgres-exporter, redis_exporter, dcgm-exporter): each one listed. */
const exporterMetrics = [
  'pg_up',
  'pg_stat_activity_count',
  'pg_settings_max_connections',
  'redis_up',
  'redis_memory_used_bytes',
  'redis_memory_max_bytes',
  'redis_total_system_memory_bytes',
  'DCGM_FI_DEV_GPU_UTIL',
];
for (const name of exporterMetrics) register(name, 'gauge', null);

// ---- PromQL: the metric selectors of an expression.

interface Selector {
  name: string;
  labels: string[];
}

/** Aggregations and operators written as words (not followed by `(` where they take a label list). */
const keywords = new Set(
  'and or unless bool offset sum min max avg count stddev stdvar topk bottomk quantile count_values group limitk limit_ratio inf nan atan2'.split(' '),
);
/** Words followed by a list of label names, not of expressions. */
const labelLists = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** The index just past the quoted string that starts at `start` (PromQL strings: "...", '...' with escapes, `...` raw). */
function stringEnd(expr: string, start: number): number {
  const quote = expr.charAt(start);
  for (let i = start + 1; i < expr.length; i++) {
    if (expr.charAt(i) === '\\' && quote !== '`') i++;
    else if (expr.charAt(i) === quote) return i + 1;
  }
  throw new Error(`unterminated string in: ${expr}`);
}

/** The index of the bracket that closes the one opened at `start` (skipping quoted strings). */
function closing(expr: string, start: number, open: string, close: string): number {
  let depth = 0;
  for (let i = start; i < expr.length; i++) {
    const c = expr.charAt(i);
    if (c === '"' || c === "'" || c === '`') i = stringEnd(expr, i) - 1;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
  }
  throw new Error(`unbalanced ${open} in: ${expr}`);
}

/** Metric names (with the label names of their `{...}` matchers) in a PromQL expression. */
function selectors(expr: string): Selector[] {
  const found: Selector[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr.charAt(i);
    const rest = expr.slice(i);
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(expr, i);
    } else if (c === '[') {
      i = closing(expr, i, '[', ']') + 1; // ranges and subqueries: durations, $__rate_interval
    } else if (c === '{') {
      const end = closing(expr, i, '{', '}');
      // A matcher without a metric name before it ({job="x"}) selects by labels only: nothing to check.
      i = end + 1;
    } else if (/[0-9.]/.test(c)) {
      i += /^[\w.]+/.exec(rest)?.[0].length ?? 1; // numbers and durations (0.95, 1e3, 5m)
    } else if (c === '$') {
      i += /^\$\w+/.exec(rest)?.[0].length ?? 1; // Grafana variables
    } else if (/[A-Za-z_:]/.test(c)) {
      const word = /^[A-Za-z_:][\w:]*/.exec(rest)?.[0] ?? c;
      i += word.length;
      const next = /^\s*(.)/.exec(expr.slice(i))?.[1];
      if (labelLists.has(word)) {
        if (next === '(') i = closing(expr, expr.indexOf('(', i), '(', ')') + 1;
      } else if (next !== '(' && !keywords.has(word)) {
        const labels: string[] = [];
        if (next === '{') {
          const open = expr.indexOf('{', i);
          const end = closing(expr, open, '{', '}');
          // Label names are what precedes an operator outside the strings.
          let body = '';
          for (let j = open + 1; j < end;) {
            const d = expr.charAt(j);
            if (d === '"' || d === "'" || d === '`') {
              j = stringEnd(expr, j);
            } else {
              body += d;
              j++;
            }
          }
          labels.push(...[...body.matchAll(/([A-Za-z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1] ?? ''));
          i = end + 1;
        }
        found.push({ name: word, labels });
      }
    } else {
      i++;
    }
  }
  return found;
}

/** What is wrong with an expression's selectors: unknown metrics, labels a metric does not have. */
function problems(expr: string, recorded: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const { name, labels } of selectors(expr)) {
    if (recorded.has(name)) continue;
    if (!known.has(name)) {
      out.push(`unknown metric ${name}`);
      continue;
    }
    const allowed = known.get(name);
    for (const label of labels) if (allowed && !allowed.includes(label) && !targetLabels.includes(label)) out.push(`${name} has no label ${label}`);
  }
  return out;
}

// ---- The files.

const ruleSchema = z.object({
  alert: z.string().optional(),
  record: z.string().optional(),
  expr: z.string(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const ruleFileSchema = z.object({ groups: z.array(z.object({ name: z.string(), rules: z.array(ruleSchema) })) });
type Rule = z.infer<typeof ruleSchema>;

const rulesByFile = new Map(ruleFiles.map((f) => [f, ruleFileSchema.parse(parse(readFileSync(f, 'utf8'))).groups.flatMap((g) => g.rules)]));
const allRules = [...rulesByFile.values()].flat();
const rulesOf = (file: string): Rule[] => rulesByFile.get(join(monitoring, 'rules', file)) ?? [];
const recorded = new Set(allRules.flatMap((r) => (r.record ? [r.record] : [])));

const targetSchema = z.object({ refId: z.string(), expr: z.string().min(1), datasource: z.object({ uid: z.string() }) });
interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: z.infer<typeof targetSchema>[];
  panels?: Panel[];
}
const panelSchema: z.ZodType<Panel> = z.lazy(() =>
  z.object({ id: z.number(), type: z.string(), title: z.string(), targets: z.array(targetSchema).optional(), panels: z.array(panelSchema).optional() }),
);
const dashboardSchema = z.object({
  uid: z.string(),
  title: z.string(),
  schemaVersion: z.number(),
  panels: z.array(panelSchema).min(1),
  templating: z.object({ list: z.array(z.object({ name: z.string(), query: z.union([z.string(), z.object({ query: z.string() })]).optional() })) }).optional(),
});
const dashboards = dashboardFiles.map((f) => ({ file: f, dashboard: dashboardSchema.parse(JSON.parse(readFileSync(f, 'utf8'))) }));
const flatPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => (p.type === 'row' ? flatPanels(p.panels ?? []) : [p]));

describe('PromQL selector extraction', () => {
  it('finds metric names and matcher labels, not functions, keywords, label lists, durations or strings', () => {
    const expr =
      'histogram_quantile(0.95, sum by (le, kind) (rate(foo_bucket{kind="a}b", job=~"x"}[5m]))) > 1e3 and on (instance) bar offset 5m ' +
      'unless sum without (x) (delta(max(baz)[15m:1m])) / ignoring (y) group_left (z) qux:rec:5m{t=~"$tenant"} or vector(0)';
    expect(selectors(expr)).toEqual([
      { name: 'foo_bucket', labels: ['kind', 'job'] },
      { name: 'bar', labels: [] },
      { name: 'baz', labels: [] },
      { name: 'qux:rec:5m', labels: ['t'] },
    ]);
  });

  it('reports a misspelled metric and a label the metric lacks', () => {
    expect(problems('rate(verification_duration_second_bucket[5m])', recorded)).toEqual(['unknown metric verification_duration_second_bucket']);
    expect(problems('false_accept_rate{sorce="live"}', recorded)).toEqual(['false_accept_rate has no label sorce']);
    expect(problems('sum by (le) (rate(verification_duration_seconds_bucket{kind="faces", role="api"}[5m]))', recorded)).toEqual([]);
  });
});

describe('monitoring rules', () => {
  it.each(ruleFiles.map((f) => [f.slice(root.length), f] as const))('%s names only registered metrics and labels', (_, file) => {
    for (const rule of rulesByFile.get(file) ?? []) expect(problems(rule.expr, recorded), rule.alert ?? rule.record).toEqual([]);
  });

  it('gives every alert a severity, a team, a summary and its runbook section', () => {
    const alerts = allRules.filter((r) => r.alert);
    expect(alerts.length).toBeGreaterThan(9);
    for (const rule of alerts) {
      const name = rule.alert ?? '';
      expect(rule.labels?.severity, name).toMatch(/^(critical|warning)$/);
      expect(rule.labels?.team, name).toMatch(/^(security|operations|biometrics)$/);
      expect(rule.annotations?.summary, name).toBeTruthy();
      expect(rule.annotations?.description, name).toBeTruthy();
      expect(rule.annotations?.runbook_url, name).toMatch(new RegExp(`/docs/operations\\.md#${name.toLowerCase()}$`));
    }
  });

  it('has a runbook section in docs/operations.md for every alert (the anchor its runbook_url names)', () => {
    const headings = new Set(
      [...readFileSync(join(root, 'docs/operations.md'), 'utf8').matchAll(/^#{2,4} (\S+)\s*$/gm)].map((m) => (m[1] as string).toLowerCase()),
    );
    const missing = allRules.filter((r) => r.alert && !headings.has(r.alert.toLowerCase())).map((r) => r.alert);
    expect(missing).toEqual([]);
  });

  it('has the biometric alerts and the recording rules the dashboards read', () => {
    expect(rulesOf('biometric_alerts.yml').map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'HighFAR',
        'CriticalEER',
        'HighSeverityFalseAccepts',
        'SpoofingAttackDetected',
        'HighFRR',
        'HighEER',
        'LowLivenessDetectionRate',
        'VerificationLatencyHigh',
        'GPUHighUtilization',
      ]),
    );
    expect(rulesOf('face-recognition-rules.yml').map((r) => r.record)).toEqual(
      expect.arrayContaining([
        'biometric:far:5m',
        'biometric:frr:5m',
        'biometric:eer:5m',
        'biometric:compliance:overall',
        'biometric:latency:p95:5m',
        'biometric:throughput:5m',
      ]),
    );
  });

  it('lists only exporter metrics that something uses', () => {
    const used = new Set(
      [
        ...allRules.map((r) => r.expr),
        ...dashboards.flatMap(({ dashboard }) => flatPanels(dashboard.panels).flatMap((p) => (p.targets ?? []).map((t) => t.expr))),
      ]
        .flatMap(selectors)
        .map((s) => s.name),
    );
    expect(exporterMetrics.filter((m) => !used.has(m))).toEqual([]);
  });
});

describe('Grafana dashboards', () => {
  it.each(dashboards.map((d) => [d.file.slice(root.length), d.dashboard] as const))('%s: panels query registered metrics', (_, dashboard) => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const panels = flatPanels(dashboard.panels);
    expect(new Set(panels.map((p) => p.id)).size, 'unique panel ids').toBe(panels.length);
    for (const panel of panels) {
      expect(panel.targets?.length ?? 0, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.datasource.uid, panel.title).toBe('prometheus');
        expect(problems(target.expr, recorded), `${panel.title}: ${target.expr}`).toEqual([]);
      }
    }
    // Variables: label_values(<selector>, <label>).
    for (const variable of dashboard.templating?.list ?? []) {
      const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
      const m = /^label_values\((.+),\s*(\w+)\)$/.exec(query);
      expect(m, variable.name).not.toBeNull();
      expect(problems(`${m?.[1] ?? ''}{${m?.[2] ?? ''}=""}`, recorded), variable.name).toEqual([]);
    }
  });
});

describe('docker/compose.monitoring.yml', () => {
  it('mounts files that exist', () => {
    const compose = z
      .object({ services: z.record(z.string(), z.object({ volumes: z.array(z.string()).optional() })) })
      .parse(parse(readFileSync(join(root, 'docker', 'compose.monitoring.yml'), 'utf8')));
    const mounts = Object.values(compose.services).flatMap((s) => (s.volumes ?? []).filter((v) => v.startsWith('../')).map((v) => v.split(':')[0] ?? ''));
    expect(mounts.length).toBeGreaterThan(0);
    for (const source of mounts) expect(existsSync(resolve(root, 'docker', source)), source).toBe(true);
  });
});
