import type { SessionFace } from '../client/index.ts';

type Box = SessionFace['box'];

/**
 * A plain-text table: a header, a rule, then the rows, columns padded to their widest cell. A row may
 * have fewer cells (an error message in place of the results): its last cell runs on unpadded.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (i < row.length - 1 || row.length === header.length ? (row[i] ?? '').length : 0))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const NONE = '-';

export const fixed = (value: number | null | undefined, digits = 2): string => (value === null || value === undefined ? NONE : value.toFixed(digits));

export const percent = (value: number): string => `${(value * 100).toFixed(value < 0.01 && value > 0 ? 2 : 1)}%`;

export const formatBox = (box: Box): string => `${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}x${Math.round(box.height)}`;

/** The table cells of one face of an analysed image (a dash where the stage did not run). */
export function faceCells(face: SessionFace): string[] {
  const identity = face.identity;
  let who = NONE;
  if (identity) {
    who = identity.decision === 'MATCH' && identity.person ? `${identity.person.name} (${fixed(identity.similarity)})` : identity.decision;
  }
  const quality = face.quality ? `${fixed(face.quality.score)}${face.quality.issues.length ? ` ${face.quality.issues.join(',')}` : ''}` : NONE;
  return [
    formatBox(face.box),
    face.liveness ? `${face.liveness.verdict} ${fixed(face.liveness.score)}` : NONE,
    quality,
    face.ageGender ? `${face.ageGender.age} ${face.ageGender.gender}` : NONE,
    face.deepfake ? `${face.deepfake.verdict} ${fixed(face.deepfake.score)}` : NONE,
    who,
  ];
}
