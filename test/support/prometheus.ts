/** A scrape of Prometheus text: metric families declared (`# TYPE`) and samples by name and labels. */
export interface Scrape {
  types: Map<string, string>;
  /** Every sample whose name is `name` and whose labels include `labels`. */
  samples(name: string, labels?: Record<string, string>): { labels: Record<string, string>; value: number }[];
  /** The sum of those samples (0 when there are none). */
  sum(name: string, labels?: Record<string, string>): number;
}

export async function scrape(url: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return parsePrometheus(await response.text());
}

function parsePrometheus(text: string): Scrape {
  const types = new Map<string, string>();
  const all: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) types.set(type[1] as string, type[2] as string);
    if (!line || line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!sample) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key as string] = value as string;
    all.push({ name: sample[1] as string, labels, value: Number(sample[3]) });
  }
  const samples = (name: string, labels: Record<string, string> = {}) =>
    all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).map(({ labels: l, value }) => ({ labels: l, value }));
  return { types, samples, sum: (name, labels) => samples(name, labels).reduce((n, s) => n + s.value, 0) };
}
