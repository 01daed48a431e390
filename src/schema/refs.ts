import type { Person } from '../db/gallery.repository.ts';
import type { AnalysisBatch, FaceRecord, SessionRecord } from '../db/sessions.repository.ts';
import { builder } from './builder.ts';

// The object types that reference each other (a session's faces, a face's person, a person's faces),
// declared once here and implemented in their own files, so those files need not import each other.
export const FaceRef = builder.objectRef<FaceRecord>('Face');
export const PersonRef = builder.objectRef<Person>('Person');
export const AnalysisSessionRef = builder.objectRef<SessionRecord>('AnalysisSession');
export const AnalysisBatchRef = builder.objectRef<AnalysisBatch>('AnalysisBatch');
