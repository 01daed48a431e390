// Analyses every image in a folder and prints each detected face: box, liveness, age and gender.
//   node --import tsx examples/analyze-folder.ts <dir> [--url URL] [--token JWT | --api-key KEY]
import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { FaceSocialError } from 'facesocial/client';
import { fileFromPath } from 'facesocial/client/node';
import { connect } from './options.ts';

const { client, args } = connect('analyze-folder.ts <dir>');
const [dir] = args;
if (!dir) {
  console.error('usage: analyze-folder.ts <dir>');
  process.exit(1);
}

const images = (await readdir(dir)).filter((name) => ['.jpg', '.jpeg', '.png', '.webp'].includes(extname(name).toLowerCase())).sort();
let failed = 0;
try {
  for (const name of images) {
    try {
      // Upload, follow the progress events until COMPLETED or FAILED, then read the results.
      const session = await client.analyzeAndWait(await fileFromPath(join(dir, name)), { stages: ['ANTI_SPOOFING', 'AGE_GENDER'] });
      if (session.status === 'FAILED') {
        failed++;
        console.log(`${name}: failed (${session.error?.code}: ${session.error?.message})`);
        continue;
      }
      console.log(`${name}: ${session.faces.length} face${session.faces.length === 1 ? '' : 's'}`);
      session.faces.forEach((face, i) => {
        const { x, y, width, height } = face.box;
        const liveness = face.liveness ? `${face.liveness.verdict} (${face.liveness.score.toFixed(2)})` : 'n/a';
        const ageGender = face.ageGender ? `${face.ageGender.age}, ${face.ageGender.gender.toLowerCase()}` : 'n/a';
        console.log(
          `  #${i + 1} box ${Math.round(x)},${Math.round(y)} ${Math.round(width)}x${Math.round(height)}  liveness ${liveness}  age/gender ${ageGender}`,
        );
      });
    } catch (error) {
      // A GraphQL error carries its stable code (BAD_IMAGE, IMAGE_TOO_LARGE, ...).
      if (!(error instanceof FaceSocialError) || error.code === 'NETWORK_ERROR') throw error;
      failed++;
      console.log(`${name}: ${error.code}: ${error.message}`);
    }
  }
} finally {
  await client.close();
}
process.exitCode = failed ? 1 : 0;
