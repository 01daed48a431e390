// Labels and number formats shared by the views.
import type { Stage } from './api.ts';

const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  DETECTION: 'Detection',
  ANTI_SPOOFING: 'Anti-spoofing',
  ALIGNMENT: 'Alignment',
  LANDMARKS: 'Landmarks',
  QUALITY: 'Quality',
  RECOGNITION: 'Recognition',
  IDENTIFICATION: 'Identification',
  AGE_GENDER: 'Age / gender',
  DEEPFAKE: 'Deepfake',
  EMOTION: 'Emotion',
};

export const stageLabel = (stage: Stage): string => STAGE_LABELS[stage];

/** A 0..1 score with two decimals. */
export const score = (value: number): string => value.toFixed(2);

export const percent = (value: number): string => `${Math.round(value * 100)} %`;

export const milliseconds = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`);

/** ENUM_VALUE → "Enum value". */
export const humanize = (value: string): string => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');

/** A file size: B, KiB or MiB. */
export const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} B`;

export const time = (iso: string): string =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** The colour class of a face's box, landmarks and card (styles.css: .face-c0 … .face-c5). */
export const faceClass = (index: number): string => `face-c${index % 6}`;
