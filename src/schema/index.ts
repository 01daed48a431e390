import { builder } from './builder.ts';
import './sessions.ts';
import './analyze.ts';
import './faces.ts';
import './batches.ts';
import './persons.ts';
import './enrollment.ts';
import './recognition.ts';
import './gallery-events.ts';
import './recognition-settings.ts';
import './server-info.ts';
import './audit.ts';
import './api-keys.ts';
import './liveness-sessions.ts';
import './video-analyses.ts';

export const schema = builder.toSchema({ sortSchema: false });
