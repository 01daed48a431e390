#!/usr/bin/env node
// The `facesocial` command: runs src/cli/main.ts through tsx (the package has no build step).
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/main.ts', import.meta.url).href);
