import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { CreatePersonMutation, EnrollFaceMutation, PersonsQuery, type EnrolledFace, type PersonSummary } from './api.ts';
import { errorOf } from './client.ts';
import { humanize, score } from './format.ts';

type Outcome =
  | { kind: 'busy'; fileName: string }
  | { kind: 'enrolled'; fileName: string; face: EnrolledFace }
  | { kind: 'refused'; fileName: string; code: string; message: string; issues: string[] };

/** The tenant's gallery: persons with their enrolled faces, a form to create one, enrollment per person with its refusals. */
export function PersonsPage() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: PersonsQuery });
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [, enrollFace] = useMutation(EnrollFaceMutation);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const enroll = (person: PersonSummary, file: File, checkLiveness: boolean) => {
    const set = (outcome: Outcome) => setOutcomes((current) => ({ ...current, [person.id]: outcome }));
    set({ kind: 'busy', fileName: file.name });
    void enrollFace({ personId: person.id, image: file, checkLiveness }).then(({ data: enrolled, error: refused }) => {
      if (enrolled) {
        set({ kind: 'enrolled', fileName: file.name, face: enrolled.enrollFace });
        reload();
      } else {
        const { code, message, issues } = refused ? errorOf(refused) : { code: 'NO_ANSWER', message: 'The server sent no result.', issues: [] };
        set({ kind: 'refused', fileName: file.name, code, message, issues });
      }
    });
  };

  const persons = data?.persons.edges.map((e) => e.node) ?? [];
  return (
    <section aria-labelledby="persons-title">
      <div className="list-head">
        <h1 id="persons-title">Persons</h1>
        <button type="button" className="link" onClick={reload}>
          Refresh
        </button>
      </div>
      <CreatePerson onCreated={reload} />
      {error && (
        <p className="notice error" role="alert">
          <strong>{errorOf(error).code}</strong> {errorOf(error).message}
        </p>
      )}
      {!fetching && !error && persons.length === 0 && <p className="muted">Nobody is enrolled yet: create a person, then enroll a photo of their face.</p>}
      <ul className="persons">
        {persons.map((person) => (
          <PersonRow key={person.id} person={person} outcome={outcomes[person.id]} onEnroll={enroll} />
        ))}
      </ul>
    </section>
  );
}

function CreatePerson({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [externalId, setExternalId] = useState('');
  const [{ fetching, error }, createPerson] = useMutation(CreatePersonMutation);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void createPerson({ name: name.trim(), externalId: externalId.trim() || null }).then(({ data }) => {
      if (!data) return;
      setName('');
      setExternalId('');
      onCreated();
    });
  };
  return (
    <form className="panel create-person" onSubmit={submit} aria-label="Create a person">
      <label>
        <span>Name</span>
        <input name="name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={256} placeholder="Ada Lovelace" />
      </label>
      <label>
        <span>
          External ID <span className="muted">(optional)</span>
        </span>
        <input name="externalId" value={externalId} onChange={(event) => setExternalId(event.target.value)} maxLength={256} placeholder="emp-42" />
      </label>
      <button type="submit" className="primary" disabled={fetching || name.trim() === ''}>
        Create person
      </button>
      {error && (
        <p className="notice error full" role="alert">
          <strong>{errorOf(error).code}</strong> {errorOf(error).message}
        </p>
      )}
    </form>
  );
}

function PersonRow(props: {
  person: PersonSummary;
  outcome: Outcome | undefined;
  onEnroll: (person: PersonSummary, file: File, checkLiveness: boolean) => void;
}) {
  const { person, outcome, onEnroll } = props;
  const [checkLiveness, setCheckLiveness] = useState(false);
  const inputId = `enroll-${person.id}`;
  return (
    <li className="panel person" data-testid="person" data-person={person.name}>
      <div className="person-head">
        <span className="avatar" aria-hidden="true">
          {initials(person.name)}
        </span>
        <div>
          <h3>{person.name}</h3>
          <p className="muted small">
            {person.externalId ? `${person.externalId} · ` : ''}
            <span data-testid="face-count">
              {person.faces.length} {person.faces.length === 1 ? 'face' : 'faces'}
            </span>
            {person.faces.length > 0 && ` · quality ${person.faces.map((f) => (f.quality ? score(f.quality.score) : '—')).join(', ')}`}
          </p>
        </div>
        <div className="enroll">
          <label className="check small">
            <input type="checkbox" checked={checkLiveness} onChange={(event) => setCheckLiveness(event.target.checked)} /> check liveness
          </label>
          <label className={outcome?.kind === 'busy' ? 'button disabled' : 'button'} htmlFor={inputId}>
            Enroll a face…
          </label>
          <input
            id={inputId}
            className="visually-hidden"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            disabled={outcome?.kind === 'busy'}
            data-testid="enroll-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) onEnroll(person, file, checkLiveness);
            }}
          />
        </div>
      </div>
      {outcome && <EnrollmentOutcome outcome={outcome} />}
    </li>
  );
}

function EnrollmentOutcome({ outcome }: { outcome: Outcome }) {
  switch (outcome.kind) {
    case 'busy':
      return <p className="outcome muted">Enrolling {outcome.fileName}…</p>;
    case 'enrolled':
      return (
        <p className="outcome notice ok" data-testid="enroll-outcome" data-outcome="enrolled">
          <strong>Enrolled</strong> {outcome.fileName}
          {outcome.face.quality && ` · quality ${score(outcome.face.quality.score)}`}
          {outcome.face.liveness && ` · ${humanize(outcome.face.liveness.verdict)} ${score(outcome.face.liveness.score)}`}
        </p>
      );
    case 'refused':
      return (
        <p className="outcome notice error" role="alert" data-testid="enroll-outcome" data-outcome="refused" data-code={outcome.code}>
          <strong>Refused: {outcome.code}</strong> {outcome.message}
          {outcome.issues.map((issue) => (
            <span key={issue} className="chip">
              {humanize(issue)}
            </span>
          ))}
        </p>
      );
  }
}

const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
