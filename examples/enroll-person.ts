// Creates a person and enrolls their photos in one request; prints what was enrolled and what was refused.
//   node --import tsx examples/enroll-person.ts <name> <photos...> [--url URL] [--token JWT | --api-key KEY]
import { fileFromPath } from 'facesocial/client/node';
import { connect } from './options.ts';

const { client, args } = connect('enroll-person.ts <name> <photos...>');
const [name, ...photos] = args;
if (!name || photos.length === 0) {
  console.error('usage: enroll-person.ts <name> <photos...>');
  process.exit(1);
}

try {
  const person = await client.createPerson(name);
  const results = await client.enrollFaces(person.id, await Promise.all(photos.map((photo) => fileFromPath(photo))));
  for (const result of results) {
    const photo = photos[result.index];
    if (result.face) console.log(`${photo}: enrolled (quality ${result.face.quality?.score.toFixed(2) ?? 'n/a'})`);
    else console.log(`${photo}: refused, ${result.error?.code}: ${result.error?.message}`);
  }
  const enrolled = results.filter((r) => r.face).length;
  console.log(`${person.name} (${person.id}): ${enrolled} of ${photos.length} photo(s) enrolled`);
  process.exitCode = enrolled > 0 ? 0 : 1;
} finally {
  await client.close();
}
