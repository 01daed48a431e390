/** pgvector's text form: '[0.1,0.2,...]'. */
export function toVectorLiteral(values: readonly number[]): string {
  return `[${values.join(',')}]`;
}

export function parseVectorLiteral(text: string): number[] {
  return text
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map(Number);
}
